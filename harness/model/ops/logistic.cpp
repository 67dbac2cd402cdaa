// LOGISTIC (int8): TFLite Micro's CalculateArithmeticOpDataLogistic
// (micro/kernels/logistic_common.cc): input rescaled into Q4.27 by a
// frexp-derived multiplier (not QuantizeMultiplier: no shift clamping).
#include <cmath>

#include "model/ops/eltwise_lower.h"
#include "model/ops/ops.h"
#include "model/quant_util.h"

extern "C" {
#include "nn/kernels/logistic.h"
}

namespace hb::model {

void lower_logistic(LowerCtx& c) {
  c.require(c.num_inputs() == 1, "expects 1 input");
  const Tensor& in = c.in(0);
  const Tensor& o = c.out();
  eltwise::require_type(c, {&in, &o}, TType::kInt8);
  eltwise::require_per_tensor(c, {&in, &o});
  c.require(zero_point_of(o) == -128, "output zero point must be -128 (as TFLite requires)");
  c.require(in.elements() == o.elements(), "input and output sizes differ");

  constexpr int kInputIntegerBits = 4;
  hb_logistic_params p{};
  p.in_zero_point = zero_point_of(in);
  const double real = static_cast<double>(scale_of(in)) * static_cast<double>(1 << (31 - kInputIntegerBits));
  int exponent = 0;
  const double q = std::frexp(real, &exponent);
  const auto q_fixed = static_cast<int64_t>(std::round(q * static_cast<double>(1LL << 31)));
  // TFLite casts this to int32 unchecked; 2^31 would overflow there.
  c.require(q_fixed < (1LL << 31), "input scale mantissa rounds to 1.0 (TFLite overflows here)");
  c.require(exponent >= 0 && exponent <= 62, "input scale out of the supported range");
  p.input_multiplier = static_cast<int32_t>(q_fixed);
  p.input_left_shift = exponent;
  p.input_range_radius = calculate_input_radius(kInputIntegerBits, exponent, 31);
  // With a radius of 0 every input saturates and the shift is never applied.
  c.require(p.input_range_radius == 0 || exponent <= 30, "input scale out of the supported range");
  const uint16_t x = c.act_in(0);
  c.emit(HB_OP_LOGISTIC, {x}, c.act_out(), p);
}

}  // namespace hb::model
