/* DEPTHWISE_CONV_2D (int8, per-channel or per-tensor quantization), TFLite
 * semantics. Op inputs: 0 = input [N,H,W,Cin] (arena), 1 = filter
 * [1,KH,KW,Cin*depth_multiplier] (blob). Output [N,OH,OW,Cin*depth_multiplier];
 * output channel oc reads input channel oc / depth_multiplier. */
#ifndef HB_KERNELS_DWCONV2D_H
#define HB_KERNELS_DWCONV2D_H

#include <stdint.h>

typedef struct {
  int32_t stride_h, stride_w;
  int32_t dilation_h, dilation_w;
  int32_t pad_h, pad_w;
  int32_t depth_multiplier;
  int32_t input_offset;  /* -input zero point */
  int32_t output_offset; /* output zero point */
  int32_t act_min, act_max;
  /* Blob offsets of int32[Cout] arrays. */
  uint32_t bias_off; /* zeros if the op has no bias */
  uint32_t mult_off;
  uint32_t shift_off;
} hb_dwconv2d_params;

#endif
