/* MUL, int8 (micro/kernels/mul_common.cc, reference/integer_ops/mul.h):
 * (q1 - zp1) * (q2 - zp2) requantized by s1 * s2 / s_out. */
#ifndef HB_K_MUL_H
#define HB_K_MUL_H

#include <stdint.h>

#include "eltwise_bcast.h"

typedef struct {
  hb_bcast4 bc;
  int32_t in1_offset; /* -zero_point of input 1 */
  int32_t in2_offset;
  int32_t out_offset;                /* +zero_point of the output */
  int32_t out_multiplier, out_shift; /* shift may be positive */
  int32_t act_min, act_max;
} hb_mul_params;

#endif
