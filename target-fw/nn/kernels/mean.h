/* MEAN, int8, over any subset of the axes of a tensor of up to 4 dims.
 * TFLite Micro's EvalIntegerMean (micro/kernels/reduce_common.cc) has two
 * integer paths and both are reproduced:
 *  - input and output share scale and zero point: reference_ops::Mean sums
 *    the raw int8 values in int32 and divides by the element count with C
 *    integer division (truncation toward zero, no rounding);
 *  - otherwise reference_ops::QuantizedMeanOrSum: sum - zp_in * n, then one
 *    MultiplyByQuantizedMultiplier whose multiplier already has 1/n folded in
 *    (done by the importer with TFLite's integer arithmetic). */
#ifndef HB_K_MEAN_H
#define HB_K_MEAN_H

#include <stdint.h>

enum hb_mean_mode {
  HB_MEAN_SAME_QUANT = 0, /* truncating sum / count */
  HB_MEAN_REQUANT = 1,    /* rescale (sum - zp * count) */
};

typedef struct {
  int32_t in_dims[4];   /* input extended to 4-D, outermost first */
  uint32_t reduce_mask; /* bit d (0 = outermost): dimension d is averaged */
  int32_t mode;         /* enum hb_mean_mode */
  int32_t count;        /* input elements per output element */
  int32_t in_zero_point;
  int32_t out_zero_point;
  int32_t multiplier, shift; /* HB_MEAN_REQUANT only, 1/count included */
} hb_mean_params;

#endif
