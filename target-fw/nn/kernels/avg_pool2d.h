/* AVERAGE_POOL_2D (int8), TFLite semantics: the mean of the window's taps that
 * lie inside the input, rounded half away from zero, clamped. Input and
 * output share scale and zero point. Op input 0 = [N,H,W,C]. */
#ifndef HB_KERNELS_AVG_POOL2D_H
#define HB_KERNELS_AVG_POOL2D_H

#include <stdint.h>

typedef struct {
  int32_t filter_h, filter_w;
  int32_t stride_h, stride_w;
  int32_t pad_h, pad_w;
  int32_t act_min, act_max;
} hb_pool2d_params;

typedef hb_pool2d_params hb_avg_pool2d_params;

#endif
