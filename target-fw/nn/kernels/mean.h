/* MEAN, int8, over any subset of the axes of a tensor of up to 4 dims, as
 * TFLite Micro's EvalIntegerMean runs it (micro/kernels/reduce_common.cc ->
 * reference_ops::QuantizedMeanOrSum): sum the raw values in int32, subtract
 * zp_in * count, then one MultiplyByQuantizedMultiplier whose multiplier has
 * 1/count folded in (by the importer, with TFLite's integer arithmetic),
 * plus zp_out. This path is taken even when input and output share their
 * quantization: some TFLM versions divide the raw sum with truncation in that
 * case, but the golden outputs (EfficientNet food-101, whose late SE blocks
 * have identical in/out quantization) match only the rescaling path. */
#ifndef HB_K_MEAN_H
#define HB_K_MEAN_H

#include <stdint.h>

typedef struct {
  int32_t in_dims[4];   /* input extended to 4-D, outermost first */
  uint32_t reduce_mask; /* bit d (0 = outermost): dimension d is averaged */
  int32_t count;        /* input elements per output element */
  int32_t in_zero_point;
  int32_t out_zero_point;
  int32_t multiplier, shift; /* in_scale / (out_scale * count) */
} hb_mean_params;

#endif
