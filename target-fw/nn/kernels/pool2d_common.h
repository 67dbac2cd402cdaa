/* What AVERAGE_POOL_2D and MAX_POOL_2D Eval check and read alike: one int8
 * [N,H,W,C] input, an int8 output with the same N and C, positive strides. */
#ifndef HB_KERNELS_POOL2D_COMMON_H
#define HB_KERNELS_POOL2D_COMMON_H

#include "avg_pool2d.h"
#include "nn/kernel_api.h"

typedef struct {
  const hb_pool2d_params* p;
  int32_t nb, h, w, ch; /* input [N,H,W,C] */
  int32_t oh, ow;       /* output height and width */
  const int8_t* in;
  int8_t* out;
} hb_pool2d_op;

static inline hb_status hb_pool2d_open(const hb_ctx* c, hb_pool2d_op* o) {
  o->p = (const hb_pool2d_params*)hb_params(c);
  if (c->op->n_in != 1 || c->op->params_bytes != sizeof(*o->p)) return HB_E_PARAMS;
  const hb_tensor *ti = hb_in_t(c, 0), *to = hb_out_t(c);
  if (ti->ndim != 4 || to->ndim != 4 || ti->dtype != HB_DT_INT8 || to->dtype != HB_DT_INT8) return HB_E_PARAMS;
  o->nb = ti->dims[0], o->h = ti->dims[1], o->w = ti->dims[2], o->ch = ti->dims[3];
  o->oh = to->dims[1], o->ow = to->dims[2];
  if (to->dims[0] != o->nb || to->dims[3] != o->ch || o->p->stride_h < 1 || o->p->stride_w < 1) return HB_E_PARAMS;
  o->in = (const int8_t*)hb_in(c, 0);
  o->out = (int8_t*)hb_out(c);
  return HB_OK;
}

#endif
