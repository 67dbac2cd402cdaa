// DEPTHWISE_CONV_2D Prepare: TFLite Micro's DepthwiseConvPrepare /
// CalculateOpDataDepthwiseConv for int8 (depthwise_conv_common.cc).
#include <cstring>

#include "model/ops/conv_common.h"
#include "model/ops/ops.h"
#include "model/quant_util.h"

extern "C" {
#include "nn/kernels/dwconv2d.h"
}

namespace hb::model {

void lower_dwconv2d(LowerCtx& c) {
  require_int8_conv_operands(c);
  const Tensor& in = c.in(0);
  const Tensor& filt = c.in(1);
  const Tensor& out = c.out();
  const Options& opt = c.op().opt;

  const int32_t n = in.shape[0], h = in.shape[1], w = in.shape[2], cin = in.shape[3];
  const int32_t kh = filt.shape[1], kw = filt.shape[2], oc = filt.shape[3];
  c.require(filt.shape[0] == 1, "filter must have shape [1, KH, KW, C]");
  c.require(cin > 0 && oc % cin == 0 && opt.depth_multiplier == oc / cin,
            "depth_multiplier " + std::to_string(opt.depth_multiplier) + " does not match " + std::to_string(cin) +
                " input and " + std::to_string(oc) + " output channels");
  require_conv_quantization_and_options(c, oc, 3);

  const PadOut ph = compute_padding(opt.padding, h, kh, opt.stride_h, opt.dilation_h);
  const PadOut pw = compute_padding(opt.padding, w, kw, opt.stride_w, opt.dilation_w);
  c.require(out.shape[0] == n && out.shape[1] == ph.out && out.shape[2] == pw.out && out.shape[3] == oc,
            "output shape does not match input, filter, stride and padding");
  c.require(static_cast<int64_t>(filt.data.size()) == static_cast<int64_t>(kh) * kw * oc,
            "filter data size does not match its shape");

  const std::vector<int32_t> bias = conv_bias(c, oc);

  const int32_t in_zp = zero_point_of(in), out_zp = zero_point_of(out);
  hb_dwconv2d_params p{};
  p.stride_h = opt.stride_h;
  p.stride_w = opt.stride_w;
  p.dilation_h = opt.dilation_h;
  p.dilation_w = opt.dilation_w;
  p.pad_h = ph.pad;
  p.pad_w = pw.pad;
  p.depth_multiplier = oc / cin;
  p.input_offset = -in_zp;
  p.output_offset = out_zp;
  activation_range(opt.fused_activation, scale_of(out), out_zp, -128, 127, &p.act_min, &p.act_max);

  const std::vector<QMult> qm = per_channel_multipliers(scale_of(in), filt.q.scale, scale_of(out), oc);
  std::vector<int32_t> mult(static_cast<size_t>(oc)), shift(static_cast<size_t>(oc));
  for (size_t o = 0; o < mult.size(); ++o) {
    mult[o] = qm[o].multiplier;
    shift[o] = qm[o].shift;
  }
  p.bias_off = c.add_array(bias);
  p.mult_off = c.add_array(mult);
  p.shift_off = c.add_array(shift);

  c.macs = static_cast<int64_t>(n) * ph.out * pw.out * oc * kh * kw;
  const uint16_t t_in = c.act_in(0);
  const uint16_t t_f = c.const_in(1);
  const uint16_t t_out = c.act_out();
  c.emit(HB_OP_DWCONV2D, {t_in, t_f}, t_out, p);
}

}  // namespace hb::model
