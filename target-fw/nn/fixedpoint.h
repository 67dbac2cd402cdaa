/* gemmlowp-style fixed-point math on int32 raw values, with the exact integer
 * semantics TensorFlow Lite's reference kernels get from gemmlowp's
 * fixedpoint.h (exp_on_negative_values, one_over_one_plus_x_for_x_in_0_1,
 * logistic) and from TFLite's GetReciprocal. A value in format Qm ("m integer
 * bits") is raw / 2^(31 - m). Functions take the integer bits as a run-time
 * argument instead of gemmlowp's template parameter.
 *
 * gemmlowp's plain +/- wrap on overflow in practice (undefined in C), so they
 * are done in uint32 here to get the same bits without undefined behaviour. */
#ifndef HB_FIXEDPOINT_H
#define HB_FIXEDPOINT_H

#include <stdint.h>

#include "qmath.h"

static inline int32_t hb_fp_add(int32_t a, int32_t b) { return (int32_t)((uint32_t)a + (uint32_t)b); }
static inline int32_t hb_fp_sub(int32_t a, int32_t b) { return (int32_t)((uint32_t)a - (uint32_t)b); }
static inline int32_t hb_fp_neg(int32_t a) { return (int32_t)(0u - (uint32_t)a); }

/* Count of leading zero bits; 32 for 0. */
static inline int hb_clz32(uint32_t x) {
  if (x == 0) return 32;
#if defined(__GNUC__)
  return __builtin_clz(x);
#else
  int n = 0;
  while (!(x & 0x80000000u)) {
    x <<= 1;
    ++n;
  }
  return n;
#endif
}

/* gemmlowp SaturatingRoundingMultiplyByPOT: exponent > 0 is a saturating left
 * shift, < 0 a rounding right shift. Rescale<dst>(x of src bits) is this with
 * exponent src - dst. */
static inline int32_t hb_fp_mul_pot(int32_t x, int exponent) {
  if (exponent > 0) return hb_sat_shl(x, exponent);
  if (exponent < 0) return hb_rdiv_pot(x, -exponent);
  return x;
}

/* (a + b) / 2 rounded half away from zero (gemmlowp RoundingHalfSum). */
static inline int32_t hb_fp_rounding_half_sum(int32_t a, int32_t b) {
  int64_t sum = (int64_t)a + (int64_t)b;
  int64_t sign = sum >= 0 ? 1 : -1;
  return (int32_t)((sum + sign) / 2);
}

/* exp(a) for a in [-1/4, 0), a and result in Q0. Taylor expansion around -1/8. */
static inline int32_t hb_fp_exp_on_interval_neg_quarter_0(int32_t a) {
  const int32_t constant_term = 1895147668;    /* exp(-1/8) in Q0 */
  const int32_t constant_1_over_3 = 715827883; /* 1/3 in Q0 */
  int32_t x = hb_fp_add(a, 1 << 28);           /* a + 1/8 */
  int32_t x2 = hb_sat_rdhm(x, x);
  int32_t x3 = hb_sat_rdhm(x2, x);
  int32_t x4 = hb_sat_rdhm(x2, x2);
  int32_t x4_over_4 = hb_rdiv_pot(x4, 2);
  int32_t poly = hb_rdiv_pot(hb_fp_add(hb_sat_rdhm(hb_fp_add(x4_over_4, x3), constant_1_over_3), x2), 1);
  return hb_fp_add(constant_term, hb_sat_rdhm(constant_term, hb_fp_add(x, poly)));
}

/* exp(a) for a <= 0 in Q<integer_bits>, result in Q0 (gemmlowp
 * exp_on_negative_values). integer_bits in [0, 30]. */
static inline int32_t hb_fp_exp_on_negative_values(int32_t a, int integer_bits) {
  const int frac_bits = 31 - integer_bits;
  const int32_t one_quarter = (int32_t)(1u << (frac_bits - 2));
  const int32_t mask = one_quarter - 1;
  const int32_t a_mod_quarter_minus_quarter = hb_fp_sub(a & mask, one_quarter);
  int32_t result = hb_fp_exp_on_interval_neg_quarter_0(hb_fp_mul_pot(a_mod_quarter_minus_quarter, integer_bits));
  const uint32_t remainder = (uint32_t)hb_fp_sub(a_mod_quarter_minus_quarter, a);
  /* Barrel shifter: multiply by exp(-2^k) for each bit k of the remainder. */
  static const int32_t k_mult[7] = {1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242};
  for (int e = -2; e <= 4; ++e) {
    if (integer_bits > e) {
      const int shift = frac_bits + e;
      if (remainder & (1u << shift)) result = hb_sat_rdhm(result, k_mult[e + 2]);
    }
  }
  if (integer_bits > 5) {
    const int32_t clamp = -(int32_t)(1u << (36 - integer_bits)); /* -32.0 */
    if (a < clamp) result = 0;
  }
  if (a == 0) result = INT32_MAX; /* One() in Q0 */
  return result;
}

/* 1 / (1 + a) for a in [0, 1), a and result in Q0: Newton-Raphson division
 * with gemmlowp's 48/17 - 32/17 * d start and three iterations (in Q2). */
static inline int32_t hb_fp_one_over_one_plus_x_for_x_in_0_1(int32_t a) {
  const int32_t half_denominator = hb_fp_rounding_half_sum(a, INT32_MAX);
  const int32_t constant_48_over_17 = 1515870810;      /* Q2 */
  const int32_t constant_neg_32_over_17 = -1010580540; /* Q2 */
  const int32_t one_q2 = 1 << 29;
  int32_t x = hb_fp_add(constant_48_over_17, hb_sat_rdhm(half_denominator, constant_neg_32_over_17));
  for (int i = 0; i < 3; ++i) {
    int32_t half_denominator_times_x = hb_sat_rdhm(half_denominator, x);
    int32_t one_minus = hb_fp_sub(one_q2, half_denominator_times_x);
    x = hb_fp_add(x, hb_fp_mul_pot(hb_sat_rdhm(x, one_minus), 2)); /* Q4 -> Q2 */
  }
  return hb_fp_mul_pot(x, 1); /* x/2 in Q1 -> Q0 */
}

/* logistic(a) = 1 / (1 + exp(-a)), a in Q<integer_bits>, result in Q0. */
static inline int32_t hb_fp_logistic(int32_t a, int integer_bits) {
  if (a == 0) return 1 << 30; /* one half */
  const int32_t abs_a = a > 0 ? a : hb_fp_neg(a);
  const int32_t if_positive =
      hb_fp_one_over_one_plus_x_for_x_in_0_1(hb_fp_exp_on_negative_values(hb_fp_neg(abs_a), integer_bits));
  return a > 0 ? if_positive : hb_fp_sub(INT32_MAX, if_positive);
}

/* TFLite GetReciprocal: 1/x for x > 0 in Q<x_integer_digits>, returned as a
 * Q0 mantissa with *num_bits_over_unit the power of two it must be scaled by. */
static inline int32_t hb_fp_reciprocal(int32_t x, int x_integer_digits, int* num_bits_over_unit) {
  const int headroom_plus_one = hb_clz32((uint32_t)x);
  *num_bits_over_unit = x_integer_digits - headroom_plus_one;
  const uint32_t shifted = headroom_plus_one >= 32 ? 0u : ((uint32_t)x << headroom_plus_one);
  const int32_t shifted_minus_one = (int32_t)(shifted - (1u << 31));
  return hb_fp_one_over_one_plus_x_for_x_in_0_1(shifted_minus_one);
}

#endif
