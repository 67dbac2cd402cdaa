/* AVERAGE_POOL_2D Eval, as TFLite's reference integer AveragePool: only taps
 * inside the input count; rounding half away from zero. Channels innermost so
 * the sums over a block of channels vectorise. */
#include "avg_pool2d.h"

#include "nn/kernel_api.h"
#include "nn/qmath.h"
#include "pool2d_common.h"

#define POOL_BLOCK 64

hb_status hb_k_avg_pool2d(const hb_ctx* c) {
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
        if (fy1 <= fy0 || fx1 <= fx0) return HB_E_PARAMS; /* empty window: TFLite fails too */
        const int32_t count = (fy1 - fy0) * (fx1 - fx0);
        int8_t* o = out + ((n * oh + oy) * ow + ox) * ch;
        for (int32_t c0 = 0; c0 < ch; c0 += POOL_BLOCK) {
          const int32_t cn = hb_min_i32(POOL_BLOCK, ch - c0);
          int32_t acc[POOL_BLOCK];
          for (int32_t j = 0; j < cn; ++j) acc[j] = 0;
          for (int32_t fy = fy0; fy < fy1; ++fy) {
            for (int32_t fx = fx0; fx < fx1; ++fx) {
              const int8_t* x = in + ((n * h + iy0 + fy) * w + ix0 + fx) * ch + c0;
              for (int32_t j = 0; j < cn; ++j) acc[j] += x[j];
            }
          }
          for (int32_t j = 0; j < cn; ++j) {
            const int32_t a = acc[j];
            /* C division truncates toward zero, as C++ does in TFLite. */
            const int32_t avg = a > 0 ? (a + count / 2) / count : (a - count / 2) / count;
            o[c0 + j] = (int8_t)hb_clamp_i32(avg, p->act_min, p->act_max);
          }
        }
      }
    }
  }
  return HB_OK;
}
