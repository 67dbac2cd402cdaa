#include "model/quant_util.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/error.h"
#include "model/graph.h"

namespace hb::model {

QMult quantize_multiplier(double real_multiplier) {
  QMult r;
  if (real_multiplier == 0.0) return r;
  int shift = 0;
  const double q = std::frexp(real_multiplier, &shift);
  auto q_fixed = static_cast<int64_t>(std::round(q * static_cast<double>(1LL << 31)));
  if (q_fixed == (1LL << 31)) {
    q_fixed /= 2;
    ++shift;
  }
  // Below 2^-31 every product shifts out to zero: TFLite flushes to 0.
  if (shift < -31) {
    shift = 0;
    q_fixed = 0;
  }
  if (shift > 30) {
    shift = 30;
    q_fixed = (1LL << 31) - 1;
  }
  r.multiplier = static_cast<int32_t>(q_fixed);
  r.shift = shift;
  return r;
}

QMult quantize_multiplier_smaller_than_one(double real_multiplier) {
  if (!(real_multiplier < 1.0 && real_multiplier > 0.0))
    throw Error("quantization multiplier " + std::to_string(real_multiplier) + " is not in (0, 1)");
  return quantize_multiplier(real_multiplier);
}

QMult quantize_multiplier_greater_than_one(double real_multiplier) {
  if (!(real_multiplier > 1.0))
    throw Error("quantization multiplier " + std::to_string(real_multiplier) + " is not > 1");
  return quantize_multiplier(real_multiplier);
}

int32_t calculate_input_radius(int input_integer_bits, int input_left_shift, int total_signed_bits) {
  const double max_input_rescaled = 1.0 * ((1 << input_integer_bits) - 1) *
                                    (1LL << (total_signed_bits - input_integer_bits)) / (1LL << input_left_shift);
  // Tighten the bound with floor: the value must not overflow when rescaled.
  return static_cast<int32_t>(std::floor(max_input_rescaled));
}

void activation_range(int8_t fused_activation, float out_scale, int32_t out_zero_point, int32_t qmin, int32_t qmax,
                      int32_t* act_min, int32_t* act_max) {
  auto quantize = [&](float f) { return out_zero_point + static_cast<int32_t>(std::round(f / out_scale)); };
  switch (fused_activation) {
    case kActNone:
      *act_min = qmin;
      *act_max = qmax;
      return;
    case kActRelu:
      *act_min = std::max(qmin, quantize(0.0f));
      *act_max = qmax;
      return;
    case kActRelu6:
      *act_min = std::max(qmin, quantize(0.0f));
      *act_max = std::min(qmax, quantize(6.0f));
      return;
    case kActReluN1To1:
      *act_min = std::max(qmin, quantize(-1.0f));
      *act_max = std::min(qmax, quantize(1.0f));
      return;
    default:
      throw Error("fused activation " + std::to_string(fused_activation) + " is not supported for int8");
  }
}

std::vector<QMult> per_channel_multipliers(float input_scale, const std::vector<float>& filter_scales,
                                           float output_scale, int channels) {
  std::vector<QMult> r(static_cast<size_t>(channels));
  for (int i = 0; i < channels; ++i) {
    const float fs = filter_scales.size() > 1 ? filter_scales[static_cast<size_t>(i)] : filter_scales.at(0);
    // Each factor widened to double separately, as TFLite does (not the float product).
    r[static_cast<size_t>(i)] = quantize_multiplier(static_cast<double>(input_scale) * static_cast<double>(fs) /
                                                    static_cast<double>(output_scale));
  }
  return r;
}

}  // namespace hb::model
