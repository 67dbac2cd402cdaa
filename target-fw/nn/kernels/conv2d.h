/* CONV_2D (int8 activations, int8 weights, int32 bias, per-channel or
 * per-tensor quantization), TFLite semantics.
 * Op inputs: 0 = input [N,H,W,Cin] (arena), 1 = filter [Cout,KH,KW,Cin/groups]
 * (blob). Output [N,OH,OW,Cout]. */
#ifndef HB_KERNELS_CONV2D_H
#define HB_KERNELS_CONV2D_H

#include <stdint.h>

typedef struct {
  int32_t stride_h, stride_w;
  int32_t dilation_h, dilation_w;
  int32_t pad_h, pad_w;     /* top / left, as TFLite's ComputePaddingHeightWidth */
  int32_t input_offset;     /* -input zero point */
  int32_t output_offset;    /* output zero point */
  int32_t act_min, act_max; /* fused activation clamp, in output quanta */
  /* Blob offsets of int32[Cout] arrays. */
  uint32_t bias_off;      /* the bias input (zeros if absent): windows that cross the border */
  uint32_t bias_fold_off; /* bias + input_offset * sum(filter[oc]): windows fully inside */
  uint32_t mult_off;      /* Q31 output multiplier */
  uint32_t shift_off;     /* power-of-two exponent (positive = left) */
} hb_conv2d_params;

#endif
