// SOFTMAX (int8 -> int8): TFLite Micro's CalculateSoftmaxParams
// (micro/kernels/softmax_common.cc) with PreprocessSoftmaxScaling and
// CalculateInputRadius for 5 integer bits of the scaled difference.
#include <algorithm>

#include "model/ops/eltwise_lower.h"
#include "model/ops/ops.h"
#include "model/quant_util.h"

extern "C" {
#include "nn/kernels/softmax.h"
}

namespace hb::model {

void lower_softmax(LowerCtx& c) {
  c.require(c.num_inputs() == 1, "expects 1 input");
  const Tensor& in = c.in(0);
  const Tensor& o = c.out();
  eltwise::require_type(c, {&in, &o}, TType::kInt8);
  eltwise::require_per_tensor(c, {&in, &o});
  c.require(zero_point_of(o) == -128 && scale_of(o) == 1.0f / 256,
            "output quantization must be scale 1/256, zero point -128 (as TFLite requires)");
  c.require(!in.shape.empty() && in.shape == o.shape, "input and output shapes differ or are scalars");

  constexpr int kScaledDiffIntegerBits = 5;
  hb_softmax_params p{};
  p.depth = in.shape.back();
  p.outer = static_cast<int32_t>(in.elements() / p.depth);
  // PreprocessSoftmaxScaling (double-rounding build): beta * scale in Q5.26,
  // capped at 2^31 - 1, then QuantizeMultiplierGreaterThanOne.
  const double beta = static_cast<double>(c.op().opt.beta);
  const double real = std::min(beta * static_cast<double>(scale_of(in)) * (1 << (31 - kScaledDiffIntegerBits)),
                               static_cast<double>((1LL << 31) - 1));
  c.require(real > 1.0, "beta * input scale too small (TFLite requires beta * scale * 2^26 > 1)");
  // Beyond 2^30 TFLite's shift would be 31, which our quantize_multiplier
  // clamps; no real model has an input scale near 32 / beta.
  c.require(real < static_cast<double>(1 << 30), "beta * input scale too large");
  const QMult m = quantize_multiplier(real);
  p.input_multiplier = m.multiplier;
  p.input_left_shift = m.shift;
  p.diff_min = -calculate_input_radius(kScaledDiffIntegerBits, m.shift);
  const uint16_t x = c.act_in(0);
  c.emit(HB_OP_SOFTMAX, {x}, c.act_out(), p);
}

}  // namespace hb::model
