/* FULLY_CONNECTED Eval: TFLite's reference FullyConnected as a batch of dot
 * products (the same inner loop as a 1x1 convolution), with input_offset
 * folded into the bias by the importer. */
#include "fully_connected.h"

#include "conv_core.h"
#include "nn/kernel_api.h"

hb_status hb_k_fully_connected(const hb_ctx* c) {
  const hb_fully_connected_params* p = (const hb_fully_connected_params*)hb_params(c);
  if (c->op->n_in != 2 || c->op->params_bytes != sizeof(*p)) return HB_E_PARAMS;
  const hb_tensor *ti = hb_in_t(c, 0), *tw = hb_in_t(c, 1), *to = hb_out_t(c);
  if (ti->dtype != HB_DT_INT8 || tw->dtype != HB_DT_INT8 || to->dtype != HB_DT_INT8) return HB_E_PARAMS;
  if (p->batches < 1 || p->depth < 1 || p->units < 1) return HB_E_PARAMS;
  if (hb_tensor_elems(ti) != (uint32_t)p->batches * (uint32_t)p->depth ||
      hb_tensor_elems(tw) != (uint32_t)p->units * (uint32_t)p->depth ||
      hb_tensor_elems(to) != (uint32_t)p->batches * (uint32_t)p->units)
    return HB_E_PARAMS;
  const hb_conv_window win = {1, 1, p->depth, 0, 0};
  const hb_conv_out o = {(const int32_t*)hb_blob_at(c, p->bias_fold_off),
                         (const int32_t*)hb_blob_at(c, p->mult_off),
                         (const int32_t*)hb_blob_at(c, p->shift_off),
                         p->output_offset,
                         p->act_min,
                         p->act_max};
  hb_conv_dot_rows((const int8_t*)hb_in(c, 0), p->batches, p->depth, &win, (const int8_t*)hb_in(c, 1), p->units, &o,
                   (int8_t*)hb_out(c));
  return HB_OK;
}
