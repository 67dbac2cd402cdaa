#include "conv_core.h"

/* Dot products of two windows with two weight rows at once (2x2 tile): each
 * loaded input byte and weight byte is used twice, which roughly doubles the
 * throughput of the vectorised loop over a one-by-one dot product. */
static void dot_2x2(const int8_t* a0, const int8_t* a1, const hb_conv_window* win, const int8_t* w0, const int8_t* w1,
                    int32_t* r00, int32_t* r01, int32_t* r10, int32_t* r11) {
  int32_t s00 = 0, s01 = 0, s10 = 0, s11 = 0;
  const int32_t n = win->seglen;
  int32_t wo = 0;
  for (int32_t r = 0; r < win->kh; ++r) {
    for (int32_t s = 0; s < win->nseg; ++s) {
      const int32_t off = r * win->run_step + s * win->seg_step;
      const int8_t *x0 = a0 + off, *x1 = a1 + off, *c0 = w0 + wo, *c1 = w1 + wo;
      for (int32_t k = 0; k < n; ++k) {
        const int32_t v0 = x0[k], v1 = x1[k], f0 = c0[k], f1 = c1[k];
        s00 += v0 * f0;
        s01 += v0 * f1;
        s10 += v1 * f0;
        s11 += v1 * f1;
      }
      wo += n;
    }
  }
  *r00 = s00;
  *r01 = s01;
  *r10 = s10;
  *r11 = s11;
}

static void dot_2x1(const int8_t* a0, const int8_t* a1, const hb_conv_window* win, const int8_t* w0, int32_t* r0,
                    int32_t* r1) {
  int32_t s0 = 0, s1 = 0;
  const int32_t n = win->seglen;
  int32_t wo = 0;
  for (int32_t r = 0; r < win->kh; ++r) {
    for (int32_t s = 0; s < win->nseg; ++s) {
      const int32_t off = r * win->run_step + s * win->seg_step;
      const int8_t *x0 = a0 + off, *x1 = a1 + off, *c0 = w0 + wo;
      for (int32_t k = 0; k < n; ++k) {
        const int32_t f0 = c0[k];
        s0 += x0[k] * f0;
        s1 += x1[k] * f0;
      }
      wo += n;
    }
  }
  *r0 = s0;
  *r1 = s1;
}

static int32_t dot_1x1(const int8_t* a0, const hb_conv_window* win, const int8_t* w0) {
  int32_t s0 = 0;
  const int32_t n = win->seglen;
  int32_t wo = 0;
  for (int32_t r = 0; r < win->kh; ++r) {
    for (int32_t s = 0; s < win->nseg; ++s) {
      const int8_t *x0 = a0 + r * win->run_step + s * win->seg_step, *c0 = w0 + wo;
      for (int32_t k = 0; k < n; ++k) s0 += x0[k] * c0[k];
      wo += n;
    }
  }
  return s0;
}

static inline int8_t out_at(const hb_conv_out* o, int32_t oc, int32_t dot) {
  return hb_requant_i8(o->bias[oc] + dot, o->mult[oc], o->shift[oc], o->out_off, o->act_min, o->act_max);
}

void hb_conv_dot_rows_ref(const int8_t* origin, int32_t npix, int32_t pix_step, const hb_conv_window* win,
                          const int8_t* w, int32_t out_c, const hb_conv_out* o, int8_t* out) {
  const int32_t wrow = win->kh * win->nseg * win->seglen;
  int32_t p = 0;
  for (; p + 2 <= npix; p += 2) {
    const int8_t *a0 = origin + p * pix_step, *a1 = a0 + pix_step;
    int8_t *o0 = out + p * out_c, *o1 = o0 + out_c;
    int32_t oc = 0;
    for (; oc + 2 <= out_c; oc += 2) {
      int32_t d00, d01, d10, d11;
      dot_2x2(a0, a1, win, w + oc * wrow, w + (oc + 1) * wrow, &d00, &d01, &d10, &d11);
      o0[oc] = out_at(o, oc, d00);
      o0[oc + 1] = out_at(o, oc + 1, d01);
      o1[oc] = out_at(o, oc, d10);
      o1[oc + 1] = out_at(o, oc + 1, d11);
    }
    if (oc < out_c) {
      int32_t d0, d1;
      dot_2x1(a0, a1, win, w + oc * wrow, &d0, &d1);
      o0[oc] = out_at(o, oc, d0);
      o1[oc] = out_at(o, oc, d1);
    }
  }
  if (p < npix) {
    const int8_t* a0 = origin + p * pix_step;
    int8_t* o0 = out + p * out_c;
    for (int32_t oc = 0; oc < out_c; ++oc) o0[oc] = out_at(o, oc, dot_1x1(a0, win, w + oc * wrow));
  }
}
