#include "model/ops/conv_common.h"

#include <cstring>
#include <string>

#include "model/quant_util.h"

namespace hb::model {

void require_int8_conv_operands(LowerCtx& c) {
  c.require(c.num_inputs() == 2 || c.num_inputs() == 3,
            "expected 2 or 3 inputs, got " + std::to_string(c.num_inputs()));
  const Tensor& in = c.in(0);
  const Tensor& filt = c.in(1);
  const Tensor& out = c.out();
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
}

void require_conv_quantization_and_options(LowerCtx& c, int32_t out_channels, int32_t quant_dim) {
  const Tensor& in = c.in(0);
  const Tensor& filt = c.in(1);
  const Tensor& out = c.out();
  const Options& opt = c.op().opt;
  const size_t nsc = filt.q.scale.size();
  c.require(
      nsc == 1 || (nsc == static_cast<size_t>(out_channels) && filt.q.quantized_dimension == quant_dim),
      "filter quantization must be per-tensor or per-output-channel (dimension " + std::to_string(quant_dim) + ")");
  for (int64_t zp : filt.q.zero_point) c.require(zp == 0, "filter zero point must be 0 (symmetric int8 weights)");
  c.require(scale_of(in) > 0 && scale_of(out) > 0, "input and output scales must be positive");
  for (float s : filt.q.scale) c.require(s >= 0, "filter scales must not be negative");
  c.require(opt.stride_h >= 1 && opt.stride_w >= 1 && opt.dilation_h >= 1 && opt.dilation_w >= 1,
            "stride and dilation must be >= 1");
  c.require(opt.fused_activation == kActNone || opt.fused_activation == kActRelu || opt.fused_activation == kActRelu6 ||
                opt.fused_activation == kActReluN1To1,
            "fused activation " + std::to_string(opt.fused_activation) + " not supported");
}

std::vector<int32_t> conv_bias(LowerCtx& c, int32_t out_channels) {
  std::vector<int32_t> bias(static_cast<size_t>(out_channels), 0);
  if (!c.has_input(2)) return bias;
  const Tensor& b = c.in(2);
  c.require(b.type == TType::kInt32, std::string("bias type ") + ttype_name(b.type) + " not supported (int32 only)");
  c.require(b.is_const(), "bias must be a constant tensor");
  c.require(b.elements() == out_channels && b.data.size() == bias.size() * 4,
            "bias must have one int32 per output channel");
  std::memcpy(bias.data(), b.data.data(), b.data.size());
  return bias;
}

}  // namespace hb::model
