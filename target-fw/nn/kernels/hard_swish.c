#include "hard_swish.h"

#include "nn/kernel_api.h"

/* The arithmetic below is on int16 values, as in TFLite, so every helper
 * narrows its result exactly where TFLite's int16_t expressions do. */

static int16_t sat_left_shift16(int16_t v, int amount) {
  int64_t r = (int64_t)v * ((int64_t)1 << amount);
  if (r > INT16_MAX) r = INT16_MAX;
  if (r < INT16_MIN) r = INT16_MIN;
  return (int16_t)r;
}

/* gemmlowp SaturatingRoundingDoublingHighMul on int16. */
static int16_t sat_rdhm16(int16_t a, int16_t b) {
  if (a == INT16_MIN && b == INT16_MIN) return INT16_MAX;
  const int32_t ab = (int32_t)a * (int32_t)b;
  const int32_t nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
  return (int16_t)((ab + nudge) / (1 << 15));
}

/* TFLite SaturatingDoublingHighMul: like the above but truncating. */
static int16_t sat_dhm16(int16_t a, int16_t b) {
  if (a == INT16_MIN && b == INT16_MIN) return INT16_MAX;
  const int32_t ab = (int32_t)a * (int32_t)b;
  return (int16_t)(ab / (1 << 15));
}

/* gemmlowp RoundingDivideByPOT instantiated for int16 (mask and threshold are
 * int16 values, so exponents >= 16 behave as TFLite's do). */
static int16_t rdiv_pot16(int16_t x, int exponent) {
  const int16_t mask = (int16_t)(uint16_t)((((uint64_t)1) << exponent) - 1u);
  const int16_t remainder = (int16_t)(x & mask);
  const int16_t threshold = (int16_t)((mask >> 1) + (x < 0 ? 1 : 0));
  return (int16_t)((x >> exponent) + (remainder > threshold ? 1 : 0));
}

hb_status hb_k_hard_swish(const hb_ctx* c) {
  if (c->op->n_in != 1 || c->op->params_bytes != sizeof(hb_hard_swish_params)) return HB_E_PARAMS;
  const hb_hard_swish_params* p = (const hb_hard_swish_params*)hb_params(c);
  const hb_tensor* ti = hb_in_t(c, 0);
  const hb_tensor* to = hb_out_t(c);
  if (ti->dtype != HB_DT_INT8 || to->dtype != HB_DT_INT8 || hb_tensor_elems(ti) != hb_tensor_elems(to))
    return HB_E_PARAMS;
  if (p->output_multiplier_exponent > 0 || p->output_multiplier_exponent < -31 || p->reluish_multiplier_exponent > 31 ||
      p->reluish_multiplier_exponent < -31)
    return HB_E_PARAMS;
  const int16_t out_mult = (int16_t)p->output_multiplier_fixedpoint_int16;
  const int16_t relu_mult = (int16_t)p->reluish_multiplier_fixedpoint_int16;
  const int relu_exp = p->reluish_multiplier_exponent;

  const int8_t* in = (const int8_t*)hb_in(c, 0);
  int8_t* out = (int8_t*)hb_out(c);
  const uint32_t n = hb_tensor_elems(ti);
  for (uint32_t i = 0; i < n; ++i) {
    const int16_t x = (int16_t)(in[i] - p->in_zero_point);
    const int16_t x_hires = (int16_t)(x * (1 << 7));
    const int16_t x_preshift_out = sat_rdhm16(x_hires, out_mult);
    /* Rescale x so that 3.0 maps to 32768 (saturating), i.e. [-3, 3] -> [-1, 1]. */
    int16_t reluish = x_hires;
    if (relu_exp > 0) reluish = sat_left_shift16(reluish, relu_exp - 1);
    reluish = sat_rdhm16(reluish, relu_mult);
    if (relu_exp > 0) reluish = sat_left_shift16(reluish, 1);
    if (relu_exp < 0) reluish = rdiv_pot16(reluish, -relu_exp);
    reluish = (int16_t)((reluish + (1 << 15)) >> 1); /* [-1, 1] -> [0, 1] */
    const int16_t preshift = sat_dhm16(reluish, x_preshift_out);
    int16_t v = rdiv_pot16(preshift, -p->output_multiplier_exponent);
    v = (int16_t)(v + p->out_zero_point);
    if (v > 127) v = 127;
    if (v < -128) v = -128;
    out[i] = (int8_t)v;
  }
  return HB_OK;
}
