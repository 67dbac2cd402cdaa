/* What a kernel sees: its op, its tensors, its params. Kernels only do
 * arithmetic; everything that does not depend on input data was computed by
 * the importer and stored in the op's params (TFLM's Prepare/Eval split). */
#ifndef HB_KERNEL_API_H
#define HB_KERNEL_API_H

#include "engine.h"

typedef struct {
  const hb_plan* plan;
  uint8_t* arena;
  const hb_op* op;
} hb_ctx;

static inline const hb_tensor* hb_in_t(const hb_ctx* c, int i) { return &c->plan->tensors[c->op->in[i]]; }
static inline const hb_tensor* hb_out_t(const hb_ctx* c) { return &c->plan->tensors[c->op->out]; }
static inline const void* hb_in(const hb_ctx* c, int i) { return hb_tensor_data(c->plan, c->arena, c->op->in[i]); }
static inline void* hb_out(const hb_ctx* c) { return hb_tensor_data(c->plan, c->arena, c->op->out); }
static inline const void* hb_params(const hb_ctx* c) { return c->plan->blob + c->op->params_off; }
/* A constant array stored in the blob (e.g. per-channel multipliers), by blob offset. */
static inline const void* hb_blob_at(const hb_ctx* c, uint32_t off) { return c->plan->blob + off; }

static inline uint32_t hb_tensor_elems(const hb_tensor* t) {
  uint32_t n = 1;
  for (int i = 0; i < t->ndim; ++i) n *= (uint32_t)t->dims[i];
  return n;
}

typedef hb_status (*hb_kernel_fn)(const hb_ctx* c);

/* One per op kind; each defined in kernels/<op>.c. */
hb_status hb_k_conv2d(const hb_ctx* c);
hb_status hb_k_dwconv2d(const hb_ctx* c);
hb_status hb_k_fully_connected(const hb_ctx* c);
hb_status hb_k_avg_pool2d(const hb_ctx* c);
hb_status hb_k_max_pool2d(const hb_ctx* c);
hb_status hb_k_pad(const hb_ctx* c);
hb_status hb_k_add(const hb_ctx* c);
hb_status hb_k_mul(const hb_ctx* c);
hb_status hb_k_mean(const hb_ctx* c);
hb_status hb_k_softmax(const hb_ctx* c);
hb_status hb_k_logistic(const hb_ctx* c);
hb_status hb_k_hard_swish(const hb_ctx* c);
hb_status hb_k_minimum(const hb_ctx* c);
hb_status hb_k_maximum(const hb_ctx* c);
hb_status hb_k_quantize(const hb_ctx* c);
hb_status hb_k_dequantize(const hb_ctx* c);
hb_status hb_k_copy(const hb_ctx* c);

#endif
