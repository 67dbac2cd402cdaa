/* MAX_POOL_2D Eval, as TFLite's reference integer MaxPool: the max over the
 * taps inside the input (starting from -128), then the activation clamp. */
#include "max_pool2d.h"

#include "nn/kernel_api.h"
#include "nn/qmath.h"
#include "pool2d_common.h"

hb_status hb_k_max_pool2d(const hb_ctx* c) {
  hb_pool2d_op op;
  const hb_status st = hb_pool2d_open(c, &op);
  if (st != HB_OK) return st;
  const hb_pool2d_params* p = op.p;
  const int32_t nb = op.nb, h = op.h, w = op.w, ch = op.ch, oh = op.oh, ow = op.ow;
  const int8_t* in = op.in;
  int8_t* out = op.out;

  for (int32_t n = 0; n < nb; ++n) {
    for (int32_t oy = 0; oy < oh; ++oy) {
      const int32_t iy0 = oy * p->stride_h - p->pad_h;
      const int32_t fy0 = hb_max_i32(0, -iy0), fy1 = hb_min_i32(p->filter_h, h - iy0);
      for (int32_t ox = 0; ox < ow; ++ox) {
        const int32_t ix0 = ox * p->stride_w - p->pad_w;
        const int32_t fx0 = hb_max_i32(0, -ix0), fx1 = hb_min_i32(p->filter_w, w - ix0);
        int8_t* o = out + ((n * oh + oy) * ow + ox) * ch;
        for (int32_t j = 0; j < ch; ++j) o[j] = INT8_MIN;
        for (int32_t fy = fy0; fy < fy1; ++fy) {
          for (int32_t fx = fx0; fx < fx1; ++fx) {
            const int8_t* x = in + ((n * h + iy0 + fy) * w + ix0 + fx) * ch;
            for (int32_t j = 0; j < ch; ++j) o[j] = x[j] > o[j] ? x[j] : o[j];
          }
        }
        for (int32_t j = 0; j < ch; ++j) o[j] = (int8_t)hb_clamp_i32(o[j], p->act_min, p->act_max);
      }
    }
  }
  return HB_OK;
}
