/* QUANTIZE (micro/kernels/quantize_common.cc):
 *  - int8/uint8 -> int8/uint8: reference_ops::Requantize, i.e.
 *    MultiplyByQuantizedMultiplier(q - zp_in, in_scale / out_scale) + zp_out;
 *  - float32 -> int8/uint8: reference_ops::AffineQuantize,
 *    round_half_away(x / out_scale) + zp_out, the division in float. */
#ifndef HB_K_QUANTIZE_H
#define HB_K_QUANTIZE_H

#include <stdint.h>

typedef struct {
  int32_t in_zero_point;
  int32_t out_zero_point;
  int32_t multiplier, shift; /* integer inputs only */
  float out_scale;           /* float input only */
} hb_quantize_params;

#endif
