/* hb_conv_dot_rows on the DSP extension. Same contract and same int32 sums
 * as the reference (kernels/conv_core.c): int32 addition is a ring, so
 * summing products pairwise with SMLAD gives TFLite's accumulator exactly.
 *
 * Operands stay int8 in memory (no im2col, no widened weights): one LDR
 * fetches four int8, SXTB16 and SXTB16 ROR #8 split them into the even and
 * odd bytes as int16 pairs, and SMLAD multiplies two pairs and adds both
 * products. Splitting input and weights the same way lines the pairs up, so
 * no reordering of the weights is needed. A 2x2 tile (two windows x two
 * output channels) reuses each unpacked word twice.
 *
 * The input side of that split does not depend on the output channel, so
 * for windows of up to COL_BYTES it is done once per pair of windows into
 * a column buffer of int16 pairs (CMSIS-NN's im2col idea, in the order
 * SXTB16 produces): the tile loop then does 6 loads, 4 SXTB16 and 8 SMLAD
 * per 16 multiply-accumulates. */
#include "nn/kernels/arm/dsp.h"
#include "nn/kernels/conv_core.h"

/* The four sums of two windows (a, b) with two weight rows (f, g) over one
 * segment of n bytes. */
#define HB_TILE_2X2(a, b, f, g, n, s00, s01, s10, s11)                      \
  do {                                                                      \
    int32_t k_ = 0;                                                         \
    for (; k_ + 4 <= (n); k_ += 4) {                                        \
      const uint32_t xa = hb_ld4((a) + k_), xb = hb_ld4((b) + k_);          \
      const uint32_t ae = hb_sxtb16(xa), ao = hb_sxtb16_r8(xa);             \
      const uint32_t be = hb_sxtb16(xb), bo = hb_sxtb16_r8(xb);             \
      uint32_t w = hb_ld4((f) + k_);                                        \
      uint32_t we = hb_sxtb16(w), wo = hb_sxtb16_r8(w);                     \
      s00 = hb_smlad(ao, wo, hb_smlad(ae, we, s00));                        \
      s10 = hb_smlad(bo, wo, hb_smlad(be, we, s10));                        \
      w = hb_ld4((g) + k_);                                                 \
      we = hb_sxtb16(w);                                                    \
      wo = hb_sxtb16_r8(w);                                                 \
      s01 = hb_smlad(ao, wo, hb_smlad(ae, we, s01));                        \
      s11 = hb_smlad(bo, wo, hb_smlad(be, we, s11));                        \
    }                                                                       \
    for (; k_ < (n); ++k_) {                                                \
      const int32_t va = (a)[k_], vb = (b)[k_], vf = (f)[k_], vg = (g)[k_]; \
      s00 += va * vf;                                                       \
      s01 += va * vg;                                                       \
      s10 += vb * vf;                                                       \
      s11 += vb * vg;                                                       \
    }                                                                       \
  } while (0)

static void dot_2x2(const int8_t* a0, const int8_t* a1, const hb_conv_window* win, const int8_t* w0, const int8_t* w1,
                    int32_t r[4]) {
  int32_t s00 = 0, s01 = 0, s10 = 0, s11 = 0;
  const int32_t n = win->seglen;
  int32_t wo = 0;
  for (int32_t ky = 0; ky < win->kh; ++ky) {
    for (int32_t s = 0; s < win->nseg; ++s) {
      const int32_t off = ky * win->run_step + s * win->seg_step;
      const int8_t *x0 = a0 + off, *x1 = a1 + off, *c0 = w0 + wo, *c1 = w1 + wo;
      HB_TILE_2X2(x0, x1, c0, c1, n, s00, s01, s10, s11);
      wo += n;
    }
  }
  r[0] = s00;
  r[1] = s01;
  r[2] = s10;
  r[3] = s11;
}

/* One window with one weight row. */
static int32_t dot_1x1(const int8_t* a0, const hb_conv_window* win, const int8_t* w0) {
  int32_t s = 0;
  const int32_t n = win->seglen;
  int32_t wo = 0;
  for (int32_t ky = 0; ky < win->kh; ++ky) {
    for (int32_t sg = 0; sg < win->nseg; ++sg) {
      const int8_t *x = a0 + ky * win->run_step + sg * win->seg_step, *c = w0 + wo;
      int32_t k = 0;
      for (; k + 4 <= n; k += 4) {
        const uint32_t xa = hb_ld4(x + k), w = hb_ld4(c + k);
        s = hb_smlad(hb_sxtb16_r8(xa), hb_sxtb16_r8(w), hb_smlad(hb_sxtb16(xa), hb_sxtb16(w), s));
      }
      for (; k < n; ++k) s += x[k] * c[k];
      wo += n;
    }
  }
  return s;
}

/* Windows of at most this many bytes go through the column buffer. */
#define COL_BYTES 1024

/* Copies the window at x into flat (filter order) unless it is contiguous;
 * returns where its bytes are. */
static const int8_t* flatten(const int8_t* x, const hb_conv_window* win, int8_t* flat) {
  if (win->kh == 1 && win->nseg == 1) return x;
  int8_t* d = flat;
  for (int32_t ky = 0; ky < win->kh; ++ky)
    for (int32_t s = 0; s < win->nseg; ++s) {
      const int8_t* src = x + ky * win->run_step + s * win->seg_step;
      for (int32_t k = 0; k < win->seglen; ++k) *d++ = src[k];
    }
  return flat;
}

/* n (a multiple of 4) bytes as SXTB16 / SXTB16 ROR #8 word pairs. */
static void widen(const int8_t* x, int32_t n, uint32_t* col) {
  for (int32_t k = 0; k < n; k += 4, col += 2) {
    const uint32_t v = hb_ld4(x + k);
    col[0] = hb_sxtb16(v);
    col[1] = hb_sxtb16_r8(v);
  }
}

/* Sums of two widened windows (k4 bytes each, then their tails ta / tb of
 * n - k4 bytes) with two weight rows f and g of n bytes. */
static void tile_col_2x2(const uint32_t* ca, const uint32_t* cb, const int8_t* ta, const int8_t* tb, const int8_t* f,
                         const int8_t* g, int32_t k4, int32_t n, int32_t r[4]) {
  int32_t s00 = 0, s01 = 0, s10 = 0, s11 = 0;
  for (int32_t k = 0; k < k4; k += 4, ca += 2, cb += 2) {
    const uint32_t ae = ca[0], ao = ca[1], be = cb[0], bo = cb[1];
    uint32_t w = hb_ld4(f + k);
    uint32_t we = hb_sxtb16(w), wo = hb_sxtb16_r8(w);
    s00 = hb_smlad(ao, wo, hb_smlad(ae, we, s00));
    s10 = hb_smlad(bo, wo, hb_smlad(be, we, s10));
    w = hb_ld4(g + k);
    we = hb_sxtb16(w);
    wo = hb_sxtb16_r8(w);
    s01 = hb_smlad(ao, wo, hb_smlad(ae, we, s01));
    s11 = hb_smlad(bo, wo, hb_smlad(be, we, s11));
  }
  for (int32_t k = k4; k < n; ++k) {
    const int32_t va = ta[k - k4], vb = tb[k - k4], vf = f[k], vg = g[k];
    s00 += va * vf;
    s01 += va * vg;
    s10 += vb * vf;
    s11 += vb * vg;
  }
  r[0] = s00;
  r[1] = s01;
  r[2] = s10;
  r[3] = s11;
}

/* One widened window with one weight row. */
static int32_t dot_col(const uint32_t* ca, const int8_t* ta, const int8_t* f, int32_t k4, int32_t n) {
  int32_t s = 0;
  for (int32_t k = 0; k < k4; k += 4, ca += 2) {
    const uint32_t w = hb_ld4(f + k);
    s = hb_smlad(ca[1], hb_sxtb16_r8(w), hb_smlad(ca[0], hb_sxtb16(w), s));
  }
  for (int32_t k = k4; k < n; ++k) s += ta[k - k4] * f[k];
  return s;
}

static inline int8_t out_at(const hb_conv_out* o, int32_t oc, int32_t dot) {
  return hb_requant_i8(o->bias[oc] + dot, o->mult[oc], o->shift[oc], o->out_off, o->act_min, o->act_max);
}

void hb_conv_dot_rows_dsp(const int8_t* origin, int32_t npix, int32_t pix_step, const hb_conv_window* win,
                          const int8_t* w, int32_t out_c, const hb_conv_out* o, int8_t* out) {
  const int32_t wrow = win->kh * win->nseg * win->seglen;
  int32_t p = 0;
  if (wrow <= COL_BYTES) {
    uint32_t col[2][COL_BYTES / 2];
    int8_t flat[COL_BYTES];
    int8_t tails[2][4]; /* the last wrow % 4 bytes of each window */
    const int32_t k4 = wrow & ~3;
    for (; p + 2 <= npix; p += 2) {
      for (int32_t i = 0; i < 2; ++i) {
        const int8_t* x = flatten(origin + (p + i) * pix_step, win, flat);
        widen(x, k4, col[i]);
        for (int32_t k = k4; k < wrow; ++k) tails[i][k - k4] = x[k];
      }
      int8_t *o0 = out + p * out_c, *o1 = o0 + out_c;
      int32_t oc = 0;
      for (; oc + 2 <= out_c; oc += 2) {
        int32_t d[4];
        const int8_t* f = w + oc * wrow;
        tile_col_2x2(col[0], col[1], tails[0], tails[1], f, f + wrow, k4, wrow, d);
        /* Each channel's parameters loaded once for both pixels, before any
         * int8 store (which may alias them and force reloads). */
        const int32_t b0 = o->bias[oc], m0 = o->mult[oc], s0 = o->shift[oc];
        const int32_t b1 = o->bias[oc + 1], m1 = o->mult[oc + 1], s1 = o->shift[oc + 1];
        const int32_t zo = o->out_off, lo = o->act_min, hi = o->act_max;
        const int8_t r00 = hb_requant_i8(d[0] + b0, m0, s0, zo, lo, hi);
        const int8_t r01 = hb_requant_i8(d[1] + b1, m1, s1, zo, lo, hi);
        const int8_t r10 = hb_requant_i8(d[2] + b0, m0, s0, zo, lo, hi);
        const int8_t r11 = hb_requant_i8(d[3] + b1, m1, s1, zo, lo, hi);
        o0[oc] = r00;
        o0[oc + 1] = r01;
        o1[oc] = r10;
        o1[oc + 1] = r11;
      }
      if (oc < out_c) {
        o0[oc] = out_at(o, oc, dot_col(col[0], tails[0], w + oc * wrow, k4, wrow));
        o1[oc] = out_at(o, oc, dot_col(col[1], tails[1], w + oc * wrow, k4, wrow));
      }
    }
  }
  for (; p + 2 <= npix; p += 2) {
    const int8_t *a0 = origin + p * pix_step, *a1 = a0 + pix_step;
    int8_t *o0 = out + p * out_c, *o1 = o0 + out_c;
    int32_t oc = 0;
    for (; oc + 2 <= out_c; oc += 2) {
      int32_t d[4];
      dot_2x2(a0, a1, win, w + oc * wrow, w + (oc + 1) * wrow, d);
      o0[oc] = out_at(o, oc, d[0]);
      o0[oc + 1] = out_at(o, oc + 1, d[1]);
      o1[oc] = out_at(o, oc, d[2]);
      o1[oc + 1] = out_at(o, oc + 1, d[3]);
    }
    if (oc < out_c) {
      o0[oc] = out_at(o, oc, dot_1x1(a0, win, w + oc * wrow));
      o1[oc] = out_at(o, oc, dot_1x1(a1, win, w + oc * wrow));
    }
  }
  if (p < npix) {
    const int8_t* a0 = origin + p * pix_step;
    int8_t* o0 = out + p * out_c;
    for (int32_t oc = 0; oc < out_c; ++oc) o0[oc] = out_at(o, oc, dot_1x1(a0, win, w + oc * wrow));
  }
}
