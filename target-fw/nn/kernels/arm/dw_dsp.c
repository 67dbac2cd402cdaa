/* hb_dw_pixel on the DSP extension: four channels at a time with their
 * accumulators in registers across all taps. One LDR brings four input
 * channels, SXTB16 / SXTB16 ROR #8 split them into int16 pairs, SADD16 adds
 * the input offset to both lanes (|x + offset| <= 255 fits int16), and
 * SMLABB / SMLATT multiply-accumulate each lane into its own channel. */
#include "nn/kernels/arm/dsp.h"
#include "nn/kernels/dw_core.h"

void hb_dw_pixel_dsp(const int8_t* x, const int8_t* w, const hb_dw_taps* t, int32_t ch, const hb_conv_out* o,
                     int8_t* out) {
  const uint32_t off2 = ((uint32_t)(uint16_t)(int16_t)t->input_offset) * 0x10001u;
  const int32_t x_row = t->x_ky - t->nkx * t->x_kx, w_row = t->w_ky - t->nkx * ch;
  int32_t c = 0;
  for (; c + 4 <= ch; c += 4) {
    int32_t a0 = o->bias[c], a1 = o->bias[c + 1], a2 = o->bias[c + 2], a3 = o->bias[c + 3];
    const int8_t *xp = x + c, *wp = w + c;
    for (int32_t ky = 0; ky < t->nky; ++ky, xp += x_row, wp += w_row) {
      for (int32_t kx = 0; kx < t->nkx; ++kx, xp += t->x_kx, wp += ch) {
        const uint32_t xv = hb_ld4(xp), wv = hb_ld4(wp);
        const uint32_t xe = hb_sadd16(hb_sxtb16(xv), off2), xo = hb_sadd16(hb_sxtb16_r8(xv), off2);
        const uint32_t we = hb_sxtb16(wv), wo = hb_sxtb16_r8(wv);
        a0 = hb_smlabb(xe, we, a0);
        a2 = hb_smlatt(xe, we, a2);
        a1 = hb_smlabb(xo, wo, a1);
        a3 = hb_smlatt(xo, wo, a3);
      }
    }
    out[c] = hb_requant_i8(a0, o->mult[c], o->shift[c], o->out_off, o->act_min, o->act_max);
    out[c + 1] = hb_requant_i8(a1, o->mult[c + 1], o->shift[c + 1], o->out_off, o->act_min, o->act_max);
    out[c + 2] = hb_requant_i8(a2, o->mult[c + 2], o->shift[c + 2], o->out_off, o->act_min, o->act_max);
    out[c + 3] = hb_requant_i8(a3, o->mult[c + 3], o->shift[c + 3], o->out_off, o->act_min, o->act_max);
  }
  for (; c < ch; ++c) {
    int32_t a = o->bias[c];
    for (int32_t ky = 0; ky < t->nky; ++ky)
      for (int32_t kx = 0; kx < t->nkx; ++kx)
        a += w[ky * t->w_ky + kx * ch + c] * (x[ky * t->x_ky + kx * t->x_kx + c] + t->input_offset);
    out[c] = hb_requant_i8(a, o->mult[c], o->shift[c], o->out_off, o->act_min, o->act_max);
  }
}
