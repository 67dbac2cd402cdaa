#include "logistic.h"

#include "nn/fixedpoint.h"
#include "nn/kernel_api.h"
#include "nn/qmath.h"

hb_status hb_k_logistic(const hb_ctx* c) {
  if (c->op->n_in != 1 || c->op->params_bytes != sizeof(hb_logistic_params)) return HB_E_PARAMS;
  const hb_logistic_params* p = (const hb_logistic_params*)hb_params(c);
  const hb_tensor* ti = hb_in_t(c, 0);
  const hb_tensor* to = hb_out_t(c);
  if (ti->dtype != HB_DT_INT8 || to->dtype != HB_DT_INT8 || hb_tensor_elems(ti) != hb_tensor_elems(to))
    return HB_E_PARAMS;
  /* A radius of 0 (huge input scale) saturates everything before the shift is used. */
  if (p->input_range_radius > 0 && (p->input_left_shift < -31 || p->input_left_shift > 30)) return HB_E_PARAMS;

  const int8_t* in = (const int8_t*)hb_in(c, 0);
  int8_t* out = (int8_t*)hb_out(c);
  const uint32_t n = hb_tensor_elems(ti);
  for (uint32_t i = 0; i < n; ++i) {
    const int32_t x = in[i] - p->in_zero_point;
    int32_t v;
    if (x <= -p->input_range_radius) {
      v = -128;
    } else if (x >= p->input_range_radius) {
      v = 127;
    } else {
      const int32_t x_q4 = hb_mul_qm(x, p->input_multiplier, p->input_left_shift);
      const int32_t y_q0 = hb_fp_logistic(x_q4, 4);
      v = hb_clamp_i32(hb_rdiv_pot(y_q0, 31 - 8) - 128, -128, 127);
    }
    out[i] = (int8_t)v;
  }
  return HB_OK;
}
