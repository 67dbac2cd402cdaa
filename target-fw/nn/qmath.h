/* Fixed-point primitives with TensorFlow Lite's exact integer semantics
 * (gemmlowp's rounding rules, TFLite's "double rounding" requantization, the
 * default in TFLite Micro reference kernels and CMSIS-NN). Every kernel
 * requantizes through these so bit-exactness has one source. */
#ifndef HB_QMATH_H
#define HB_QMATH_H

#include <stdint.h>

static inline int32_t hb_min_i32(int32_t a, int32_t b) { return a < b ? a : b; }
static inline int32_t hb_max_i32(int32_t a, int32_t b) { return a > b ? a : b; }
static inline int32_t hb_clamp_i32(int32_t v, int32_t lo, int32_t hi) { return v < lo ? lo : (v > hi ? hi : v); }

/* round(a * b / 2^31), saturating the single overflow case INT32_MIN * INT32_MIN. */
static inline int32_t hb_sat_rdhm(int32_t a, int32_t b) {
  if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
  int64_t ab = (int64_t)a * (int64_t)b;
  int32_t nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
  /* Division (not shift) truncates toward zero, as gemmlowp does. */
  return (int32_t)((ab + nudge) / ((int64_t)1 << 31));
}

/* Arithmetic right shift rounding half away from zero. exponent in [0, 31]. */
static inline int32_t hb_rdiv_pot(int32_t x, int exponent) {
  int32_t mask = (int32_t)((((int64_t)1) << exponent) - 1);
  int32_t remainder = x & mask;
  int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/* x * multiplier * 2^shift, multiplier a Q31 in [0.5, 1). */
static inline int32_t hb_mul_qm(int32_t x, int32_t multiplier, int shift) {
  int left = shift > 0 ? shift : 0;
  int right = shift > 0 ? 0 : -shift;
  return hb_rdiv_pot(hb_sat_rdhm((int32_t)((uint32_t)x << left), multiplier), right);
}

/* hb_mul_qm for a multiplier >= 0 (every multiplier the importer computes
 * from positive scales), in 32-bit operations around one 32x32->64
 * multiply: gemmlowp's saturating case cannot occur, and its
 * nudge-then-truncate rounding is then floor((a * m + 2^30) / 2^31), which
 * fits int32 because m < 2^31. Equal to hb_mul_qm for every such input
 * (tests/nn/test_conv2d.cpp). */
static inline int32_t hb_mul_qm_pos(int32_t x, int32_t multiplier, int shift) {
  const int left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
  const int32_t a = (int32_t)((uint32_t)x << left); /* wraps like TFLite's int32 shift */
  const int32_t h = (int32_t)(((int64_t)a * multiplier + ((int64_t)1 << 30)) >> 31);
  const int32_t mask = (int32_t)(((uint32_t)1 << right) - 1u);
  const int32_t threshold = (mask >> 1) + (h < 0);
  return (h >> right) + ((h & mask) > threshold);
}

/* Saturating left shift by a non-negative amount (gemmlowp ShiftLeft on int32). */
static inline int32_t hb_sat_shl(int32_t x, int shift) {
  int64_t v = (int64_t)x * ((int64_t)1 << shift);
  if (v > INT32_MAX) return INT32_MAX;
  if (v < INT32_MIN) return INT32_MIN;
  return (int32_t)v;
}

#endif
