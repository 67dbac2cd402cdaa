#include "mean.h"

#include "nn/kernel_api.h"
#include "nn/qmath.h"

hb_status hb_k_mean(const hb_ctx* c) {
  if (c->op->n_in != 1 || c->op->params_bytes != sizeof(hb_mean_params)) return HB_E_PARAMS;
  const hb_mean_params* p = (const hb_mean_params*)hb_params(c);
  const hb_tensor* ti = hb_in_t(c, 0);
  const hb_tensor* to = hb_out_t(c);
  if (ti->dtype != HB_DT_INT8 || to->dtype != HB_DT_INT8) return HB_E_PARAMS;

  /* Split each dimension into its output extent and its reduced extent. */
  int32_t keep[4], red[4], stride[4];
  uint32_t n_in = 1, n_out = 1;
  for (int d = 3; d >= 0; --d) {
    if (p->in_dims[d] <= 0) return HB_E_PARAMS;
    stride[d] = (int32_t)n_in;
    n_in *= (uint32_t)p->in_dims[d];
    const int reduced = (p->reduce_mask >> d) & 1u;
    keep[d] = reduced ? 1 : p->in_dims[d];
    red[d] = reduced ? p->in_dims[d] : 1;
    n_out *= (uint32_t)keep[d];
  }
  if (n_in != hb_tensor_elems(ti) || n_out != hb_tensor_elems(to) || (uint32_t)p->count * n_out != n_in ||
      p->count <= 0)
    return HB_E_PARAMS;
  if (p->shift < -31 || p->shift > 30) return HB_E_PARAMS;

  const int8_t* in = (const int8_t*)hb_in(c, 0);
  int8_t* out = (int8_t*)hb_out(c);
  /* zp * count wraps like TFLite's int32 arithmetic would. */
  const int32_t zp_sum = (int32_t)((uint32_t)p->in_zero_point * (uint32_t)p->count);
  for (int32_t k0 = 0; k0 < keep[0]; ++k0)
    for (int32_t k1 = 0; k1 < keep[1]; ++k1)
      for (int32_t k2 = 0; k2 < keep[2]; ++k2)
        for (int32_t k3 = 0; k3 < keep[3]; ++k3) {
          const int8_t* base = in + k0 * stride[0] + k1 * stride[1] + k2 * stride[2] + k3 * stride[3];
          uint32_t usum = 0; /* wraps like TFLite's int32 sum, without UB */
          for (int32_t r0 = 0; r0 < red[0]; ++r0)
            for (int32_t r1 = 0; r1 < red[1]; ++r1)
              for (int32_t r2 = 0; r2 < red[2]; ++r2) {
                const int8_t* row = base + r0 * stride[0] + r1 * stride[1] + r2 * stride[2];
                for (int32_t r3 = 0; r3 < red[3]; ++r3) usum += (uint32_t)(int32_t)row[r3 * stride[3]];
              }
          const int32_t shifted = (int32_t)(usum - (uint32_t)zp_sum);
          const int32_t v = hb_mul_qm(shifted, p->multiplier, p->shift) + p->out_zero_point;
          *out++ = (int8_t)hb_clamp_i32(v, -128, 127);
        }
  return HB_OK;
}
