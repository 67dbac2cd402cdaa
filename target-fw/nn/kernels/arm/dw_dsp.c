/* hb_dw_pixel on the DSP extension: four channels at a time with their
 * accumulators in registers across all taps. One LDR brings four input
 * channels, SXTAB16 / SXTAB16 ROR #8 split them into int16 pairs and add
 * the input offset to both lanes (|x + offset| <= 255 fits int16), and
 * SMLABB / SMLATT multiply-accumulate each lane into its own channel. */
#include "nn/kernels/arm/dsp.h"
#include "nn/kernels/dw_core.h"

/* One tap of four channels: input word at xp, weights at wp. */
#define DW_TAP(xp, wp)                                                          \
  do {                                                                          \
    const uint32_t xv_ = hb_ld4(xp), wv_ = hb_ld4(wp);                          \
    const uint32_t xe_ = hb_sxtab16(off2, xv_), xo_ = hb_sxtab16_r8(off2, xv_); \
    const uint32_t we_ = hb_sxtb16(wv_), wo_ = hb_sxtb16_r8(wv_);               \
    a0 = hb_smlabb(xe_, we_, a0);                                               \
    a2 = hb_smlatt(xe_, we_, a2);                                               \
    a1 = hb_smlabb(xo_, wo_, a1);                                               \
    a3 = hb_smlatt(xo_, wo_, a3);                                               \
  } while (0)

void hb_dw_pixel_dsp(const int8_t* x, const int8_t* w, const hb_dw_taps* t, int32_t ch, const hb_conv_out* o,
                     int8_t* out) {
  const uint32_t off2 = ((uint32_t)(uint16_t)(int16_t)t->input_offset) * 0x10001u;
  const int32_t x_row = t->x_ky - t->nkx * t->x_kx, w_row = t->w_ky - t->nkx * ch;
  /* Locals: the int8 stores below may alias anything, fields would be reloaded. */
  const int32_t *bias = o->bias, *mult = o->mult, *shift = o->shift;
  const int32_t out_off = o->out_off, lo = o->act_min, hi = o->act_max;
  int32_t c = 0;
  for (; c + 4 <= ch; c += 4) {
    int32_t a0 = bias[c], a1 = bias[c + 1], a2 = bias[c + 2], a3 = bias[c + 3];
    const int8_t *xp = x + c, *wp = w + c;
    if (t->nky == 3 && t->nkx == 3) { /* the whole 3x3 window: unrolled */
      const int32_t xs = t->x_kx;
      for (int32_t ky = 0; ky < 3; ++ky, xp += t->x_ky, wp += t->w_ky) {
        DW_TAP(xp, wp);
        DW_TAP(xp + xs, wp + ch);
        DW_TAP(xp + 2 * xs, wp + 2 * ch);
      }
    } else {
      for (int32_t ky = 0; ky < t->nky; ++ky, xp += x_row, wp += w_row) {
        for (int32_t kx = 0; kx < t->nkx; ++kx, xp += t->x_kx, wp += ch) {
          DW_TAP(xp, wp);
        }
      }
    }
    out[c] = hb_requant_i8(a0, mult[c], shift[c], out_off, lo, hi);
    out[c + 1] = hb_requant_i8(a1, mult[c + 1], shift[c + 1], out_off, lo, hi);
    out[c + 2] = hb_requant_i8(a2, mult[c + 2], shift[c + 2], out_off, lo, hi);
    out[c + 3] = hb_requant_i8(a3, mult[c + 3], shift[c + 3], out_off, lo, hi);
  }
  for (; c < ch; ++c) {
    int32_t a = bias[c];
    for (int32_t ky = 0; ky < t->nky; ++ky)
      for (int32_t kx = 0; kx < t->nkx; ++kx)
        a += w[ky * t->w_ky + kx * ch + c] * (x[ky * t->x_ky + kx * t->x_kx + c] + t->input_offset);
    out[c] = hb_requant_i8(a, mult[c], shift[c], out_off, lo, hi);
  }
}
