// CONV_2D Prepare: TFLite Micro's ConvPrepare / CalculateOpDataConv for int8
// (conv_common.cc, kernel_util.cc), plus the bias folding the fast kernel
// path relies on (see target-fw/nn/kernels/conv_core.h).
#include <cstring>

#include "model/ops/conv_common.h"
#include "model/ops/ops.h"
#include "model/quant_util.h"

extern "C" {
#include "nn/kernels/conv2d.h"
}

namespace hb::model {

void lower_conv2d(LowerCtx& c) {
  require_int8_conv_operands(c);
  const Tensor& in = c.in(0);
  const Tensor& filt = c.in(1);
  const Tensor& out = c.out();
  const Options& opt = c.op().opt;

  const int32_t n = in.shape[0], h = in.shape[1], w = in.shape[2], cin = in.shape[3];
  const int32_t oc = filt.shape[0], kh = filt.shape[1], kw = filt.shape[2], fcin = filt.shape[3];
  c.require(fcin > 0 && cin % fcin == 0,
            "input depth " + std::to_string(cin) + " is not a multiple of filter depth " + std::to_string(fcin));
  const int32_t groups = cin / fcin;
  c.require(oc % groups == 0, "output channels not divisible by groups");
  require_conv_quantization_and_options(c, oc, 0);

  const PadOut ph = compute_padding(opt.padding, h, kh, opt.stride_h, opt.dilation_h);
  const PadOut pw = compute_padding(opt.padding, w, kw, opt.stride_w, opt.dilation_w);
  c.require(out.shape[0] == n && out.shape[1] == ph.out && out.shape[2] == pw.out && out.shape[3] == oc,
            "output shape does not match input, filter, stride and padding");

  const std::vector<int32_t> bias = conv_bias(c, oc);

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
