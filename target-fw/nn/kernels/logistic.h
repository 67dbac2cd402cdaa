/* LOGISTIC, int8 (micro/kernels/logistic_common.cc, reference/integer_ops/
 * logistic.h): the input is rescaled into Q4.27, gemmlowp::logistic gives a
 * Q0.31 result, which is rounded to the fixed output scale 1/256, zp -128.
 * Inputs beyond +-input_range_radius saturate directly. */
#ifndef HB_K_LOGISTIC_H
#define HB_K_LOGISTIC_H

#include <stdint.h>

typedef struct {
  int32_t in_zero_point;
  int32_t input_range_radius; /* CalculateInputRadius(4, input_left_shift, 31) */
  int32_t input_multiplier;   /* frexp mantissa of input_scale * 2^27, Q31 */
  int32_t input_left_shift;   /* its exponent */
} hb_logistic_params;

#endif
