/* Shared output stage of CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED,
 * and the dot-product loop of CONV_2D and FULLY_CONNECTED.
 *
 * These ops compute, per output element, TFLite's
 *   acc = bias[oc] + sum_taps w * (x + input_offset)
 * then requantize. Where every tap of a window lies inside the input, the
 * importer has folded input_offset * sum(w[oc]) into a per-channel bias
 * ("bias_fold"), so the hot loop is a plain int8 x int8 dot product that the
 * compiler vectorises. int32 arithmetic is a ring modulo 2^32, so the
 * reordering gives the very same int32 as TFLite's loop. */
#ifndef HB_KERNELS_CONV_CORE_H
#define HB_KERNELS_CONV_CORE_H

#include <stdint.h>

#include "nn/qmath.h"

/* TFLite's output stage: MultiplyByQuantizedMultiplier, + output zero
 * point, clamp to the fused-activation range. The multiplier is >= 0 (the
 * importer rejects negative scales), so hb_mul_qm_pos applies. */
static inline int8_t hb_requant_i8(int32_t acc, int32_t mult, int32_t shift, int32_t out_off, int32_t act_min,
                                   int32_t act_max) {
  return (int8_t)hb_clamp_i32(hb_mul_qm_pos(acc, mult, (int)shift) + out_off, act_min, act_max);
}

/* Requantization data shared by the conv-like ops (per output channel). */
typedef struct {
  const int32_t* bias; /* already folded: bias + input_offset * sum(w) */
  const int32_t* mult;
  const int32_t* shift;
  int32_t out_off;
  int32_t act_min, act_max;
} hb_conv_out;

/* Window geometry for hb_conv_dot_rows: a window is kh runs of nseg
 * segments of seglen contiguous int8 each. Segment s of run r starts at
 * r * run_step + s * seg_step from the window origin; the weights of one
 * output channel are the kh * nseg * seglen int8 in the same order.
 * 1x1 conv / fully connected: kh = nseg = 1, seglen = depth. */
typedef struct {
  int32_t kh, nseg, seglen;
  int32_t run_step, seg_step;
} hb_conv_window;

/* For npix windows whose origins are origin + p * pix_step, and every output
 * channel: out[p * out_c + oc] = requant(bias[oc] + dot(window_p, w[oc])).
 * Every tap must lie inside the input. */
void hb_conv_dot_rows_ref(const int8_t* origin, int32_t npix, int32_t pix_step, const hb_conv_window* win,
                          const int8_t* w, int32_t out_c, const hb_conv_out* o, int8_t* out);
/* The same on the DSP extension (kernels/arm/conv_dot_dsp.c); on the host
 * it runs with C emulations of the instructions, for the tests. */
void hb_conv_dot_rows_dsp(const int8_t* origin, int32_t npix, int32_t pix_step, const hb_conv_window* win,
                          const int8_t* w, int32_t out_c, const hb_conv_out* o, int8_t* out);

/* The engine uses the DSP kernels where the core has the extension (chosen
 * at compile time, no run-time dispatch), the reference everywhere else. */
#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP
#define HB_NN_DSP 1
#else
#define HB_NN_DSP 0
#endif

static inline void hb_conv_dot_rows(const int8_t* origin, int32_t npix, int32_t pix_step, const hb_conv_window* win,
                                    const int8_t* w, int32_t out_c, const hb_conv_out* o, int8_t* out) {
#if HB_NN_DSP
  hb_conv_dot_rows_dsp(origin, npix, pix_step, win, w, out_c, o, out);
#else
  hb_conv_dot_rows_ref(origin, npix, pix_step, win, w, out_c, o, out);
#endif
}

#endif
