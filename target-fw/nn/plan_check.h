/* Plan validation, per op kind. hb_plan_open checks the header and the tensor
 * table, then calls the check of each op's kind from the table in
 * plan_check.c. A check proves, from the plan alone, that the kernel's every
 * memory access stays inside its tensors and the blob and that its integer
 * arithmetic cannot overflow; kernels then trust the plan. A new op kind (or
 * a new params field) gets its check here, next to the others. */
#ifndef HB_PLAN_CHECK_H
#define HB_PLAN_CHECK_H

#include "engine.h"

/* What a check sees: the blob, the validated tensor table and one op. */
typedef struct {
  const uint8_t* blob;
  uint32_t size; /* blob bytes (header's total_bytes) */
  const hb_tensor* tensors;
  const hb_op* op;
} hb_check_ctx;

typedef hb_status (*hb_op_check_fn)(const hb_check_ctx* c);

/* One row per op kind: the params struct size (exact), the number of inputs,
 * and the kind's own checks. */
typedef struct {
  uint32_t params_bytes; /* HB_PARAMS_ANY: the kind has no params */
  uint8_t n_in;
  hb_op_check_fn check;
} hb_op_rule;

#define HB_PARAMS_ANY 0xFFFFFFFFu

/* The rule for a kind, or NULL for an unknown kind. */
const hb_op_rule* hb_op_rule_for(uint32_t kind);

/* ---- helpers shared by the per-kind checks (plan_check_util.c) ---- */

static inline const void* hb_chk_params(const hb_check_ctx* c) { return c->blob + c->op->params_off; }
static inline const hb_tensor* hb_chk_in(const hb_check_ctx* c, int i) { return &c->tensors[c->op->in[i]]; }
static inline const hb_tensor* hb_chk_out(const hb_check_ctx* c) { return &c->tensors[c->op->out]; }
static inline int hb_in_range(int64_t v, int64_t lo, int64_t hi) { return v >= lo && v <= hi; }

/* Elements of a validated tensor (fits 31 bits: checked at open). */
uint32_t hb_chk_elems(const hb_tensor* t);
/* The tensor is int8 and, if ndim >= 0, of that rank. */
int hb_chk_i8(const hb_tensor* t, int ndim);
/* int32[count] at blob offset off: 4-aligned and inside the blob. */
const int32_t* hb_chk_i32_array(const hb_check_ctx* c, uint32_t off, uint32_t count);
/* Every value of a[count] in [lo, hi]. */
int hb_chk_all_in(const int32_t* a, uint32_t count, int32_t lo, int32_t hi);
/* A fused-activation clamp of an int8 output. */
int hb_chk_act(int32_t act_min, int32_t act_max);

/* Headroom every requantizing kernel needs: a value below this plus an
 * output zero point (|zp| <= 128) cannot overflow int32. */
#define HB_ACC_LIMIT ((int64_t)INT32_MAX - 256)

/* Per-channel requantization of the conv-like ops: for each channel oc,
 * mult >= 0, shift in [-31, 31], |bias[oc]| + taps * 2^15 (the largest
 * |w * (x + input_offset)| sum) under HB_ACC_LIMIT, and a multiplier above
 * HB_ACC_LIMIT only with shift <= 0. All four are blob offsets of
 * int32[channels] and must lie inside the blob; bias2 (HB_NO_ARRAY if the
 * kind has none) is a second bias array with the same bound (the folded bias). */
#define HB_NO_ARRAY 0xFFFFFFFFu
hb_status hb_chk_requant(const hb_check_ctx* c, uint32_t bias_off, uint32_t bias2_off, uint32_t mult_off,
                         uint32_t shift_off, uint32_t channels, uint64_t taps);

/* Sliding-window geometry along one axis: out positions, stride, filter
 * extent (after dilation), padding, input extent. Keeps every index the
 * kernels compute inside int32. */
int hb_chk_window(int32_t out, int32_t stride, int32_t dilation, int32_t filter, int32_t pad, int32_t in);

/* Per-kind checks (plan_check_spatial.c, plan_check_eltwise.c). */
hb_status hb_chk_conv2d(const hb_check_ctx* c);
hb_status hb_chk_dwconv2d(const hb_check_ctx* c);
hb_status hb_chk_fully_connected(const hb_check_ctx* c);
hb_status hb_chk_avg_pool2d(const hb_check_ctx* c);
hb_status hb_chk_max_pool2d(const hb_check_ctx* c);
hb_status hb_chk_pad(const hb_check_ctx* c);
hb_status hb_chk_add(const hb_check_ctx* c);
hb_status hb_chk_mul(const hb_check_ctx* c);
hb_status hb_chk_minmax(const hb_check_ctx* c);
hb_status hb_chk_mean(const hb_check_ctx* c);
hb_status hb_chk_softmax(const hb_check_ctx* c);
hb_status hb_chk_logistic(const hb_check_ctx* c);
hb_status hb_chk_hard_swish(const hb_check_ctx* c);
hb_status hb_chk_quantize(const hb_check_ctx* c);
hb_status hb_chk_dequantize(const hb_check_ctx* c);
hb_status hb_chk_copy(const hb_check_ctx* c);

#endif
