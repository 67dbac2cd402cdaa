// HARD_SWISH (int8): TFLite Micro's HardSwishPrepare
// (micro/kernels/hard_swish_common.cc). The scale arithmetic is in float,
// exactly as there, before the multipliers are made 16-bit.
#include <limits>

#include "model/ops/eltwise_lower.h"
#include "model/ops/ops.h"
#include "model/quant_util.h"

extern "C" {
#include "nn/kernels/hard_swish.h"
}

namespace hb::model {
namespace {

// TFLite DownScaleInt32ToInt16Multiplier: round a Q31 multiplier to Q15.
int32_t downscale_to_int16(int32_t m) {
  constexpr int32_t kRoundingOffset = 1 << 15;
  if (m >= std::numeric_limits<int32_t>::max() - kRoundingOffset) return std::numeric_limits<int16_t>::max();
  return (m + kRoundingOffset) >> 16;
}

}  // namespace

void lower_hard_swish(LowerCtx& c) {
  c.require(c.num_inputs() == 1, "expects 1 input");
  const Tensor& in = c.in(0);
  const Tensor& o = c.out();
  eltwise::require_type(c, {&in, &o}, TType::kInt8);
  eltwise::require_per_tensor(c, {&in, &o});
  c.require(in.elements() == o.elements(), "input and output sizes differ");

  hb_hard_swish_params p{};
  p.in_zero_point = zero_point_of(in);
  p.out_zero_point = zero_point_of(o);
  const float input_scale = scale_of(in);
  const float hires_input_scale = (1.0f / 128.0f) * input_scale;
  const float reluish_scale = 3.0f / 32768.0f;
  const float output_scale = scale_of(o);

  const double out_real = static_cast<double>(hires_input_scale / output_scale);
  const double relu_real = static_cast<double>(hires_input_scale / reluish_scale);
  c.require(out_real < (1u << 30) && relu_real < (1u << 30), "scale ratio too large");
  const QMult mo = quantize_multiplier(out_real);
  const QMult mr = quantize_multiplier(relu_real);
  c.require(mo.shift <= 0, "input scale too large relative to the output scale (TFLite requires a right shift)");
  p.output_multiplier_fixedpoint_int16 = downscale_to_int16(mo.multiplier);
  p.output_multiplier_exponent = mo.shift;
  p.reluish_multiplier_fixedpoint_int16 = downscale_to_int16(mr.multiplier);
  p.reluish_multiplier_exponent = mr.shift;
  const uint16_t x = c.act_in(0);
  c.emit(HB_OP_HARD_SWISH, {x}, c.act_out(), p);
}

}  // namespace hb::model
