#include "dequantize.h"

#include "nn/kernel_api.h"

hb_status hb_k_dequantize(const hb_ctx* c) {
  if (c->op->n_in != 1 || c->op->params_bytes != sizeof(hb_dequantize_params)) return HB_E_PARAMS;
  const hb_dequantize_params* p = (const hb_dequantize_params*)hb_params(c);
  const hb_tensor* ti = hb_in_t(c, 0);
  const hb_tensor* to = hb_out_t(c);
  const uint32_t n = hb_tensor_elems(ti);
  if (to->dtype != HB_DT_FLOAT32 || n != hb_tensor_elems(to)) return HB_E_PARAMS;
  float* out = (float*)hb_out(c);
  if (ti->dtype == HB_DT_INT8) {
    const int8_t* in = (const int8_t*)hb_in(c, 0);
    for (uint32_t i = 0; i < n; ++i) out[i] = p->scale * (float)(in[i] - p->zero_point);
  } else if (ti->dtype == HB_DT_UINT8) {
    const uint8_t* in = (const uint8_t*)hb_in(c, 0);
    for (uint32_t i = 0; i < n; ++i) out[i] = p->scale * (float)(in[i] - p->zero_point);
  } else {
    return HB_E_PARAMS;
  }
  return HB_OK;
}
