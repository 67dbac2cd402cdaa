// DEPTHWISE_CONV_2D Prepare: TFLite Micro's DepthwiseConvPrepare /
// CalculateOpDataDepthwiseConv for int8 (depthwise_conv_common.cc).
#include <cstring>

#include "model/ops/ops.h"
#include "model/quant_util.h"

extern "C" {
#include "nn/kernels/dwconv2d.h"
}

namespace hb::model {

void lower_dwconv2d(LowerCtx& c) {
  c.require(c.num_inputs() == 2 || c.num_inputs() == 3,
            "expected 2 or 3 inputs, got " + std::to_string(c.num_inputs()));
  const Tensor& in = c.in(0);
  const Tensor& filt = c.in(1);
  const Tensor& out = c.out();
  const Options& opt = c.op().opt;
  c.require(in.type == TType::kInt8, std::string("input type ") + ttype_name(in.type) + " not supported (int8 only)");
  c.require(out.type == TType::kInt8,
            std::string("output type ") + ttype_name(out.type) + " not supported (int8 only)");
  c.require(filt.type == TType::kInt8,
            std::string("filter type ") + ttype_name(filt.type) + " not supported (int8 only)");
  c.require(in.shape.size() == 4 && filt.shape.size() == 4 && out.shape.size() == 4,
            "input, filter and output must be 4-D");
  c.require(filt.is_const(), "filter must be a constant tensor");
  c.require(!in.q.empty() && !out.q.empty() && !filt.q.empty(), "input, filter and output must be quantized");
  c.require(in.q.scale.size() == 1 && out.q.scale.size() == 1, "input and output must be per-tensor quantized");

  const int32_t n = in.shape[0], h = in.shape[1], w = in.shape[2], cin = in.shape[3];
  const int32_t kh = filt.shape[1], kw = filt.shape[2], oc = filt.shape[3];
  c.require(filt.shape[0] == 1, "filter must have shape [1, KH, KW, C]");
  c.require(cin > 0 && oc % cin == 0 && opt.depth_multiplier == oc / cin,
            "depth_multiplier " + std::to_string(opt.depth_multiplier) + " does not match " + std::to_string(cin) +
                " input and " + std::to_string(oc) + " output channels");
  const size_t nsc = filt.q.scale.size();
  c.require(nsc == 1 || (nsc == static_cast<size_t>(oc) && filt.q.quantized_dimension == 3),
            "filter quantization must be per-tensor or per-output-channel (dimension 3)");
  for (int64_t zp : filt.q.zero_point) c.require(zp == 0, "filter zero point must be 0 (symmetric int8 weights)");
  c.require(scale_of(in) > 0 && scale_of(out) > 0, "input and output scales must be positive");
  for (float s : filt.q.scale) c.require(s >= 0, "filter scales must not be negative");
  c.require(opt.stride_h >= 1 && opt.stride_w >= 1 && opt.dilation_h >= 1 && opt.dilation_w >= 1,
            "stride and dilation must be >= 1");
  c.require(opt.fused_activation == kActNone || opt.fused_activation == kActRelu || opt.fused_activation == kActRelu6 ||
                opt.fused_activation == kActReluN1To1,
            "fused activation " + std::to_string(opt.fused_activation) + " not supported");

  const PadOut ph = compute_padding(opt.padding, h, kh, opt.stride_h, opt.dilation_h);
  const PadOut pw = compute_padding(opt.padding, w, kw, opt.stride_w, opt.dilation_w);
  c.require(out.shape[0] == n && out.shape[1] == ph.out && out.shape[2] == pw.out && out.shape[3] == oc,
            "output shape does not match input, filter, stride and padding");
  c.require(static_cast<int64_t>(filt.data.size()) == static_cast<int64_t>(kh) * kw * oc,
            "filter data size does not match its shape");

  std::vector<int32_t> bias(static_cast<size_t>(oc), 0);
  if (c.has_input(2)) {
    const Tensor& b = c.in(2);
    c.require(b.type == TType::kInt32, std::string("bias type ") + ttype_name(b.type) + " not supported (int32 only)");
    c.require(b.is_const(), "bias must be a constant tensor");
    c.require(b.elements() == oc && b.data.size() == bias.size() * 4, "bias must have one int32 per output channel");
    std::memcpy(bias.data(), b.data.data(), b.data.size());
  }

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
