// MUL (int8): TFLite Micro's CalculateOpDataMul (micro/kernels/mul_common.cc).
#include "model/ops/eltwise_lower.h"
#include "model/ops/ops.h"
#include "model/quant_util.h"

extern "C" {
#include "nn/kernels/mul.h"
}

namespace hb::model {

void lower_mul(LowerCtx& c) {
  eltwise::check_binary_int8(c, true);
  eltwise::require_fused_activation(c);
  const Tensor& a = c.in(0);
  const Tensor& b = c.in(1);
  const Tensor& o = c.out();

  hb_mul_params p{};
  p.bc = eltwise::binary_bcast(c);
  p.in1_offset = -zero_point_of(a);
  p.in2_offset = -zero_point_of(b);
  p.out_offset = zero_point_of(o);
  const double real =
      static_cast<double>(scale_of(a)) * static_cast<double>(scale_of(b)) / static_cast<double>(scale_of(o));
  c.require(real < (1u << 30), "requantization multiplier too large");
  const QMult m = quantize_multiplier(real);
  p.out_multiplier = m.multiplier;
  p.out_shift = m.shift;
  activation_range(c.op().opt.fused_activation, scale_of(o), p.out_offset, -128, 127, &p.act_min, &p.act_max);

  const uint16_t in1 = eltwise::input_id(c, 0);
  const uint16_t in2 = eltwise::input_id(c, 1);
  c.emit(HB_OP_MUL, {in1, in2}, c.act_out(), p);
}

}  // namespace hb::model
