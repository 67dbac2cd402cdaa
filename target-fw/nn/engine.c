#include "engine.h"

#include <stddef.h>

#include "kernel_api.h"
#include "plan_check.h"

/* Indexed by enum hb_op_kind. */
static const hb_kernel_fn k_kernels[HB_OP_KIND_COUNT] = {
    [HB_OP_CONV2D] = hb_k_conv2d,
    [HB_OP_DWCONV2D] = hb_k_dwconv2d,
    [HB_OP_FULLY_CONNECTED] = hb_k_fully_connected,
    [HB_OP_AVG_POOL2D] = hb_k_avg_pool2d,
    [HB_OP_MAX_POOL2D] = hb_k_max_pool2d,
    [HB_OP_PAD] = hb_k_pad,
    [HB_OP_ADD] = hb_k_add,
    [HB_OP_MUL] = hb_k_mul,
    [HB_OP_MEAN] = hb_k_mean,
    [HB_OP_SOFTMAX] = hb_k_softmax,
    [HB_OP_LOGISTIC] = hb_k_logistic,
    [HB_OP_HARD_SWISH] = hb_k_hard_swish,
    [HB_OP_MINIMUM] = hb_k_minimum,
    [HB_OP_MAXIMUM] = hb_k_maximum,
    [HB_OP_QUANTIZE] = hb_k_quantize,
    [HB_OP_DEQUANTIZE] = hb_k_dequantize,
    [HB_OP_COPY] = hb_k_copy,
};

const char* hb_status_str(hb_status s) {
  switch (s) {
    case HB_OK:
      return "ok";
    case HB_E_MAGIC:
      return "not a model plan (bad magic)";
    case HB_E_VERSION:
      return "unsupported model plan version";
    case HB_E_SIZE:
      return "model plan truncated or tables out of bounds";
    case HB_E_CRC:
      return "model plan CRC mismatch (corrupt)";
    case HB_E_TENSOR:
      return "model plan tensor out of bounds";
    case HB_E_OP:
      return "model plan op invalid";
    case HB_E_PARAMS:
      return "model plan op params invalid";
    case HB_E_ARENA:
      return "arena too small for model plan";
    case HB_E_ALIGN:
      return "model plan or arena not 16-byte aligned";
  }
  return "unknown error";
}

uint32_t hb_crc32(uint32_t crc, const void* data, size_t len) {
  /* Bitwise CRC-32 (IEEE 802.3, reflected): no table, so no RAM/flash cost;
   * only run once per plan load. */
  const uint8_t* p = (const uint8_t*)data;
  crc = ~crc;
  for (size_t i = 0; i < len; ++i) {
    crc ^= p[i];
    for (int b = 0; b < 8; ++b) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

/* off + len <= limit, in 64 bits so no sum or product can wrap. */
static int range_ok(uint64_t off, uint64_t len, uint64_t limit) { return off <= limit && len <= limit - off; }

static uint32_t dtype_size(uint8_t dt) {
  switch (dt) {
    case HB_DT_INT8:
    case HB_DT_UINT8:
      return 1;
    case HB_DT_INT16:
      return 2;
    case HB_DT_INT32:
    case HB_DT_FLOAT32:
      return 4;
    default:
      return 0;
  }
}

uint32_t hb_plan_crc(const void* blob, uint32_t total_bytes) {
  static const uint8_t zero[4] = {0, 0, 0, 0};
  const uint8_t* b = (const uint8_t*)blob;
  const size_t at = offsetof(hb_plan_header, crc32);
  uint32_t crc = hb_crc32(0, b, at);
  crc = hb_crc32(crc, zero, sizeof zero);
  return hb_crc32(crc, b + at + 4, total_bytes - at - 4);
}

static hb_status check_header(const uint8_t* b, uint32_t size) {
  if (((uintptr_t)b & (HB_PLAN_ALIGN - 1u)) != 0) return HB_E_ALIGN;
  if (size < sizeof(hb_plan_header)) return HB_E_SIZE;
  const hb_plan_header* h = (const hb_plan_header*)(const void*)b;
  if (h->magic != HB_PLAN_MAGIC) return HB_E_MAGIC;
  if (h->version != HB_PLAN_VERSION) return HB_E_VERSION;
  if (h->total_bytes > size || h->total_bytes < sizeof(hb_plan_header)) return HB_E_SIZE;
  /* The CRC covers the header too: nothing below is trusted before it. */
  if (hb_plan_crc(b, h->total_bytes) != h->crc32) return HB_E_CRC;
  size = h->total_bytes;
  if (h->flags != 0 || h->name[sizeof h->name - 1] != 0) return HB_E_SIZE;
  if (h->n_tensors == 0 || h->n_tensors > 0xFFFFu || (h->tensors_off & 3u) || (h->ops_off & 3u)) return HB_E_SIZE;
  if (!range_ok(h->tensors_off, (uint64_t)h->n_tensors * sizeof(hb_tensor), size)) return HB_E_SIZE;
  if (!range_ok(h->ops_off, (uint64_t)h->n_ops * sizeof(hb_op), size)) return HB_E_SIZE;
  if (h->input_tensor >= h->n_tensors || h->output_tensor >= h->n_tensors) return HB_E_TENSOR;
  return HB_OK;
}

static hb_status check_tensor(const hb_plan_header* h, const hb_tensor* t) {
  const uint32_t es = dtype_size(t->dtype);
  if (es == 0 || t->ndim > HB_MAX_DIMS) return HB_E_TENSOR;
  uint64_t n = es;
  for (int d = 0; d < HB_MAX_DIMS; ++d) {
    if (t->dims[d] <= 0 || t->dims[d] > 0xFFFFFF) return HB_E_TENSOR;
    if (d < t->ndim) n *= (uint64_t)t->dims[d]; /* <= 4 * 2^24 * 2^31: no wrap */
    if (n > 0x7FFFFFFFu) return HB_E_TENSOR;
  }
  if (n != t->bytes) return HB_E_TENSOR;
  const uint32_t limit = t->where == HB_IN_ARENA ? h->arena_bytes : (t->where == HB_IN_BLOB ? h->total_bytes : 0);
  if (!range_ok(t->offset, t->bytes, limit) || (t->offset & 3u)) return HB_E_TENSOR;
  return HB_OK;
}

static int overlap(const hb_tensor* a, const hb_tensor* b) {
  return a->where == b->where && (uint64_t)a->offset < (uint64_t)b->offset + b->bytes &&
         (uint64_t)b->offset < (uint64_t)a->offset + a->bytes;
}

/* Generic op checks (table entries, tensor indices, params range), then the
 * kind's own (plan_check.h). */
static hb_status check_op(const uint8_t* b, const hb_plan_header* h, const hb_tensor* ts, const hb_op* o) {
  const hb_op_rule* r = hb_op_rule_for(o->kind);
  if (!r || k_kernels[o->kind] == 0) return HB_E_OP;
  if (o->n_in != r->n_in || o->n_out != 1) return HB_E_OP;
  for (int k = 0; k < o->n_in; ++k)
    if (o->in[k] >= h->n_tensors) return HB_E_OP;
  if (o->out >= h->n_tensors || ts[o->out].where != HB_IN_ARENA) return HB_E_OP;
  /* Kernels read inputs while writing the output: only COPY (memmove) may overlap them. */
  if (o->kind != HB_OP_COPY)
    for (int k = 0; k < o->n_in; ++k)
      if (overlap(&ts[o->in[k]], &ts[o->out])) return HB_E_OP;
  if (!range_ok(o->params_off, o->params_bytes, h->total_bytes) || (o->params_off & 3u)) return HB_E_PARAMS;
  if (r->params_bytes != HB_PARAMS_ANY && o->params_bytes != r->params_bytes) return HB_E_PARAMS;
  const hb_check_ctx c = {b, h->total_bytes, ts, o};
  return r->check(&c);
}

hb_status hb_plan_open(hb_plan* p, const void* blob, uint32_t size) {
  const uint8_t* b = (const uint8_t*)blob;
  p->bad_op = HB_NO_OP;
  hb_status s = check_header(b, size);
  if (s != HB_OK) return s;
  const hb_plan_header* h = (const hb_plan_header*)(const void*)b;
  const hb_tensor* ts = (const hb_tensor*)(const void*)(b + h->tensors_off);
  for (uint32_t i = 0; i < h->n_tensors; ++i)
    if ((s = check_tensor(h, &ts[i])) != HB_OK) return s;
  if (ts[h->input_tensor].where != HB_IN_ARENA || ts[h->output_tensor].where != HB_IN_ARENA) return HB_E_TENSOR;
  const hb_op* ops = (const hb_op*)(const void*)(b + h->ops_off);
  for (uint32_t i = 0; i < h->n_ops; ++i) {
    if ((s = check_op(b, h, ts, &ops[i])) != HB_OK) {
      p->bad_op = i;
      return s;
    }
  }
  p->blob = b;
  p->hdr = h;
  p->tensors = ts;
  p->ops = ops;
  return HB_OK;
}

void* hb_tensor_data(const hb_plan* p, uint8_t* arena, uint32_t tensor) {
  const hb_tensor* t = &p->tensors[tensor];
  return t->where == HB_IN_ARENA ? (void*)(arena + t->offset) : (void*)(uintptr_t)(p->blob + t->offset);
}

hb_status hb_run(const hb_plan* p, uint8_t* arena, uint32_t arena_size, hb_op_hook hook, void* user) {
  if (arena_size < p->hdr->arena_bytes) return HB_E_ARENA;
  if (((uintptr_t)arena & (HB_PLAN_ALIGN - 1u)) != 0) return HB_E_ALIGN;
  hb_ctx c = {p, arena, 0};
  for (uint32_t i = 0; i < p->hdr->n_ops; ++i) {
    c.op = &p->ops[i];
    if (hook) hook(user, i, 0);
    hb_status s = k_kernels[c.op->kind](&c);
    if (hook) hook(user, i, 1);
    if (s != HB_OK) return s;
  }
  return HB_OK;
}
