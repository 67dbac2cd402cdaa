/* CONV_2D Eval. Mirrors TFLite's reference ConvPerChannel: taps outside the
 * input are skipped (zero padding in real terms). Windows fully inside the
 * input take the dot-product path with the folded bias. A window that
 * crosses the border is first copied into a small scratch with its outside
 * taps set to the input zero point (x + input_offset = 0 there, so they add
 * nothing, exactly as a skipped tap) and then takes the same path; grouped
 * convolutions and windows too large for the scratch take the direct
 * per-tap loop. */
#include "conv2d.h"

#include "conv_core.h"
#include "nn/kernel_api.h"

typedef struct {
  int32_t h, w, c;       /* input */
  int32_t kh, kw, fc;    /* filter */
  int32_t oc, per_group; /* output channels, output channels per group */
} conv_dims;

/* One output pixel, TFLite's loop as written: acc = bias + sum over the
 * in-bounds taps of w * (x + input_offset). */
static void conv_pixel(const hb_conv2d_params* p, const conv_dims* d, const int8_t* in_n, const int8_t* w,
                       const int32_t* bias, const hb_conv_out* o, int32_t iy0, int32_t ix0, int8_t* out) {
  for (int32_t oc = 0; oc < d->oc; ++oc) {
    const int32_t g = oc / d->per_group;
    int32_t acc = bias[oc];
    for (int32_t ky = 0; ky < d->kh; ++ky) {
      const int32_t iy = iy0 + ky * p->dilation_h;
      if (iy < 0 || iy >= d->h) continue;
      for (int32_t kx = 0; kx < d->kw; ++kx) {
        const int32_t ix = ix0 + kx * p->dilation_w;
        if (ix < 0 || ix >= d->w) continue;
        const int8_t* x = in_n + (iy * d->w + ix) * d->c + g * d->fc;
        const int8_t* f = w + ((oc * d->kh + ky) * d->kw + kx) * d->fc;
        for (int32_t i = 0; i < d->fc; ++i) acc += f[i] * (x[i] + p->input_offset);
      }
    }
    out[oc] = hb_requant_i8(acc, o->mult[oc], o->shift[oc], o->out_off, o->act_min, o->act_max);
  }
}

/* Scratch for border windows: two windows of up to 3x3x64 at once (2x2 tiles). */
#define GATHER_BYTES 1152

/* Copies the window at (iy0, ix0) into dst (filter order ky, kx, c), with
 * taps outside the input set to the zero point. */
static void gather_window(const hb_conv2d_params* p, const conv_dims* d, const int8_t* in_n, int32_t iy0, int32_t ix0,
                          int8_t* dst) {
  const int8_t zp = (int8_t)-p->input_offset;
  for (int32_t ky = 0; ky < d->kh; ++ky) {
    const int32_t iy = iy0 + ky * p->dilation_h;
    for (int32_t kx = 0; kx < d->kw; ++kx, dst += d->c) {
      const int32_t ix = ix0 + kx * p->dilation_w;
      if (iy < 0 || iy >= d->h || ix < 0 || ix >= d->w) {
        for (int32_t i = 0; i < d->c; ++i) dst[i] = zp;
      } else {
        const int8_t* x = in_n + (iy * d->w + ix) * d->c;
        for (int32_t i = 0; i < d->c; ++i) dst[i] = x[i];
      }
    }
  }
}

/* Output pixels [x0, x1) of one row, each window crossing the border. */
static void border_pixels(const hb_conv2d_params* p, const conv_dims* d, const int8_t* in_n, const int8_t* w,
                          const int32_t* bias, const hb_conv_out* o, int32_t iy0, int32_t x0, int32_t x1,
                          int8_t* out_row, int gather) {
  if (!gather) {
    for (int32_t ox = x0; ox < x1; ++ox)
      conv_pixel(p, d, in_n, w, bias, o, iy0, ox * p->stride_w - p->pad_w, out_row + ox * d->oc);
    return;
  }
  int8_t scratch[GATHER_BYTES];
  const int32_t wbytes = d->kh * d->kw * d->c;
  const int32_t batch = GATHER_BYTES / wbytes >= 2 ? 2 : 1;
  const hb_conv_window win = {1, 1, wbytes, 0, 0};
  for (int32_t ox = x0; ox < x1; ox += batch) {
    const int32_t n = x1 - ox < batch ? x1 - ox : batch;
    for (int32_t i = 0; i < n; ++i)
      gather_window(p, d, in_n, iy0, (ox + i) * p->stride_w - p->pad_w, scratch + i * wbytes);
    hb_conv_dot_rows(scratch, n, wbytes, &win, w, d->oc, o, out_row + ox * d->oc);
  }
}

hb_status hb_k_conv2d(const hb_ctx* c) {
  const hb_conv2d_params* p = (const hb_conv2d_params*)hb_params(c);
  if (c->op->n_in != 2 || c->op->params_bytes != sizeof(*p)) return HB_E_PARAMS;
  const hb_tensor *ti = hb_in_t(c, 0), *tf = hb_in_t(c, 1), *to = hb_out_t(c);
  if (ti->ndim != 4 || tf->ndim != 4 || to->ndim != 4) return HB_E_PARAMS;
  if (ti->dtype != HB_DT_INT8 || tf->dtype != HB_DT_INT8 || to->dtype != HB_DT_INT8) return HB_E_PARAMS;
  conv_dims d = {ti->dims[1], ti->dims[2], ti->dims[3], tf->dims[1], tf->dims[2], tf->dims[3], tf->dims[0], 0};
  const int32_t n_batch = ti->dims[0], oh = to->dims[1], ow = to->dims[2];
  if (to->dims[0] != n_batch || to->dims[3] != d.oc || d.c % d.fc != 0) return HB_E_PARAMS;
  const int32_t groups = d.c / d.fc;
  if (d.oc % groups != 0) return HB_E_PARAMS;
  d.per_group = d.oc / groups;
  if (p->stride_h < 1 || p->stride_w < 1 || p->dilation_h < 1 || p->dilation_w < 1) return HB_E_PARAMS;

  const int8_t* in = (const int8_t*)hb_in(c, 0);
  const int8_t* w = (const int8_t*)hb_in(c, 1);
  int8_t* out = (int8_t*)hb_out(c);
  const int32_t* bias = (const int32_t*)hb_blob_at(c, p->bias_off);
  hb_conv_out o = {(const int32_t*)hb_blob_at(c, p->bias_fold_off),
                   (const int32_t*)hb_blob_at(c, p->mult_off),
                   (const int32_t*)hb_blob_at(c, p->shift_off),
                   p->output_offset,
                   p->act_min,
                   p->act_max};

  /* Output columns whose window lies inside the input horizontally: a
   * contiguous range [x_lo, x_hi) (possibly empty). */
  const int32_t span_w = (d.kw - 1) * p->dilation_w, span_h = (d.kh - 1) * p->dilation_h;
  int32_t x_lo = ow, x_hi = ow;
  for (int32_t ox = 0; ox < ow; ++ox) {
    const int32_t ix0 = ox * p->stride_w - p->pad_w;
    if (ix0 >= 0 && ix0 + span_w < d.w) {
      if (x_lo == ow) x_lo = ox;
      x_hi = ox + 1;
    }
  }
  if (groups != 1) x_lo = x_hi = ow; /* grouped: direct loop everywhere */

  /* Interior window layout in NHWC: with no horizontal dilation a filter row
   * is one run of kw * c contiguous bytes. */
  hb_conv_window win;
  win.kh = d.kh;
  win.run_step = p->dilation_h * d.w * d.c;
  if (p->dilation_w == 1) {
    win.nseg = 1;
    win.seglen = d.kw * d.c;
    win.seg_step = 0;
  } else {
    win.nseg = d.kw;
    win.seglen = d.c;
    win.seg_step = p->dilation_w * d.c;
  }

  /* The zero point must be an int8 to stand for a skipped tap. */
  const int gather =
      groups == 1 && d.kh * d.kw * d.c <= GATHER_BYTES && p->input_offset >= -127 && p->input_offset <= 128;

  for (int32_t n = 0; n < n_batch; ++n) {
    const int8_t* in_n = in + n * d.h * d.w * d.c;
    for (int32_t oy = 0; oy < oh; ++oy) {
      const int32_t iy0 = oy * p->stride_h - p->pad_h;
      int8_t* out_row = out + ((n * oh + oy) * ow) * d.oc;
      const int row_inside = iy0 >= 0 && iy0 + span_h < d.h;
      const int32_t lo = row_inside ? x_lo : ow, hi = row_inside ? x_hi : ow;
      border_pixels(p, &d, in_n, w, bias, &o, iy0, 0, lo, out_row, gather);
      if (lo < hi) {
        const int8_t* origin = in_n + (iy0 * d.w + (lo * p->stride_w - p->pad_w)) * d.c;
        hb_conv_dot_rows(origin, hi - lo, p->stride_w * d.c, &win, w, d.oc, &o, out_row + lo * d.oc);
      }
      border_pixels(p, &d, in_n, w, bias, &o, iy0, hi > lo ? hi : lo, ow, out_row, gather);
    }
  }
  return HB_OK;
}
