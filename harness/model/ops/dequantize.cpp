// DEQUANTIZE int8/uint8 -> float32 (micro/kernels/dequantize*.cc).
#include "model/ops/eltwise_lower.h"
#include "model/ops/ops.h"

extern "C" {
#include "nn/kernels/dequantize.h"
}

namespace hb::model {

void lower_dequantize(LowerCtx& c) {
  c.require(c.num_inputs() == 1, "expects 1 input");
  const Tensor& in = c.in(0);
  const Tensor& o = c.out();
  c.require(in.type == TType::kInt8 || in.type == TType::kUInt8,
            std::string("input type ") + ttype_name(in.type) + " not supported (int8/uint8 only)");
  c.require(o.type == TType::kFloat32, std::string("output type ") + ttype_name(o.type) + " not supported (float32)");
  eltwise::require_per_tensor(c, {&in});
  c.require(in.elements() == o.elements(), "input and output sizes differ");
  hb_dequantize_params p{};
  p.zero_point = zero_point_of(in);
  p.scale = scale_of(in);
  const uint16_t x = c.act_in(0);
  c.emit(HB_OP_DEQUANTIZE, {x}, c.act_out(), p);
}

}  // namespace hb::model
