/* The few Armv7E-M / Armv8-M DSP-extension instructions the optimised
 * kernels use, as inline functions: the ACLE intrinsics (<arm_acle.h>) when
 * the compiler targets a core with the DSP extension (__ARM_FEATURE_DSP:
 * Cortex-M4/M7/M33), plain C with the same results everywhere else. The C
 * versions let the host build and test the very same kernel code against the
 * reference kernels (tests/nn/test_dsp_kernels.cpp).
 *
 * Packed values: a uint32_t holds two int16 lanes (bits 0-15 "bottom",
 * 16-31 "top") or four int8 lanes. */
#ifndef HB_KERNELS_ARM_DSP_H
#define HB_KERNELS_ARM_DSP_H

#include <stdint.h>

#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP && !defined(HB_DSP_EMULATE)
#define HB_DSP_NATIVE 1
#include <arm_acle.h>
#else
#define HB_DSP_NATIVE 0
#endif

/* Four int8 from any address (Cortex-M7/M33 LDR handles unaligned words). */
static inline uint32_t hb_ld4(const int8_t* p) {
  uint32_t v;
  __builtin_memcpy(&v, p, 4); /* -ffreestanding: no implicit builtin */
  return v;
}

#if HB_DSP_NATIVE

/* Bytes 0 and 2, sign-extended to the two int16 lanes. */
static inline uint32_t hb_sxtb16(uint32_t x) { return (uint32_t)__sxtb16((int8x4_t)x); }
/* Bytes 1 and 3 (SXTB16 with its free ROR #8). */
static inline uint32_t hb_sxtb16_r8(uint32_t x) {
  uint32_t r;
  __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
  return r;
}
/* a + SXTB16(x) / a + SXTB16(x ROR #8), lane-wise (SXTAB16). */
static inline uint32_t hb_sxtab16(uint32_t a, uint32_t x) { return (uint32_t)__sxtab16((int16x2_t)a, (int8x4_t)x); }
static inline uint32_t hb_sxtab16_r8(uint32_t a, uint32_t x) {
  uint32_t r;
  __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(a), "r"(x));
  return r;
}
/* acc + bottom*bottom + top*top (the sum cannot overflow for our operands). */
static inline int32_t hb_smlad(uint32_t a, uint32_t b, int32_t acc) { return __smlad((int16x2_t)a, (int16x2_t)b, acc); }
static inline int32_t hb_smlabb(uint32_t a, uint32_t b, int32_t acc) { return __smlabb((int32_t)a, (int32_t)b, acc); }
static inline int32_t hb_smlatt(uint32_t a, uint32_t b, int32_t acc) { return __smlatt((int32_t)a, (int32_t)b, acc); }
/* Lane-wise int16 add, wrapping (our lanes never wrap). */
static inline uint32_t hb_sadd16(uint32_t a, uint32_t b) { return (uint32_t)__sadd16((int16x2_t)a, (int16x2_t)b); }

#else

static inline uint32_t hb_pack16(int32_t lo, int32_t hi) { return ((uint32_t)(uint16_t)lo) | ((uint32_t)hi << 16); }
static inline int32_t hb_lo16(uint32_t v) { return (int16_t)(uint16_t)(v & 0xffffu); }
static inline int32_t hb_hi16(uint32_t v) { return (int16_t)(uint16_t)(v >> 16); }
static inline uint32_t hb_sxtb16(uint32_t x) { return hb_pack16((int8_t)(uint8_t)x, (int8_t)(uint8_t)(x >> 16)); }
static inline uint32_t hb_sxtb16_r8(uint32_t x) {
  return hb_pack16((int8_t)(uint8_t)(x >> 8), (int8_t)(uint8_t)(x >> 24));
}
static inline uint32_t hb_sxtab16(uint32_t a, uint32_t x) {
  return hb_pack16(hb_lo16(a) + (int8_t)(uint8_t)x, hb_hi16(a) + (int8_t)(uint8_t)(x >> 16));
}
static inline uint32_t hb_sxtab16_r8(uint32_t a, uint32_t x) {
  return hb_pack16(hb_lo16(a) + (int8_t)(uint8_t)(x >> 8), hb_hi16(a) + (int8_t)(uint8_t)(x >> 24));
}
/* Unsigned arithmetic: wraps like the instruction instead of being UB. */
static inline int32_t hb_smlad(uint32_t a, uint32_t b, int32_t acc) {
  return (int32_t)((uint32_t)acc + (uint32_t)(hb_lo16(a) * hb_lo16(b)) + (uint32_t)(hb_hi16(a) * hb_hi16(b)));
}
static inline int32_t hb_smlabb(uint32_t a, uint32_t b, int32_t acc) {
  return (int32_t)((uint32_t)acc + (uint32_t)(hb_lo16(a) * hb_lo16(b)));
}
static inline int32_t hb_smlatt(uint32_t a, uint32_t b, int32_t acc) {
  return (int32_t)((uint32_t)acc + (uint32_t)(hb_hi16(a) * hb_hi16(b)));
}
static inline uint32_t hb_sadd16(uint32_t a, uint32_t b) {
  return hb_pack16(hb_lo16(a) + hb_lo16(b), hb_hi16(a) + hb_hi16(b));
}

#endif

#endif
