/* ADD, int8: TFLite's general rescaling add (micro/kernels/add_common.cc,
 * reference/integer_ops/add.h). Both inputs are moved to a common scale with
 * 20 bits of headroom, summed, and requantized to the output. */
#ifndef HB_K_ADD_H
#define HB_K_ADD_H

#include <stdint.h>

#include "eltwise_bcast.h"

typedef struct {
  hb_bcast4 bc;
  int32_t in1_offset; /* -zero_point of input 1 */
  int32_t in2_offset;
  int32_t out_offset;                /* +zero_point of the output */
  int32_t left_shift;                /* 20 for int8 */
  int32_t in1_multiplier, in1_shift; /* shifts <= 0 (right shifts) */
  int32_t in2_multiplier, in2_shift;
  int32_t out_multiplier, out_shift;
  int32_t act_min, act_max; /* fused activation clamp, output quantized */
} hb_add_params;

#endif
