/* MAX_POOL_2D (int8), TFLite semantics: the max of the window's taps that lie
 * inside the input, clamped. Op input 0 = [N,H,W,C]. */
#ifndef HB_KERNELS_MAX_POOL2D_H
#define HB_KERNELS_MAX_POOL2D_H

#include "avg_pool2d.h"

typedef hb_pool2d_params hb_max_pool2d_params;

#endif
