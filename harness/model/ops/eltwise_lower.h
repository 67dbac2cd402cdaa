// Shared Prepare steps of the element-wise lowerings (ADD, MUL, MINIMUM,
// MAXIMUM and the unary int8 ops).
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include "model/lower.h"

extern "C" {
#include "nn/kernels/eltwise_bcast.h"
}

namespace hb::model::eltwise {

inline std::string shape_str(const std::vector<int32_t>& s) {
  std::string r = "[";
  for (size_t i = 0; i < s.size(); ++i) r += (i ? "," : "") + std::to_string(s[i]);
  return r + "]";
}

// Fails unless every tensor has type t.
inline void require_type(const LowerCtx& c, std::initializer_list<const Tensor*> ts, TType t) {
  for (const Tensor* x : ts)
    c.require(x->type == t,
              std::string("tensor type ") + ttype_name(x->type) + " not supported (" + ttype_name(t) + " only)");
}

// Fails unless every tensor has exactly one scale and zero point.
inline void require_per_tensor(const LowerCtx& c, std::initializer_list<const Tensor*> ts) {
  for (const Tensor* x : ts)
    c.require(x->q.scale.size() == 1 && x->q.zero_point.size() == 1 && x->q.scale[0] > 0,
              "tensor '" + x->name + "' needs per-tensor quantization with a positive scale");
}

// Broadcast descriptor for inputs 0 and 1 of a binary op; checks the output shape.
inline hb_bcast4 binary_bcast(const LowerCtx& c) {
  const Tensor& a = c.in(0);
  const Tensor& b = c.in(1);
  const Tensor& o = c.out();
  c.require(a.shape.size() <= 4 && b.shape.size() <= 4 && o.shape.size() <= 4, "tensors of more than 4 dims");
  hb_bcast4 bc{};
  int32_t out4[4];
  if (hb_bcast4_init(&bc, out4, a.shape.data(), static_cast<int>(a.shape.size()), b.shape.data(),
                     static_cast<int>(b.shape.size())) != 0)
    c.fail("input shapes " + shape_str(a.shape) + " and " + shape_str(b.shape) + " do not broadcast");
  const size_t k = 4 - o.shape.size();
  for (size_t i = 0; i < 4; ++i)
    c.require((i < k ? 1 : o.shape[i - k]) == out4[i], "output shape " + shape_str(o.shape) +
                                                           " is not the broadcast of " + shape_str(a.shape) + " and " +
                                                           shape_str(b.shape));
  return bc;
}

// Plan tensor of input i, constant (copied into the blob) or activation.
inline uint16_t input_id(LowerCtx& c, int i) { return c.in(i).is_const() ? c.const_in(i) : c.act_in(i); }

// Fused activations TFLite's CalculateActivationRangeQuantized accepts.
inline void require_fused_activation(const LowerCtx& c) {
  const int8_t a = c.op().opt.fused_activation;
  c.require(a == kActNone || a == kActRelu || a == kActRelu6 || a == kActReluN1To1,
            "fused activation " + std::to_string(a) + " not supported (NONE, RELU, RELU_N1_TO_1, RELU6 only)");
}

// Common checks of a binary int8 op: 2 inputs, int8, not both constant.
inline void check_binary_int8(const LowerCtx& c, bool need_quant) {
  c.require(c.num_inputs() == 2, "expects 2 inputs, has " + std::to_string(c.num_inputs()));
  require_type(c, {&c.in(0), &c.in(1), &c.out()}, TType::kInt8);
  if (need_quant) require_per_tensor(c, {&c.in(0), &c.in(1), &c.out()});
  c.require(!(c.in(0).is_const() && c.in(1).is_const()), "both inputs are constants");
}

}  // namespace hb::model::eltwise
