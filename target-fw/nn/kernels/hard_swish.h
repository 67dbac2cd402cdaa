/* HARD_SWISH, int8: x * relu6(x + 3) / 6 in TFLite's 16-bit fixed-point
 * formulation (micro/kernels/hard_swish_common.cc, reference/hard_swish.h). */
#ifndef HB_K_HARD_SWISH_H
#define HB_K_HARD_SWISH_H

#include <stdint.h>

typedef struct {
  int32_t in_zero_point;
  int32_t out_zero_point;
  int32_t output_multiplier_fixedpoint_int16; /* Q15, stored widened */
  int32_t output_multiplier_exponent;         /* <= 0 */
  int32_t reluish_multiplier_fixedpoint_int16;
  int32_t reluish_multiplier_exponent;
} hb_hard_swish_params;

#endif
