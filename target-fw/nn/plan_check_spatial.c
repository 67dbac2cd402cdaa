/* Checks of the window ops: CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED,
 * AVERAGE/MAX_POOL_2D, PAD. */
#include "kernels/avg_pool2d.h"
#include "kernels/conv2d.h"
#include "kernels/dwconv2d.h"
#include "kernels/fully_connected.h"
#include "kernels/pad.h"
#include "plan_check.h"

/* -(int8 zero point) */
static int input_offset_ok(int32_t v) { return v >= -127 && v <= 128; }
static int zp_ok(int32_t v) { return v >= -128 && v <= 127; }

hb_status hb_chk_conv2d(const hb_check_ctx* c) {
  const hb_conv2d_params* p = (const hb_conv2d_params*)hb_chk_params(c);
  const hb_tensor *ti = hb_chk_in(c, 0), *tf = hb_chk_in(c, 1), *to = hb_chk_out(c);
  if (!hb_chk_i8(ti, 4) || !hb_chk_i8(tf, 4) || !hb_chk_i8(to, 4)) return HB_E_PARAMS;
  const int32_t ic = ti->dims[3], oc = tf->dims[0], kh = tf->dims[1], kw = tf->dims[2], fc = tf->dims[3];
  if (to->dims[0] != ti->dims[0] || to->dims[3] != oc || ic % fc != 0) return HB_E_PARAMS;
  if (oc % (ic / fc) != 0) return HB_E_PARAMS;
  if (!hb_chk_window(to->dims[1], p->stride_h, p->dilation_h, kh, p->pad_h, ti->dims[1]) ||
      !hb_chk_window(to->dims[2], p->stride_w, p->dilation_w, kw, p->pad_w, ti->dims[2]))
    return HB_E_PARAMS;
  /* Row and pixel steps of the interior path, in int32. */
  if ((int64_t)p->dilation_h * ti->dims[2] * ic > INT32_MAX || (int64_t)p->stride_w * ic > INT32_MAX)
    return HB_E_PARAMS;
  if (!input_offset_ok(p->input_offset) || !zp_ok(p->output_offset) || !hb_chk_act(p->act_min, p->act_max))
    return HB_E_PARAMS;
  return hb_chk_requant(c, p->bias_off, p->bias_fold_off, p->mult_off, p->shift_off, (uint32_t)oc,
                        (uint64_t)kh * (uint64_t)kw * (uint64_t)fc);
}

hb_status hb_chk_dwconv2d(const hb_check_ctx* c) {
  const hb_dwconv2d_params* p = (const hb_dwconv2d_params*)hb_chk_params(c);
  const hb_tensor *ti = hb_chk_in(c, 0), *tf = hb_chk_in(c, 1), *to = hb_chk_out(c);
  if (!hb_chk_i8(ti, 4) || !hb_chk_i8(tf, 4) || !hb_chk_i8(to, 4)) return HB_E_PARAMS;
  const int32_t ic = ti->dims[3], kh = tf->dims[1], kw = tf->dims[2], oc = tf->dims[3];
  if (tf->dims[0] != 1 || to->dims[0] != ti->dims[0] || to->dims[3] != oc || p->depth_multiplier < 1 ||
      (int64_t)ic * p->depth_multiplier != oc)
    return HB_E_PARAMS;
  if (!hb_chk_window(to->dims[1], p->stride_h, p->dilation_h, kh, p->pad_h, ti->dims[1]) ||
      !hb_chk_window(to->dims[2], p->stride_w, p->dilation_w, kw, p->pad_w, ti->dims[2]))
    return HB_E_PARAMS;
  if (!input_offset_ok(p->input_offset) || !zp_ok(p->output_offset) || !hb_chk_act(p->act_min, p->act_max))
    return HB_E_PARAMS;
  return hb_chk_requant(c, p->bias_off, HB_NO_ARRAY, p->mult_off, p->shift_off, (uint32_t)oc,
                        (uint64_t)kh * (uint64_t)kw);
}

hb_status hb_chk_fully_connected(const hb_check_ctx* c) {
  const hb_fully_connected_params* p = (const hb_fully_connected_params*)hb_chk_params(c);
  const hb_tensor *ti = hb_chk_in(c, 0), *tw = hb_chk_in(c, 1), *to = hb_chk_out(c);
  if (!hb_chk_i8(ti, -1) || !hb_chk_i8(tw, -1) || !hb_chk_i8(to, -1)) return HB_E_PARAMS;
  if (p->batches < 1 || p->depth < 1 || p->units < 1) return HB_E_PARAMS;
  if (hb_chk_elems(ti) != (uint64_t)p->batches * (uint64_t)p->depth ||
      hb_chk_elems(tw) != (uint64_t)p->units * (uint64_t)p->depth ||
      hb_chk_elems(to) != (uint64_t)p->batches * (uint64_t)p->units)
    return HB_E_PARAMS;
  if (!zp_ok(p->output_offset) || !hb_chk_act(p->act_min, p->act_max)) return HB_E_PARAMS;
  const uint32_t n = (uint32_t)p->units;
  /* The bias is folded (bias + input_offset * sum(w)): the loop adds x * w only. */
  return hb_chk_requant(c, p->bias_fold_off, HB_NO_ARRAY, p->mult_off, p->shift_off, n, (uint64_t)p->depth);
}

static hb_status pool_check(const hb_check_ctx* c, int is_avg) {
  const hb_pool2d_params* p = (const hb_pool2d_params*)hb_chk_params(c);
  const hb_tensor *ti = hb_chk_in(c, 0), *to = hb_chk_out(c);
  if (!hb_chk_i8(ti, 4) || !hb_chk_i8(to, 4)) return HB_E_PARAMS;
  if (to->dims[0] != ti->dims[0] || to->dims[3] != ti->dims[3] || !hb_chk_act(p->act_min, p->act_max))
    return HB_E_PARAMS;
  const int32_t h = ti->dims[1], w = ti->dims[2], oh = to->dims[1], ow = to->dims[2];
  if (!hb_chk_window(oh, p->stride_h, 1, p->filter_h, p->pad_h, h) ||
      !hb_chk_window(ow, p->stride_w, 1, p->filter_w, p->pad_w, w))
    return HB_E_PARAMS;
  if (is_avg) {
    /* Every window holds at least one tap (the kernel divides by the count),
     * and a window's sum of int8 fits int32. */
    if (p->pad_h >= p->filter_h || p->pad_w >= p->filter_w) return HB_E_PARAMS;
    if ((int64_t)(oh - 1) * p->stride_h - p->pad_h >= h || (int64_t)(ow - 1) * p->stride_w - p->pad_w >= w)
      return HB_E_PARAMS;
    const int64_t fh = p->filter_h < h ? p->filter_h : h, fw = p->filter_w < w ? p->filter_w : w;
    if (fh * fw * 128 > HB_ACC_LIMIT) return HB_E_PARAMS;
  }
  return HB_OK;
}

hb_status hb_chk_avg_pool2d(const hb_check_ctx* c) { return pool_check(c, 1); }
hb_status hb_chk_max_pool2d(const hb_check_ctx* c) { return pool_check(c, 0); }

hb_status hb_chk_pad(const hb_check_ctx* c) {
  const hb_pad_params* p = (const hb_pad_params*)hb_chk_params(c);
  const hb_tensor *ti = hb_chk_in(c, 0), *to = hb_chk_out(c);
  if (!hb_chk_i8(ti, -1) || !hb_chk_i8(to, -1) || !zp_ok(p->pad_value)) return HB_E_PARAMS;
  uint64_t in_elems = 1, out_elems = 1;
  for (int i = 0; i < 4; ++i) {
    if (p->in_dims[i] < 1 || p->before[i] < 0 || p->after[i] < 0) return HB_E_PARAMS;
    const int64_t od = (int64_t)p->before[i] + p->in_dims[i] + p->after[i];
    if (od > INT32_MAX) return HB_E_PARAMS;
    in_elems *= (uint64_t)p->in_dims[i]; /* each factor < 2^31 and the running product <= 2^31: no wrap */
    out_elems *= (uint64_t)od;
    if (in_elems > INT32_MAX || out_elems > INT32_MAX) return HB_E_PARAMS;
  }
  if (in_elems != hb_chk_elems(ti) || out_elems != hb_chk_elems(to)) return HB_E_PARAMS;
  return HB_OK;
}
