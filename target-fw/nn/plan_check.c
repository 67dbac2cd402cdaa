/* The per-kind check table (beside the kernel table in engine.c) and the
 * helpers the checks share. */
#include "plan_check.h"

#include "kernels/add.h"
#include "kernels/avg_pool2d.h"
#include "kernels/conv2d.h"
#include "kernels/dequantize.h"
#include "kernels/dwconv2d.h"
#include "kernels/fully_connected.h"
#include "kernels/hard_swish.h"
#include "kernels/logistic.h"
#include "kernels/max_pool2d.h"
#include "kernels/maximum.h"
#include "kernels/mean.h"
#include "kernels/minimum.h"
#include "kernels/mul.h"
#include "kernels/pad.h"
#include "kernels/quantize.h"
#include "kernels/softmax.h"

/* Indexed by enum hb_op_kind. */
static const hb_op_rule k_rules[HB_OP_KIND_COUNT] = {
    [HB_OP_CONV2D] = {sizeof(hb_conv2d_params), 2, hb_chk_conv2d},
    [HB_OP_DWCONV2D] = {sizeof(hb_dwconv2d_params), 2, hb_chk_dwconv2d},
    [HB_OP_FULLY_CONNECTED] = {sizeof(hb_fully_connected_params), 2, hb_chk_fully_connected},
    [HB_OP_AVG_POOL2D] = {sizeof(hb_avg_pool2d_params), 1, hb_chk_avg_pool2d},
    [HB_OP_MAX_POOL2D] = {sizeof(hb_max_pool2d_params), 1, hb_chk_max_pool2d},
    [HB_OP_PAD] = {sizeof(hb_pad_params), 1, hb_chk_pad},
    [HB_OP_ADD] = {sizeof(hb_add_params), 2, hb_chk_add},
    [HB_OP_MUL] = {sizeof(hb_mul_params), 2, hb_chk_mul},
    [HB_OP_MEAN] = {sizeof(hb_mean_params), 1, hb_chk_mean},
    [HB_OP_SOFTMAX] = {sizeof(hb_softmax_params), 1, hb_chk_softmax},
    [HB_OP_LOGISTIC] = {sizeof(hb_logistic_params), 1, hb_chk_logistic},
    [HB_OP_HARD_SWISH] = {sizeof(hb_hard_swish_params), 1, hb_chk_hard_swish},
    [HB_OP_MINIMUM] = {sizeof(hb_minimum_params), 2, hb_chk_minmax},
    [HB_OP_MAXIMUM] = {sizeof(hb_maximum_params), 2, hb_chk_minmax},
    [HB_OP_QUANTIZE] = {sizeof(hb_quantize_params), 1, hb_chk_quantize},
    [HB_OP_DEQUANTIZE] = {sizeof(hb_dequantize_params), 1, hb_chk_dequantize},
    [HB_OP_COPY] = {HB_PARAMS_ANY, 1, hb_chk_copy},
};

const hb_op_rule* hb_op_rule_for(uint32_t kind) {
  if (kind >= HB_OP_KIND_COUNT || k_rules[kind].check == 0) return 0;
  return &k_rules[kind];
}

uint32_t hb_chk_elems(const hb_tensor* t) {
  uint32_t n = 1;
  for (int i = 0; i < t->ndim; ++i) n *= (uint32_t)t->dims[i];
  return n;
}

int hb_chk_i8(const hb_tensor* t, int ndim) { return t->dtype == HB_DT_INT8 && (ndim < 0 || t->ndim == ndim); }

const int32_t* hb_chk_i32_array(const hb_check_ctx* c, uint32_t off, uint32_t count) {
  if ((off & 3u) != 0 || (uint64_t)off + (uint64_t)count * 4u > c->size) return 0;
  return (const int32_t*)(const void*)(c->blob + off);
}

int hb_chk_all_in(const int32_t* a, uint32_t count, int32_t lo, int32_t hi) {
  for (uint32_t i = 0; i < count; ++i)
    if (a[i] < lo || a[i] > hi) return 0;
  return 1;
}

int hb_chk_act(int32_t act_min, int32_t act_max) { return act_min >= -128 && act_max <= 127 && act_min <= act_max; }

hb_status hb_chk_requant(const hb_check_ctx* c, uint32_t bias_off, uint32_t bias2_off, uint32_t mult_off,
                         uint32_t shift_off, uint32_t channels, uint64_t taps) {
  const int32_t* bias = hb_chk_i32_array(c, bias_off, channels);
  const int32_t* bias2 = bias2_off == HB_NO_ARRAY ? 0 : hb_chk_i32_array(c, bias2_off, channels);
  const int32_t* mult = hb_chk_i32_array(c, mult_off, channels);
  const int32_t* shift = hb_chk_i32_array(c, shift_off, channels);
  if (!bias || (bias2_off != HB_NO_ARRAY && !bias2) || !mult || !shift || taps > ((uint64_t)1 << 16))
    return HB_E_PARAMS;
  const int64_t tap_sum = (int64_t)taps << 15;
  for (uint32_t i = 0; i < channels; ++i) {
    if (mult[i] < 0 || shift[i] < -31 || shift[i] > 31) return HB_E_PARAMS;
    int64_t b = bias[i] < 0 ? -(int64_t)bias[i] : bias[i];
    if (bias2) {
      const int64_t b2 = bias2[i] < 0 ? -(int64_t)bias2[i] : bias2[i];
      if (b2 > b) b = b2;
    }
    /* The int32 accumulation itself never overflows. */
    if (b + tap_sum > HB_ACC_LIMIT) return HB_E_PARAMS;
    /* A left shift wraps (defined, as TFLite's int32 shift); the high product
     * of any int32 with mult < 2^31 - 256 then leaves room for the zero point.
     * Larger multipliers only without a left shift (the accumulator bound
     * above then holds for the product too). */
    if (mult[i] > HB_ACC_LIMIT && shift[i] > 0) return HB_E_PARAMS;
  }
  return HB_OK;
}

int hb_chk_window(int32_t out, int32_t stride, int32_t dilation, int32_t filter, int32_t pad, int32_t in) {
  const int64_t lim = (int64_t)1 << 30;
  if (out < 1 || stride < 1 || dilation < 1 || filter < 1 || pad < 0 || in < 1) return 0;
  /* A dilation beyond the input only reads padding (TFLite allows it); the
   * callers bound dilation * row stride to int32 themselves. */
  if (stride > lim || dilation > lim || pad > lim) return 0;
  const int64_t last = (int64_t)(out - 1) * stride + (int64_t)(filter - 1) * dilation;
  return last <= lim;
}
