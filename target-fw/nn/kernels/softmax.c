#include "softmax.h"

#include "nn/fixedpoint.h"
#include "nn/kernel_api.h"
#include "nn/qmath.h"

enum { kScaledDiffIntegerBits = 5, kAccumulationIntegerBits = 12 };

/* exp(beta * scale * diff) in Q0 for diff >= diff_min. */
static int32_t exp_of_diff(const hb_softmax_params* p, int32_t diff) {
  /* MultiplyByQuantizedMultiplierGreaterThanOne: left shift first (plain
   * multiply in TFLite; bounded by diff_min), then the Q31 multiplier. */
  const int32_t shifted = (int32_t)((uint32_t)diff << p->input_left_shift);
  return hb_fp_exp_on_negative_values(hb_sat_rdhm(shifted, p->input_multiplier), kScaledDiffIntegerBits);
}

hb_status hb_k_softmax(const hb_ctx* c) {
  if (c->op->n_in != 1 || c->op->params_bytes != sizeof(hb_softmax_params)) return HB_E_PARAMS;
  const hb_softmax_params* p = (const hb_softmax_params*)hb_params(c);
  const hb_tensor* ti = hb_in_t(c, 0);
  const hb_tensor* to = hb_out_t(c);
  if (ti->dtype != HB_DT_INT8 || to->dtype != HB_DT_INT8) return HB_E_PARAMS;
  if (p->outer <= 0 || p->depth <= 0 || (uint32_t)p->outer * (uint32_t)p->depth != hb_tensor_elems(ti) ||
      hb_tensor_elems(to) != hb_tensor_elems(ti) || p->input_left_shift < 0 || p->input_left_shift > 31)
    return HB_E_PARAMS;

  const int8_t* in = (const int8_t*)hb_in(c, 0);
  int8_t* out = (int8_t*)hb_out(c);
  for (int32_t r = 0; r < p->outer; ++r, in += p->depth, out += p->depth) {
    int32_t max_in_row = -128;
    for (int32_t i = 0; i < p->depth; ++i) max_in_row = hb_max_i32(max_in_row, in[i]);

    int32_t sum_of_exps = 0; /* Q12, wrapping add as in gemmlowp */
    for (int32_t i = 0; i < p->depth; ++i) {
      const int32_t diff = in[i] - max_in_row;
      if (diff >= p->diff_min)
        sum_of_exps = hb_fp_add(sum_of_exps, hb_rdiv_pot(exp_of_diff(p, diff), kAccumulationIntegerBits));
    }

    int num_bits_over_unit = 0;
    const int32_t shifted_scale = hb_fp_reciprocal(sum_of_exps, kAccumulationIntegerBits, &num_bits_over_unit);
    const int exponent = num_bits_over_unit + 31 - 8;
    if (exponent < 0 || exponent > 31) return HB_E_PARAMS; /* TFLite aborts here too (TFLITE_CHECK) */

    for (int32_t i = 0; i < p->depth; ++i) {
      const int32_t diff = in[i] - max_in_row;
      int32_t v = -128;
      if (diff >= p->diff_min) {
        const int32_t unsat = hb_rdiv_pot(hb_sat_rdhm(shifted_scale, exp_of_diff(p, diff)), exponent);
        v = hb_clamp_i32(unsat - 128, -128, 127);
      }
      out[i] = (int8_t)v;
    }
  }
  return HB_OK;
}
