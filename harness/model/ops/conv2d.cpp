// CONV_2D Prepare: TFLite Micro's ConvPrepare / CalculateOpDataConv for int8
// (conv_common.cc, kernel_util.cc), plus the bias folding the fast kernel
// path relies on (see target-fw/nn/kernels/conv_core.h).
#include <cstring>

#include "model/ops/ops.h"
#include "model/quant_util.h"

extern "C" {
#include "nn/kernels/conv2d.h"
}

namespace hb::model {

void lower_conv2d(LowerCtx& c) {
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
  const int32_t oc = filt.shape[0], kh = filt.shape[1], kw = filt.shape[2], fcin = filt.shape[3];
  c.require(fcin > 0 && cin % fcin == 0,
            "input depth " + std::to_string(cin) + " is not a multiple of filter depth " + std::to_string(fcin));
  const int32_t groups = cin / fcin;
  c.require(oc % groups == 0, "output channels not divisible by groups");
  const size_t nsc = filt.q.scale.size();
  c.require(nsc == 1 || (nsc == static_cast<size_t>(oc) && filt.q.quantized_dimension == 0),
            "filter quantization must be per-tensor or per-output-channel (dimension 0)");
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

  std::vector<int32_t> bias(static_cast<size_t>(oc), 0);
  if (c.has_input(2)) {
    const Tensor& b = c.in(2);
    c.require(b.type == TType::kInt32, std::string("bias type ") + ttype_name(b.type) + " not supported (int32 only)");
    c.require(b.is_const(), "bias must be a constant tensor");
    c.require(b.elements() == oc && b.data.size() == bias.size() * 4, "bias must have one int32 per output channel");
    std::memcpy(bias.data(), b.data.data(), b.data.size());
  }

  const int32_t in_zp = zero_point_of(in), out_zp = zero_point_of(out);
  hb_conv2d_params p{};
  p.stride_h = opt.stride_h;
  p.stride_w = opt.stride_w;
  p.dilation_h = opt.dilation_h;
  p.dilation_w = opt.dilation_w;
  p.pad_h = ph.pad;
  p.pad_w = pw.pad;
  p.input_offset = -in_zp;
  p.output_offset = out_zp;
  activation_range(opt.fused_activation, scale_of(out), out_zp, -128, 127, &p.act_min, &p.act_max);

  const std::vector<QMult> qm = per_channel_multipliers(scale_of(in), filt.q.scale, scale_of(out), oc);
  std::vector<int32_t> mult(static_cast<size_t>(oc)), shift(static_cast<size_t>(oc)), fold(static_cast<size_t>(oc));
  const auto* wd = reinterpret_cast<const int8_t*>(filt.data.data());
  const int64_t per_oc = static_cast<int64_t>(kh) * kw * fcin;
  c.require(static_cast<int64_t>(filt.data.size()) == per_oc * oc, "filter data size does not match its shape");
  for (int32_t o = 0; o < oc; ++o) {
    int64_t sum = 0;
    for (int64_t i = 0; i < per_oc; ++i) sum += wd[o * per_oc + i];
    // Wrap like int32 arithmetic: the kernel's sum then equals TFLite's bit for bit.
    fold[static_cast<size_t>(o)] =
        static_cast<int32_t>(static_cast<uint32_t>(bias[static_cast<size_t>(o)] + p.input_offset * sum));
    mult[static_cast<size_t>(o)] = qm[static_cast<size_t>(o)].multiplier;
    shift[static_cast<size_t>(o)] = qm[static_cast<size_t>(o)].shift;
  }
  p.bias_off = c.add_array(bias);
  p.bias_fold_off = c.add_array(fold);
  p.mult_off = c.add_array(mult);
  p.shift_off = c.add_array(shift);

  c.macs = static_cast<int64_t>(n) * ph.out * pw.out * oc * per_oc;
  const uint16_t t_in = c.act_in(0);
  const uint16_t t_f = c.const_in(1);
  const uint16_t t_out = c.act_out();
  c.emit(HB_OP_CONV2D, {t_in, t_f}, t_out, p);
}

}  // namespace hb::model
