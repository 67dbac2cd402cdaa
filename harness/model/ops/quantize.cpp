// QUANTIZE: TFLite Micro's PrepareQuantizeReference
// (micro/kernels/quantize_common.cc) for int8/uint8 -> int8/uint8
// requantization and float32 -> int8/uint8 affine quantization.
#include "model/ops/eltwise_lower.h"
#include "model/ops/ops.h"
#include "model/quant_util.h"

extern "C" {
#include "nn/kernels/quantize.h"
}

namespace hb::model {

void lower_quantize(LowerCtx& c) {
  c.require(c.num_inputs() == 1, "expects 1 input");
  const Tensor& in = c.in(0);
  const Tensor& o = c.out();
  const bool in_ok = in.type == TType::kInt8 || in.type == TType::kUInt8 || in.type == TType::kFloat32;
  const bool out_ok = o.type == TType::kInt8 || o.type == TType::kUInt8;
  c.require(in_ok && out_ok, std::string(ttype_name(in.type)) + " -> " + ttype_name(o.type) +
                                 " not supported (int8/uint8/float32 -> int8/uint8)");
  // TFLite Micro accepts uint8 output only from int8 input.
  c.require(!(o.type == TType::kUInt8 && in.type != TType::kInt8),
            std::string(ttype_name(in.type)) + " -> UINT8 not supported (only INT8 -> UINT8)");
  eltwise::require_per_tensor(c, {&o});
  c.require(in.elements() == o.elements(), "input and output sizes differ");

  hb_quantize_params p{};
  p.out_zero_point = zero_point_of(o);
  p.out_scale = scale_of(o);
  if (in.type != TType::kFloat32) {
    eltwise::require_per_tensor(c, {&in});
    p.in_zero_point = zero_point_of(in);
    const double real = static_cast<double>(scale_of(in)) / static_cast<double>(scale_of(o));
    c.require(real < (1u << 30), "input/output scale ratio too large");
    const QMult m = quantize_multiplier(real);
    p.multiplier = m.multiplier;
    p.shift = m.shift;
  }
  const uint16_t x = c.act_in(0);
  c.emit(HB_OP_QUANTIZE, {x}, c.act_out(), p);
}

}  // namespace hb::model
