#include "dw_core.h"

/* Channels accumulated at once: bounded stack use on Cortex-M. */
#define DW_BLOCK 64

void hb_dw_pixel_ref(const int8_t* x, const int8_t* w, const hb_dw_taps* t, int32_t ch, const hb_conv_out* o,
                     int8_t* out) {
  const int16_t io16 = (int16_t)t->input_offset;
  for (int32_t c0 = 0; c0 < ch; c0 += DW_BLOCK) {
    const int32_t cn = ch - c0 < DW_BLOCK ? ch - c0 : DW_BLOCK;
    int32_t acc[DW_BLOCK];
    for (int32_t j = 0; j < cn; ++j) acc[j] = o->bias[c0 + j];
    for (int32_t ky = 0; ky < t->nky; ++ky) {
      for (int32_t kx = 0; kx < t->nkx; ++kx) {
        const int8_t* xc = x + ky * t->x_ky + kx * t->x_kx + c0;
        const int8_t* f = w + ky * t->w_ky + kx * ch + c0;
        /* x + io is in [-255, 255] and |f| <= 128, so each product fits
         * int16: the casts change no value but let the compiler use 16-bit
         * vector multiplies. */
        for (int32_t j = 0; j < cn; ++j) acc[j] += (int16_t)(f[j] * (int16_t)(xc[j] + io16));
      }
    }
    for (int32_t j = 0; j < cn; ++j)
      out[c0 + j] = hb_requant_i8(acc[j], o->mult[c0 + j], o->shift[c0 + j], o->out_off, o->act_min, o->act_max);
  }
}
