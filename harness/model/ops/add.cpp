// ADD (int8): TFLite Micro's CalculateOpDataAdd (micro/kernels/add_common.cc).
#include <algorithm>

#include "model/ops/eltwise_lower.h"
#include "model/ops/ops.h"
#include "model/quant_util.h"

extern "C" {
#include "nn/kernels/add.h"
}

namespace hb::model {

void lower_add(LowerCtx& c) {
  eltwise::check_binary_int8(c, true);
  eltwise::require_fused_activation(c);
  const Tensor& a = c.in(0);
  const Tensor& b = c.in(1);
  const Tensor& o = c.out();

  hb_add_params p{};
  p.bc = eltwise::binary_bcast(c);
  p.in1_offset = -zero_point_of(a);
  p.in2_offset = -zero_point_of(b);
  p.out_offset = zero_point_of(o);
  p.left_shift = 20;  // int8 (TFLite uses 15 for int16)
  const float s1 = scale_of(a), s2 = scale_of(b), so = scale_of(o);
  const double twice_max_input_scale = 2 * static_cast<double>(std::max(s1, s2));
  const double real1 = static_cast<double>(s1) / twice_max_input_scale;
  const double real2 = static_cast<double>(s2) / twice_max_input_scale;
  const double real_out = twice_max_input_scale / ((1 << p.left_shift) * static_cast<double>(so));
  // TFLite's QuantizeMultiplierSmallerThanOneExp requires each in (0, 1);
  // the input ones are <= 0.5 by construction.
  c.require(real_out < 1.0, "output scale too small relative to the input scales");
  const QMult m1 = quantize_multiplier(real1), m2 = quantize_multiplier(real2), mo = quantize_multiplier(real_out);
  p.in1_multiplier = m1.multiplier;
  p.in1_shift = m1.shift;
  p.in2_multiplier = m2.multiplier;
  p.in2_shift = m2.shift;
  p.out_multiplier = mo.multiplier;
  p.out_shift = mo.shift;
  activation_range(c.op().opt.fused_activation, so, p.out_offset, -128, 127, &p.act_min, &p.act_max);

  const uint16_t in1 = eltwise::input_id(c, 0);
  const uint16_t in2 = eltwise::input_id(c, 1);
  c.emit(HB_OP_ADD, {in1, in2}, c.act_out(), p);
}

}  // namespace hb::model
