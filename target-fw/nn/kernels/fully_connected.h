/* FULLY_CONNECTED (int8, per-tensor or per-channel weights), TFLite
 * semantics. Op inputs: 0 = input, read as [batches, depth] (arena),
 * 1 = weights [units, depth] (blob). Output [batches, units]. */
#ifndef HB_KERNELS_FULLY_CONNECTED_H
#define HB_KERNELS_FULLY_CONNECTED_H

#include <stdint.h>

typedef struct {
  int32_t batches, depth, units;
  int32_t output_offset; /* output zero point */
  int32_t act_min, act_max;
  /* Blob offsets of int32[units] arrays. A per-tensor multiplier is
   * repeated for every unit so one loop serves both schemes. */
  uint32_t bias_fold_off; /* bias + input_offset * sum(weights[unit]) */
  uint32_t mult_off;
  uint32_t shift_off;
} hb_fully_connected_params;

#endif
