/* Checks of the element-wise and reduction ops: ADD, MUL, MINIMUM, MAXIMUM,
 * MEAN, SOFTMAX, LOGISTIC, HARD_SWISH, QUANTIZE, DEQUANTIZE, COPY. */
#include "kernels/add.h"
#include "kernels/dequantize.h"
#include "kernels/hard_swish.h"
#include "kernels/logistic.h"
#include "kernels/mean.h"
#include "kernels/mul.h"
#include "kernels/quantize.h"
#include "kernels/softmax.h"
#include "plan_check.h"

static int zp_i8(int32_t v) { return v >= -128 && v <= 127; }
/* Zero point of an int8 or uint8 tensor. */
static int zp_8bit(int32_t v) { return v >= -128 && v <= 255; }
/* -(zero point) of an int8 input. */
static int offset_i8(int32_t v) { return v >= -127 && v <= 128; }

/* The broadcast walk stays inside both inputs and covers the output exactly;
 * every index it forms fits int32. */
static hb_status bcast_check(const hb_check_ctx* c) {
  const hb_tensor *a = hb_chk_in(c, 0), *b = hb_chk_in(c, 1), *o = hb_chk_out(c);
  if (!hb_chk_i8(a, -1) || !hb_chk_i8(b, -1) || !hb_chk_i8(o, -1)) return HB_E_PARAMS;
  const hb_bcast4* bc = (const hb_bcast4*)hb_chk_params(c);
  const uint64_t n1 = hb_chk_elems(a), n2 = hb_chk_elems(b), nout = hb_chk_elems(o);
  uint64_t total = 1, last1 = 0, last2 = 0;
  for (int d = 0; d < 4; ++d) {
    const int32_t e = bc->out_dims[d], s1 = bc->in1_strides[d], s2 = bc->in2_strides[d];
    if (e < 1 || (uint64_t)e > nout || s1 < 0 || (uint64_t)s1 > n1 || s2 < 0 || (uint64_t)s2 > n2) return HB_E_PARAMS;
    total *= (uint64_t)e; /* <= nout * nout < 2^62 */
    if (total > nout) return HB_E_PARAMS;
    last1 += (uint64_t)(e - 1) * (uint64_t)s1; /* each term < 2^62, the sum of four < 2^64 */
    last2 += (uint64_t)(e - 1) * (uint64_t)s2;
  }
  if (total != nout || last1 >= n1 || last2 >= n2) return HB_E_PARAMS;
  return HB_OK;
}

hb_status hb_chk_minmax(const hb_check_ctx* c) { return bcast_check(c); }

hb_status hb_chk_add(const hb_check_ctx* c) {
  const hb_status s = bcast_check(c);
  if (s != HB_OK) return s;
  const hb_add_params* p = (const hb_add_params*)hb_chk_params(c);
  /* (offset + x) << 20 is below 2^28; right-shifted input scalings keep each
   * addend there, so the sum stays below 2^29 and one more left shift by
   * the output scaling keeps it inside HB_ACC_LIMIT. */
  if (!offset_i8(p->in1_offset) || !offset_i8(p->in2_offset) || !zp_i8(p->out_offset) ||
      !hb_in_range(p->left_shift, 0, 20) || !hb_chk_act(p->act_min, p->act_max))
    return HB_E_PARAMS;
  if (p->in1_multiplier < 0 || p->in2_multiplier < 0 || p->out_multiplier < 0 || !hb_in_range(p->in1_shift, -31, 0) ||
      !hb_in_range(p->in2_shift, -31, 0) || !hb_in_range(p->out_shift, -31, 1))
    return HB_E_PARAMS;
  return HB_OK;
}

hb_status hb_chk_mul(const hb_check_ctx* c) {
  const hb_status s = bcast_check(c);
  if (s != HB_OK) return s;
  const hb_mul_params* p = (const hb_mul_params*)hb_chk_params(c);
  /* |product| <= 2^16; a left shift of up to 14 keeps it below 2^30. */
  if (!offset_i8(p->in1_offset) || !offset_i8(p->in2_offset) || !zp_i8(p->out_offset) ||
      !hb_chk_act(p->act_min, p->act_max) || p->out_multiplier < 0 || !hb_in_range(p->out_shift, -31, 14))
    return HB_E_PARAMS;
  return HB_OK;
}

hb_status hb_chk_mean(const hb_check_ctx* c) {
  const hb_mean_params* p = (const hb_mean_params*)hb_chk_params(c);
  const hb_tensor *ti = hb_chk_in(c, 0), *to = hb_chk_out(c);
  if (!hb_chk_i8(ti, -1) || !hb_chk_i8(to, -1)) return HB_E_PARAMS;
  uint64_t n_in = 1, n_out = 1;
  for (int d = 0; d < 4; ++d) {
    if (p->in_dims[d] < 1) return HB_E_PARAMS;
    n_in *= (uint64_t)p->in_dims[d];
    if (n_in > INT32_MAX) return HB_E_PARAMS;
    if (!((p->reduce_mask >> d) & 1u)) n_out *= (uint64_t)p->in_dims[d];
  }
  if ((p->reduce_mask >> 4) != 0 || n_in != hb_chk_elems(ti) || n_out != hb_chk_elems(to) || p->count < 1 ||
      (uint64_t)p->count * n_out != n_in)
    return HB_E_PARAMS;
  if (!zp_i8(p->in_zero_point) || !zp_i8(p->out_zero_point) || p->multiplier < 0 || !hb_in_range(p->shift, -31, 30))
    return HB_E_PARAMS;
  /* |sum - zp * count| <= 256 * count, left-shifted by a positive shift. */
  const int64_t acc = (int64_t)p->count * 256;
  if (acc > HB_ACC_LIMIT || (p->shift > 0 && (acc << p->shift) > HB_ACC_LIMIT)) return HB_E_PARAMS;
  return HB_OK;
}

hb_status hb_chk_softmax(const hb_check_ctx* c) {
  const hb_softmax_params* p = (const hb_softmax_params*)hb_chk_params(c);
  const hb_tensor *ti = hb_chk_in(c, 0), *to = hb_chk_out(c);
  if (!hb_chk_i8(ti, -1) || !hb_chk_i8(to, -1) || p->outer < 1 || p->depth < 1) return HB_E_PARAMS;
  if ((uint64_t)p->outer * (uint64_t)p->depth != hb_chk_elems(ti) || hb_chk_elems(to) != hb_chk_elems(ti))
    return HB_E_PARAMS;
  if (!hb_in_range(p->input_left_shift, 0, 31) || p->input_multiplier < 0 || p->diff_min > 0) return HB_E_PARAMS;
  return HB_OK;
}

hb_status hb_chk_logistic(const hb_check_ctx* c) {
  const hb_logistic_params* p = (const hb_logistic_params*)hb_chk_params(c);
  const hb_tensor *ti = hb_chk_in(c, 0), *to = hb_chk_out(c);
  if (!hb_chk_i8(ti, -1) || !hb_chk_i8(to, -1) || hb_chk_elems(ti) != hb_chk_elems(to)) return HB_E_PARAMS;
  if (!zp_i8(p->in_zero_point) || p->input_range_radius < 0 || p->input_multiplier < 0) return HB_E_PARAMS;
  if (p->input_range_radius > 0 && !hb_in_range(p->input_left_shift, -31, 30)) return HB_E_PARAMS;
  return HB_OK;
}

hb_status hb_chk_hard_swish(const hb_check_ctx* c) {
  const hb_hard_swish_params* p = (const hb_hard_swish_params*)hb_chk_params(c);
  const hb_tensor *ti = hb_chk_in(c, 0), *to = hb_chk_out(c);
  if (!hb_chk_i8(ti, -1) || !hb_chk_i8(to, -1) || hb_chk_elems(ti) != hb_chk_elems(to)) return HB_E_PARAMS;
  if (!zp_i8(p->in_zero_point) || !zp_i8(p->out_zero_point) ||
      !hb_in_range(p->output_multiplier_fixedpoint_int16, INT16_MIN, INT16_MAX) ||
      !hb_in_range(p->reluish_multiplier_fixedpoint_int16, INT16_MIN, INT16_MAX) ||
      !hb_in_range(p->output_multiplier_exponent, -31, 0) || !hb_in_range(p->reluish_multiplier_exponent, -31, 31))
    return HB_E_PARAMS;
  return HB_OK;
}

hb_status hb_chk_quantize(const hb_check_ctx* c) {
  const hb_quantize_params* p = (const hb_quantize_params*)hb_chk_params(c);
  const hb_tensor *ti = hb_chk_in(c, 0), *to = hb_chk_out(c);
  if (hb_chk_elems(ti) != hb_chk_elems(to)) return HB_E_PARAMS;
  if (to->dtype == HB_DT_INT8) {
    if (!zp_i8(p->out_zero_point)) return HB_E_PARAMS;
  } else if (to->dtype == HB_DT_UINT8) {
    if (!hb_in_range(p->out_zero_point, 0, 255)) return HB_E_PARAMS;
  } else {
    return HB_E_PARAMS;
  }
  if (ti->dtype == HB_DT_FLOAT32) {
    /* x / scale is clamped before the int conversion; NaN or a zero scale never reach it as UB. */
    if (!(p->out_scale > 0.0f) || p->out_scale > 3.0e38f) return HB_E_PARAMS;
  } else if (ti->dtype == HB_DT_INT8 || ti->dtype == HB_DT_UINT8) {
    /* |q - zp| < 2^9, left-shifted by up to 20: below 2^29. */
    if (!zp_8bit(p->in_zero_point) || p->multiplier < 0 || !hb_in_range(p->shift, -31, 20)) return HB_E_PARAMS;
  } else {
    return HB_E_PARAMS;
  }
  return HB_OK;
}

hb_status hb_chk_dequantize(const hb_check_ctx* c) {
  const hb_dequantize_params* p = (const hb_dequantize_params*)hb_chk_params(c);
  const hb_tensor *ti = hb_chk_in(c, 0), *to = hb_chk_out(c);
  if ((ti->dtype != HB_DT_INT8 && ti->dtype != HB_DT_UINT8) || to->dtype != HB_DT_FLOAT32 ||
      hb_chk_elems(ti) != hb_chk_elems(to) || !zp_8bit(p->zero_point))
    return HB_E_PARAMS;
  return HB_OK;
}

hb_status hb_chk_copy(const hb_check_ctx* c) {
  return hb_chk_in(c, 0)->bytes == hb_chk_out(c)->bytes ? HB_OK : HB_E_PARAMS;
}
