#include "quantize.h"

#include "nn/kernel_api.h"
#include "nn/qmath.h"

/* TfLiteRound (round half away from zero) of a float, for |x| < 2^31; no libm. */
static int32_t round_half_away(float x) {
  const int32_t t = (int32_t)x;    /* truncates toward zero */
  const float frac = x - (float)t; /* exact: |x| < 2^24 or x already integral */
  if (frac >= 0.5f) return t + 1;
  if (frac <= -0.5f) return t - 1;
  return t;
}

static int32_t quantize_float(float x, float scale) {
  float q = x / scale;
  /* Keep the int conversion defined; anything this large clamps anyway. NaN -> 0. */
  if (!(q == q)) q = 0.0f;
  if (q > 1e9f) q = 1e9f;
  if (q < -1e9f) q = -1e9f;
  return round_half_away(q);
}

hb_status hb_k_quantize(const hb_ctx* c) {
  if (c->op->n_in != 1 || c->op->params_bytes != sizeof(hb_quantize_params)) return HB_E_PARAMS;
  const hb_quantize_params* p = (const hb_quantize_params*)hb_params(c);
  const hb_tensor* ti = hb_in_t(c, 0);
  const hb_tensor* to = hb_out_t(c);
  const uint32_t n = hb_tensor_elems(ti);
  if (n != hb_tensor_elems(to) || p->shift < -31 || p->shift > 30) return HB_E_PARAMS;
  int32_t lo, hi;
  if (to->dtype == HB_DT_INT8) {
    lo = -128;
    hi = 127;
  } else if (to->dtype == HB_DT_UINT8) {
    lo = 0;
    hi = 255;
  } else {
    return HB_E_PARAMS;
  }
  uint8_t* out = (uint8_t*)hb_out(c); /* int8 results are stored by their two's complement byte */
  const void* in = hb_in(c, 0);
  for (uint32_t i = 0; i < n; ++i) {
    int32_t v;
    switch (ti->dtype) {
      case HB_DT_INT8:
        v = hb_mul_qm(((const int8_t*)in)[i] - p->in_zero_point, p->multiplier, p->shift) + p->out_zero_point;
        break;
      case HB_DT_UINT8:
        v = hb_mul_qm(((const uint8_t*)in)[i] - p->in_zero_point, p->multiplier, p->shift) + p->out_zero_point;
        break;
      case HB_DT_FLOAT32:
        v = quantize_float(((const float*)in)[i], p->out_scale) + p->out_zero_point;
        break;
      default:
        return HB_E_PARAMS;
    }
    out[i] = (uint8_t)hb_clamp_i32(v, lo, hi);
  }
  return HB_OK;
}
