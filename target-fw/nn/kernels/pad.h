/* PAD (int8): constant padding with the output zero point (TFLite PAD with
 * no constant_values). Shapes are right-aligned into 4 dims, outermost first.
 * Op input 0 = the activation; output dims[i] = before[i] + in dims + after[i]. */
#ifndef HB_KERNELS_PAD_H
#define HB_KERNELS_PAD_H

#include <stdint.h>

typedef struct {
  int32_t in_dims[4];
  int32_t before[4], after[4];
  int32_t pad_value;
} hb_pad_params;

#endif
