// FULLY_CONNECTED Prepare: TFLite Micro's FullyConnectedPrepare /
// CalculateOpDataFullyConnected for int8 (fully_connected_common.cc), plus
// folding input_offset * sum(weights) into the bias for the kernel.
#include <cmath>
#include <cstring>

#include "model/ops/ops.h"
#include "model/quant_util.h"

extern "C" {
#include "nn/kernels/fully_connected.h"
}

namespace hb::model {

void lower_fully_connected(LowerCtx& c) {
  c.require(c.num_inputs() == 2 || c.num_inputs() == 3,
            "expected 2 or 3 inputs, got " + std::to_string(c.num_inputs()));
  const Tensor& in = c.in(0);
  const Tensor& wt = c.in(1);
  const Tensor& out = c.out();
  const Options& opt = c.op().opt;
  c.require(in.type == TType::kInt8, std::string("input type ") + ttype_name(in.type) + " not supported (int8 only)");
  c.require(out.type == TType::kInt8,
            std::string("output type ") + ttype_name(out.type) + " not supported (int8 only)");
  c.require(wt.type == TType::kInt8, std::string("weights type ") + ttype_name(wt.type) + " not supported (int8 only)");
  c.require(opt.weights_format == 0, "shuffled weights format not supported");
  c.require(wt.is_const(), "weights must be a constant tensor");
  c.require(wt.shape.size() == 2, "weights must be 2-D [units, depth]");
  c.require(!in.q.empty() && !out.q.empty() && !wt.q.empty(), "input, weights and output must be quantized");
  c.require(in.q.scale.size() == 1 && out.q.scale.size() == 1, "input and output must be per-tensor quantized");
  c.require(!out.shape.empty(), "output must have at least one dimension");

  const int32_t units = wt.shape[0], depth = wt.shape[1];
  c.require(units > 0 && depth > 0, "weights shape must be positive");
  c.require(out.shape.back() == units, "output depth " + std::to_string(out.shape.back()) + " does not match " +
                                           std::to_string(units) + " weight rows");
  const int64_t batches = out.elements() / units;
  c.require(in.elements() == batches * depth, "input has " + std::to_string(in.elements()) +
                                                  " elements, expected batches x depth = " + std::to_string(batches) +
                                                  " x " + std::to_string(depth));
  for (int64_t zp : wt.q.zero_point) c.require(zp == 0, "weights zero point must be 0 (symmetric int8 weights)");
  c.require(scale_of(in) > 0 && scale_of(out) > 0, "input and output scales must be positive");
  for (float s : wt.q.scale) c.require(s >= 0, "weights scales must not be negative");
  c.require(opt.fused_activation == kActNone || opt.fused_activation == kActRelu || opt.fused_activation == kActRelu6 ||
                opt.fused_activation == kActReluN1To1,
            "fused activation " + std::to_string(opt.fused_activation) + " not supported");
  c.require(static_cast<int64_t>(wt.data.size()) == static_cast<int64_t>(units) * depth,
            "weights data size does not match their shape");

  std::vector<int32_t> bias(static_cast<size_t>(units), 0);
  const Tensor* bt = nullptr;
  if (c.has_input(2)) {
    bt = &c.in(2);
    c.require(bt->type == TType::kInt32,
              std::string("bias type ") + ttype_name(bt->type) + " not supported (int32 only)");
    c.require(bt->is_const(), "bias must be a constant tensor");
    c.require(bt->elements() == units && bt->data.size() == bias.size() * 4, "bias must have one int32 per unit");
    std::memcpy(bias.data(), bt->data.data(), bt->data.size());
  }

  const float in_s = scale_of(in), out_s = scale_of(out);
  std::vector<int32_t> mult(static_cast<size_t>(units)), shift(static_cast<size_t>(units));
  if (wt.q.scale.size() > 1) {
    c.require(wt.q.scale.size() == static_cast<size_t>(units) && wt.q.quantized_dimension == 0,
              "per-channel weights must have one scale per unit (dimension 0)");
    const std::vector<QMult> qm = per_channel_multipliers(in_s, wt.q.scale, out_s, units);
    for (size_t u = 0; u < qm.size(); ++u) {
      mult[u] = qm[u].multiplier;
      shift[u] = qm[u].shift;
    }
  } else {
    // GetQuantizedConvolutionMultipler: the bias-scale sanity check uses the
    // double product, the multiplier the float product widened to double.
    const float w_s = wt.q.scale[0];
    if (bt) {
      const double bias_s = bt->q.empty() ? 0.0 : static_cast<double>(bt->q.scale[0]);
      const double diff = std::abs(static_cast<double>(in_s) * static_cast<double>(w_s) - bias_s);
      c.require(diff / static_cast<double>(out_s) <= 0.02, "bias scale does not match input scale x weights scale");
    }
    const float prod = in_s * w_s;
    c.require(prod >= 0.0f, "negative input x weights scale");
    const QMult q = quantize_multiplier(static_cast<double>(prod) / static_cast<double>(out_s));
    std::fill(mult.begin(), mult.end(), q.multiplier);
    std::fill(shift.begin(), shift.end(), q.shift);
  }

  const int32_t in_zp = zero_point_of(in), out_zp = zero_point_of(out);
  hb_fully_connected_params p{};
  p.batches = static_cast<int32_t>(batches);
  p.depth = depth;
  p.units = units;
  p.output_offset = out_zp;
  activation_range(opt.fused_activation, out_s, out_zp, -128, 127, &p.act_min, &p.act_max);
  std::vector<int32_t> fold(static_cast<size_t>(units));
  const auto* wd = reinterpret_cast<const int8_t*>(wt.data.data());
  for (int32_t u = 0; u < units; ++u) {
    int64_t sum = 0;
    for (int32_t i = 0; i < depth; ++i) sum += wd[static_cast<int64_t>(u) * depth + i];
    // Wraps like int32 arithmetic, so the kernel's sum equals TFLite's exactly.
    fold[static_cast<size_t>(u)] =
        static_cast<int32_t>(static_cast<uint32_t>(bias[static_cast<size_t>(u)] - static_cast<int64_t>(in_zp) * sum));
  }
  p.bias_fold_off = c.add_array(fold);
  p.mult_off = c.add_array(mult);
  p.shift_off = c.add_array(shift);

  c.macs = batches * units * depth;
  const uint16_t t_in = c.act_in(0);
  const uint16_t t_w = c.const_in(1);
  const uint16_t t_out = c.act_out();
  c.emit(HB_OP_FULLY_CONNECTED, {t_in, t_w}, t_out, p);
}

}  // namespace hb::model
