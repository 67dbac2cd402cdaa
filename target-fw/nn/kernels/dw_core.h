/* The inner loop of DEPTHWISE_CONV_2D with depth multiplier 1: one output
 * pixel, all channels, over the taps of its window that lie inside the
 * input. Those taps form a rectangle of nky x nkx (also with dilation), so
 * the caller passes its first tap and the steps between taps. */
#ifndef HB_KERNELS_DW_CORE_H
#define HB_KERNELS_DW_CORE_H

#include <stdint.h>

#include "conv_core.h"

typedef struct {
  int32_t nky, nkx;     /* taps inside the input */
  int32_t x_kx, x_ky;   /* input bytes from one tap to the next in a row / to the next row's first */
  int32_t w_ky;         /* filter bytes from a row's first tap to the next row's (along a row: ch) */
  int32_t input_offset; /* -input zero point, in [-127, 128] */
} hb_dw_taps;

/* out[c] = requant(o->bias[c] + sum_taps w[c] * (x[c] + input_offset)) for
 * c < ch; x and w point at the first inside tap's channel 0. */
void hb_dw_pixel_ref(const int8_t* x, const int8_t* w, const hb_dw_taps* t, int32_t ch, const hb_conv_out* o,
                     int8_t* out);
/* The same on the DSP extension (kernels/arm/dw_dsp.c). */
void hb_dw_pixel_dsp(const int8_t* x, const int8_t* w, const hb_dw_taps* t, int32_t ch, const hb_conv_out* o,
                     int8_t* out);

static inline void hb_dw_pixel(const int8_t* x, const int8_t* w, const hb_dw_taps* t, int32_t ch, const hb_conv_out* o,
                               int8_t* out) {
#if HB_NN_DSP
  hb_dw_pixel_dsp(x, w, t, ch, o, out);
#else
  hb_dw_pixel_ref(x, w, t, ch, o, out);
#endif
}

#endif
