/* PAD Eval (int8, constant value): every output element is either the input
 * element it maps to or the pad value, as TFLite's reference PadImpl. Copies
 * whole innermost rows with memcpy. */
#include "pad.h"

#include <string.h>

#include "nn/kernel_api.h"

hb_status hb_k_pad(const hb_ctx* c) {
  const hb_pad_params* p = (const hb_pad_params*)hb_params(c);
  if (c->op->n_in != 1 || c->op->params_bytes != sizeof(*p)) return HB_E_PARAMS;
  const hb_tensor *ti = hb_in_t(c, 0), *to = hb_out_t(c);
  if (ti->dtype != HB_DT_INT8 || to->dtype != HB_DT_INT8) return HB_E_PARAMS;
  int32_t od[4];
  uint32_t in_elems = 1, out_elems = 1;
  for (int i = 0; i < 4; ++i) {
    if (p->in_dims[i] < 0 || p->before[i] < 0 || p->after[i] < 0) return HB_E_PARAMS;
    od[i] = p->before[i] + p->in_dims[i] + p->after[i];
    in_elems *= (uint32_t)p->in_dims[i];
    out_elems *= (uint32_t)od[i];
  }
  if (in_elems != hb_tensor_elems(ti) || out_elems != hb_tensor_elems(to)) return HB_E_PARAMS;
  const int8_t* in = (const int8_t*)hb_in(c, 0);
  int8_t* out = (int8_t*)hb_out(c);
  const int8_t v = (int8_t)p->pad_value;

  memset(out, v, out_elems);
  const int32_t row = p->in_dims[3];
  if (row == 0) return HB_OK;
  for (int32_t a = 0; a < p->in_dims[0]; ++a)
    for (int32_t b = 0; b < p->in_dims[1]; ++b)
      for (int32_t y = 0; y < p->in_dims[2]; ++y) {
        const int8_t* src = in + ((a * p->in_dims[1] + b) * p->in_dims[2] + y) * row;
        int8_t* dst =
            out + (((a + p->before[0]) * od[1] + b + p->before[1]) * od[2] + y + p->before[2]) * od[3] + p->before[3];
        memcpy(dst, src, (size_t)row);
      }
  return HB_OK;
}
