// AVERAGE_POOL_2D Prepare, and the pooling Prepare shared with MAX_POOL_2D:
// TFLite Micro's PoolingPrepare / CalculateOpDataPooling (pooling_common.cc).
#include <cmath>

#include "model/ops/ops.h"
#include "model/quant_util.h"

extern "C" {
#include "nn/kernels/avg_pool2d.h"
}

namespace hb::model {

// Also used by lower_max_pool2d (max_pool2d.cpp).
hb_pool2d_params prepare_pool2d(LowerCtx& c) {
  c.require(c.num_inputs() == 1, "expected 1 input, got " + std::to_string(c.num_inputs()));
  const Tensor& in = c.in(0);
  const Tensor& out = c.out();
  const Options& opt = c.op().opt;
  c.require(in.type == TType::kInt8, std::string("input type ") + ttype_name(in.type) + " not supported (int8 only)");
  c.require(out.type == in.type, std::string("output type ") + ttype_name(out.type) + " differs from input type");
  c.require(in.shape.size() == 4 && out.shape.size() == 4, "input and output must be 4-D");
  c.require(!in.q.empty() && !out.q.empty(), "input and output must be quantized");
  // TFLM requires the same quantization on both sides: pooling works on raw quanta.
  c.require(std::abs(static_cast<double>(scale_of(in)) - static_cast<double>(scale_of(out))) <= 1.0e-6 &&
                zero_point_of(in) == zero_point_of(out),
            "input and output quantization differ");
  c.require(opt.stride_h >= 1 && opt.stride_w >= 1 && opt.filter_h >= 1 && opt.filter_w >= 1,
            "stride and filter size must be >= 1");
  c.require(opt.fused_activation == kActNone || opt.fused_activation == kActRelu || opt.fused_activation == kActRelu6 ||
                opt.fused_activation == kActReluN1To1,
            "fused activation " + std::to_string(opt.fused_activation) + " not supported");
  const PadOut ph = compute_padding(opt.padding, in.shape[1], opt.filter_h, opt.stride_h, 1);
  const PadOut pw = compute_padding(opt.padding, in.shape[2], opt.filter_w, opt.stride_w, 1);
  c.require(
      out.shape[0] == in.shape[0] && out.shape[1] == ph.out && out.shape[2] == pw.out && out.shape[3] == in.shape[3],
      "output shape does not match input, filter, stride and padding");
  hb_pool2d_params p{};
  p.filter_h = opt.filter_h;
  p.filter_w = opt.filter_w;
  p.stride_h = opt.stride_h;
  p.stride_w = opt.stride_w;
  p.pad_h = ph.pad;
  p.pad_w = pw.pad;
  activation_range(opt.fused_activation, scale_of(out), zero_point_of(out), -128, 127, &p.act_min, &p.act_max);
  return p;
}

void lower_avg_pool2d(LowerCtx& c) {
  const hb_pool2d_params p = prepare_pool2d(c);
  // TFLite's AveragePool fails at run time on a window with no tap inside
  // the input; refuse such a model here instead.
  auto all_windows_hit = [](int32_t out, int32_t stride, int32_t pad, int32_t filter, int32_t in) {
    for (int32_t o = 0; o < out; ++o) {
      const int32_t start = o * stride - pad;
      if (start + filter <= 0 || start >= in) return false;
    }
    return true;
  };
  const Tensor& in = c.in(0);
  const Tensor& out = c.out();
  c.require(all_windows_hit(out.shape[1], p.stride_h, p.pad_h, p.filter_h, in.shape[1]) &&
                all_windows_hit(out.shape[2], p.stride_w, p.pad_w, p.filter_w, in.shape[2]),
            "a pooling window lies entirely in the padding");
  const uint16_t t_in = c.act_in(0);
  const uint16_t t_out = c.act_out();
  c.emit(HB_OP_AVG_POOL2D, {t_in}, t_out, p);
}

}  // namespace hb::model
