/* SOFTMAX, int8 -> int8 over the innermost dimension (micro/kernels/
 * softmax_common.cc + reference/softmax.h): differences to the row maximum
 * are rescaled by beta * input_scale into Q5.26, exponentiated with gemmlowp's
 * exp_on_negative_values, summed in Q12.19 and normalised with GetReciprocal.
 * Output scale is 1/256, zero point -128. */
#ifndef HB_K_SOFTMAX_H
#define HB_K_SOFTMAX_H

#include <stdint.h>

typedef struct {
  int32_t outer;            /* rows */
  int32_t depth;            /* innermost dimension */
  int32_t input_multiplier; /* PreprocessSoftmaxScaling(beta, input_scale, 5) */
  int32_t input_left_shift;
  int32_t diff_min; /* -CalculateInputRadius(5, input_left_shift): smaller differences give 0 */
} hb_softmax_params;

#endif
