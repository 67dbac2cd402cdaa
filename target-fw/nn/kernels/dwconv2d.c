/* DEPTHWISE_CONV_2D Eval. Mirrors TFLite's reference DepthwiseConvPerChannel
 * (taps outside the input are skipped), but iterates channels innermost so
 * the multiply-accumulate over a block of channels vectorises. Depth
 * multiplier 1 (the common case) runs one pixel at a time through
 * hb_dw_pixel (dw_core.h), over the rectangle of taps inside the input. */
#include "dwconv2d.h"

#include "conv_core.h"
#include "dw_core.h"
#include "nn/kernel_api.h"

/* Channels accumulated at once: bounded stack use on Cortex-M. */
#define DW_BLOCK 64

hb_status hb_k_dwconv2d(const hb_ctx* c) {
  const hb_dwconv2d_params* p = (const hb_dwconv2d_params*)hb_params(c);
  if (c->op->n_in != 2 || c->op->params_bytes != sizeof(*p)) return HB_E_PARAMS;
  const hb_tensor *ti = hb_in_t(c, 0), *tf = hb_in_t(c, 1), *to = hb_out_t(c);
  if (ti->ndim != 4 || tf->ndim != 4 || to->ndim != 4) return HB_E_PARAMS;
  if (ti->dtype != HB_DT_INT8 || tf->dtype != HB_DT_INT8 || to->dtype != HB_DT_INT8) return HB_E_PARAMS;
  const int32_t n_batch = ti->dims[0], h = ti->dims[1], wd = ti->dims[2], ic = ti->dims[3];
  const int32_t kh = tf->dims[1], kw = tf->dims[2], oc = tf->dims[3];
  const int32_t oh = to->dims[1], ow = to->dims[2], dm = p->depth_multiplier;
  if (tf->dims[0] != 1 || to->dims[0] != n_batch || to->dims[3] != oc || dm < 1 || oc != ic * dm) return HB_E_PARAMS;
  if (p->stride_h < 1 || p->stride_w < 1 || p->dilation_h < 1 || p->dilation_w < 1) return HB_E_PARAMS;

  const int8_t* in = (const int8_t*)hb_in(c, 0);
  const int8_t* w = (const int8_t*)hb_in(c, 1);
  int8_t* out = (int8_t*)hb_out(c);
  const int32_t* bias = (const int32_t*)hb_blob_at(c, p->bias_off);
  const int32_t* mult = (const int32_t*)hb_blob_at(c, p->mult_off);
  const int32_t* shift = (const int32_t*)hb_blob_at(c, p->shift_off);
  if (p->input_offset < -127 || p->input_offset > 128) return HB_E_PARAMS; /* -(int8 zero point) */
  const int16_t io16 = (int16_t)p->input_offset;

  if (dm == 1) {
    const hb_conv_out q = {bias, mult, shift, p->output_offset, p->act_min, p->act_max};
    for (int32_t n = 0; n < n_batch; ++n) {
      const int8_t* in_n = in + n * h * wd * ic;
      for (int32_t oy = 0; oy < oh; ++oy) {
        const int32_t iy0 = oy * p->stride_h - p->pad_h;
        int32_t ky0 = 0, ky1 = kh;
        while (ky0 < kh && iy0 + ky0 * p->dilation_h < 0) ++ky0;
        while (ky1 > ky0 && iy0 + (ky1 - 1) * p->dilation_h >= h) --ky1;
        for (int32_t ox = 0; ox < ow; ++ox) {
          const int32_t ix0 = ox * p->stride_w - p->pad_w;
          int32_t kx0 = 0, kx1 = kw;
          while (kx0 < kw && ix0 + kx0 * p->dilation_w < 0) ++kx0;
          while (kx1 > kx0 && ix0 + (kx1 - 1) * p->dilation_w >= wd) --kx1;
          int8_t* o = out + ((n * oh + oy) * ow + ox) * oc;
          const hb_dw_taps t = {ky1 - ky0, kx1 - kx0,      p->dilation_w * ic, p->dilation_h * wd * ic,
                                kw * oc,   p->input_offset};
          const int8_t* x = in_n + ((iy0 + ky0 * p->dilation_h) * wd + ix0 + kx0 * p->dilation_w) * ic;
          hb_dw_pixel(x, w + (ky0 * kw + kx0) * oc, &t, oc, &q, o);
        }
      }
    }
    return HB_OK;
  }

  for (int32_t n = 0; n < n_batch; ++n) {
    const int8_t* in_n = in + n * h * wd * ic;
    for (int32_t oy = 0; oy < oh; ++oy) {
      const int32_t iy0 = oy * p->stride_h - p->pad_h;
      for (int32_t ox = 0; ox < ow; ++ox) {
        const int32_t ix0 = ox * p->stride_w - p->pad_w;
        int8_t* o = out + ((n * oh + oy) * ow + ox) * oc;
        for (int32_t c0 = 0; c0 < oc; c0 += DW_BLOCK) {
          const int32_t cn = oc - c0 < DW_BLOCK ? oc - c0 : DW_BLOCK;
          int32_t acc[DW_BLOCK];
          for (int32_t j = 0; j < cn; ++j) acc[j] = bias[c0 + j];
          for (int32_t ky = 0; ky < kh; ++ky) {
            const int32_t iy = iy0 + ky * p->dilation_h;
            if (iy < 0 || iy >= h) continue;
            for (int32_t kx = 0; kx < kw; ++kx) {
              const int32_t ix = ix0 + kx * p->dilation_w;
              if (ix < 0 || ix >= wd) continue;
              const int8_t* x = in_n + (iy * wd + ix) * ic;
              const int8_t* f = w + (ky * kw + kx) * oc + c0;
              /* x + io is in [-255, 255] and |f| <= 128, so each product fits
               * int16: the casts change no value but let the compiler use
               * 16-bit vector multiplies. */
              if (dm == 1) {
                const int8_t* xc = x + c0;
                for (int32_t j = 0; j < cn; ++j) acc[j] += (int16_t)(f[j] * (int16_t)(xc[j] + io16));
              } else {
                for (int32_t j = 0; j < cn; ++j) acc[j] += (int16_t)(f[j] * (int16_t)(x[(c0 + j) / dm] + io16));
              }
            }
          }
          for (int32_t j = 0; j < cn; ++j)
            o[c0 + j] = hb_requant_i8(acc[j], mult[c0 + j], shift[c0 + j], p->output_offset, p->act_min, p->act_max);
        }
      }
    }
  }
  return HB_OK;
}
