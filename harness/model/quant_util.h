// Host-side "Prepare" arithmetic with TFLite's exact rules: how real-valued
// scales become Q31 multipliers and shifts, and activation clamp ranges.
// The results are stored in the plan; the firmware never sees a float scale
// for requantization.
#pragma once

#include <cstdint>
#include <vector>

namespace hb::model {

struct QMult {
  int32_t multiplier = 0;  // Q31
  int32_t shift = 0;       // power-of-two exponent (positive = left)
};

// TFLite QuantizeMultiplier (frexp, round half away from zero, clamp shift to
// [-31, 30] the way TFLite does).
QMult quantize_multiplier(double real_multiplier);
// Same, for multipliers known to be < 1 (TFLite asserts shift <= 0).
QMult quantize_multiplier_smaller_than_one(double real_multiplier);
// Same, for multipliers known to be > 1 (TFLite asserts shift >= 0).
QMult quantize_multiplier_greater_than_one(double real_multiplier);

// TFLite CalculateInputRadius.
int32_t calculate_input_radius(int input_integer_bits, int input_left_shift, int total_signed_bits = 31);

// TFLite CalculateActivationRangeQuantized for a fused activation (values of
// model::Activation) on an output with the given scale/zero point and type
// limits.
void activation_range(int8_t fused_activation, float out_scale, int32_t out_zero_point, int32_t qmin, int32_t qmax,
                      int32_t* act_min, int32_t* act_max);

// TFLite PopulateConvolutionQuantizationParams (kernel_util.cc), per-channel
// part: for each of `channels` output channels, QuantizeMultiplier of
// double(input_scale) * double(filter_scale[c]) / double(output_scale), where a
// single filter scale is broadcast to every channel. Used by CONV_2D,
// DEPTHWISE_CONV_2D and per-channel FULLY_CONNECTED.
std::vector<QMult> per_channel_multipliers(float input_scale, const std::vector<float>& filter_scales,
                                           float output_scale, int channels);

}  // namespace hb::model
