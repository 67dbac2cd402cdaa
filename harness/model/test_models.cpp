// Test model generators. Scales are drawn at random but kept in the ranges
// real int8 models use, and output scales are chosen from the expected
// accumulator spread, so outputs cover int8 rather than saturating.
#include "model/test_models.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <type_traits>

#include "common/error.h"

namespace hb::model {

namespace {

using Rng = std::mt19937;
using Shape = std::vector<int32_t>;

int rint(Rng& r, int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(r); }
float rscale(Rng& r, float lo, float hi) {
  return std::exp(std::uniform_real_distribution<float>(std::log(lo), std::log(hi))(r));
}
std::vector<int8_t> ri8(Rng& r, size_t n, int lo = -127, int hi = 127) {
  std::vector<int8_t> v(n);
  for (auto& x : v) x = static_cast<int8_t>(rint(r, lo, hi));
  return v;
}
int64_t count(const Shape& s) {
  int64_t n = 1;
  for (int32_t d : s) n *= d;
  return n;
}
Quant act_q(Rng& r, float lo = 0.01f, float hi = 0.08f) { return per_tensor(rscale(r, lo, hi), rint(r, -30, 30)); }

// Output scale mapping a typical |accumulator| (sqrt(taps) random products of
// ~74 x 73 quanta) to about 60 output quanta.
float acc_out_scale(float in_s, float w_s, int64_t taps) {
  return static_cast<float>(in_s * w_s * std::sqrt(static_cast<double>(taps)) * 74 * 73 / 60.0);
}

// TFLite's SAME/VALID output size.
int32_t out_size(int8_t padding, int32_t in, int32_t k, int32_t stride, int32_t dil) {
  const int32_t eff = (k - 1) * dil + 1;
  return padding == kPadSame ? (in + stride - 1) / stride : (in + stride - eff) / stride;
}

// ---- CONV_2D -------------------------------------------------------------

struct ConvSpec {
  int h = 8, w = 8, cin = 3, cout = 4, kh = 3, kw = 3, stride = 1, dil = 1;
  int8_t padding = kPadSame, act = kActNone;
  bool per_channel = true, bias = true;
};

ModelBuilder conv2d(Rng& r, const ConvSpec& s) {
  ModelBuilder m("test: CONV_2D");
  const Quant qi = act_q(r);
  const int in = m.tensor("input", TType::kInt8, {1, s.h, s.w, s.cin}, qi);
  std::vector<float> ws;
  for (int i = 0; i < (s.per_channel ? s.cout : 1); ++i) ws.push_back(rscale(r, 0.002f, 0.02f));
  const int filt = m.constant_of("filter", TType::kInt8, {s.cout, s.kh, s.kw, s.cin},
                                 ri8(r, static_cast<size_t>(s.cout * s.kh * s.kw * s.cin)),
                                 s.per_channel ? per_channel(ws, 0) : per_tensor(ws[0], 0));
  std::vector<int32_t> ins = {in, filt};
  if (s.bias) {
    std::vector<int32_t> b(static_cast<size_t>(s.cout));
    std::vector<float> bs;
    for (size_t i = 0; i < b.size(); ++i) b[i] = rint(r, -20000, 20000);
    for (float w : ws) bs.push_back(qi.scale[0] * w);
    ins.push_back(
        m.constant_of("bias", TType::kInt32, {s.cout}, b, s.per_channel ? per_channel(bs, 0) : per_tensor(bs[0], 0)));
  }
  const int oh = out_size(s.padding, s.h, s.kh, s.stride, s.dil), ow = out_size(s.padding, s.w, s.kw, s.stride, s.dil);
  const int out = m.tensor("output", TType::kInt8, {1, oh, ow, s.cout},
                           per_tensor(acc_out_scale(qi.scale[0], ws[0], s.kh * s.kw * s.cin), rint(r, -20, 20)));
  Options o;
  o.padding = s.padding;
  o.stride_h = o.stride_w = s.stride;
  o.dilation_h = o.dilation_w = s.dil;
  o.fused_activation = s.act;
  m.op(kOpConv2D, ins, {out}, o);
  m.set_io({in}, {out});
  return m;
}

// ---- DEPTHWISE_CONV_2D ---------------------------------------------------

struct DwSpec {
  int h = 8, w = 8, cin = 3, mult = 1, k = 3, stride = 1, dil = 1;
  int8_t padding = kPadSame, act = kActNone;
};

ModelBuilder depthwise(Rng& r, const DwSpec& s) {
  ModelBuilder m("test: DEPTHWISE_CONV_2D");
  const int cout = s.cin * s.mult;
  const Quant qi = act_q(r);
  const int in = m.tensor("input", TType::kInt8, {1, s.h, s.w, s.cin}, qi);
  std::vector<float> ws, bs;
  for (int i = 0; i < cout; ++i) ws.push_back(rscale(r, 0.002f, 0.02f));
  for (float w : ws) bs.push_back(qi.scale[0] * w);
  const int filt = m.constant_of("filter", TType::kInt8, {1, s.k, s.k, cout},
                                 ri8(r, static_cast<size_t>(s.k * s.k * cout)), per_channel(ws, 3));
  std::vector<int32_t> b(static_cast<size_t>(cout));
  for (auto& x : b) x = rint(r, -5000, 5000);
  const int bias = m.constant_of("bias", TType::kInt32, {cout}, b, per_channel(bs, 0));
  const int oh = out_size(s.padding, s.h, s.k, s.stride, s.dil), ow = out_size(s.padding, s.w, s.k, s.stride, s.dil);
  const int out = m.tensor("output", TType::kInt8, {1, oh, ow, cout},
                           per_tensor(acc_out_scale(qi.scale[0], ws[0], s.k * s.k), rint(r, -20, 20)));
  Options o;
  o.padding = s.padding;
  o.stride_h = o.stride_w = s.stride;
  o.dilation_h = o.dilation_w = s.dil;
  o.depth_multiplier = s.mult;
  o.fused_activation = s.act;
  m.op(kOpDepthwiseConv2D, {in, filt, bias}, {out}, o);
  m.set_io({in}, {out});
  return m;
}

// ---- FULLY_CONNECTED (per-tensor weights) ---------------------------------

ModelBuilder fully_connected(Rng& r, Shape in_shape, int units, int8_t act, bool bias) {
  ModelBuilder m("test: FULLY_CONNECTED");
  const int depth = in_shape.back() * (in_shape.size() == 4 ? in_shape[1] * in_shape[2] : 1);
  const Quant qi = act_q(r);
  const int in = m.tensor("input", TType::kInt8, in_shape, qi);
  const float ws = rscale(r, 0.002f, 0.02f);
  const int wt = m.constant_of("weights", TType::kInt8, {units, depth}, ri8(r, static_cast<size_t>(units * depth)),
                               per_tensor(ws, 0));
  std::vector<int32_t> ins = {in, wt};
  if (bias) {
    std::vector<int32_t> b(static_cast<size_t>(units));
    for (auto& x : b) x = rint(r, -20000, 20000);
    ins.push_back(m.constant_of("bias", TType::kInt32, {units}, b, per_tensor(qi.scale[0] * ws, 0)));
  }
  const int out =
      m.tensor("output", TType::kInt8, {1, units}, per_tensor(acc_out_scale(qi.scale[0], ws, depth), rint(r, -20, 20)));
  Options o;
  o.fused_activation = act;
  m.op(kOpFullyConnected, ins, {out}, o);
  m.set_io({in}, {out});
  return m;
}

// ---- binary element-wise: activation (op) constant ------------------------

ModelBuilder binary(Rng& r, int32_t builtin, Shape a, Shape b, int8_t act) {
  ModelBuilder m("test: " + builtin_op_name(builtin));
  const Quant qa = act_q(r);
  // MINIMUM/MAXIMUM compare raw quanta, so TFLite models give all three tensors one quantization.
  const bool same_q = builtin == kOpMinimum || builtin == kOpMaximum;
  const Quant qb = same_q ? qa : act_q(r);
  const int x = m.tensor("input", TType::kInt8, a, qa);
  const int y = m.constant_of("operand", TType::kInt8, b, ri8(r, static_cast<size_t>(count(b))), qb);
  Shape o_shape = a.size() >= b.size() ? a : b;
  Quant qo = same_q ? qa : act_q(r, builtin == kOpMul ? 0.0005f : 0.02f, builtin == kOpMul ? 0.005f : 0.1f);
  const int out = m.tensor("output", TType::kInt8, o_shape, qo);
  Options o;
  o.fused_activation = act;
  m.op(builtin, {x, y}, {out}, o);
  m.set_io({x}, {out});
  return m;
}

// ---- single-input ops -----------------------------------------------------

ModelBuilder mean(Rng& r, Shape in_shape, std::vector<int32_t> axes, bool keep_dims, bool requant) {
  ModelBuilder m("test: MEAN");
  const Quant qi = act_q(r);
  const int in = m.tensor("input", TType::kInt8, in_shape, qi);
  const int ax = m.constant_of("axes", TType::kInt32, {static_cast<int32_t>(axes.size())}, axes);
  Shape os;
  for (size_t d = 0; d < in_shape.size(); ++d) {
    const bool reduced = std::find(axes.begin(), axes.end(), static_cast<int32_t>(d)) != axes.end();
    if (!reduced)
      os.push_back(in_shape[d]);
    else if (keep_dims)
      os.push_back(1);
  }
  const int out = m.tensor("output", TType::kInt8, os, requant ? act_q(r, 0.005f, 0.03f) : qi);
  Options o;
  o.keep_dims = keep_dims;
  m.op(kOpMean, {in, ax}, {out}, o);
  m.set_io({in}, {out});
  return m;
}

// One op whose output quantization is fixed by TFLite (or shared with the input).
ModelBuilder unary(Rng& r, int32_t builtin, Shape shape, Quant out_q, Options o = {}) {
  ModelBuilder m("test: " + builtin_op_name(builtin));
  const int in = m.tensor("input", TType::kInt8, shape, act_q(r, 0.02f, 0.1f));
  const int out = m.tensor("output", TType::kInt8, shape, std::move(out_q));
  m.op(builtin, {in}, {out}, o);
  m.set_io({in}, {out});
  return m;
}

ModelBuilder softmax(Rng& r, Shape shape, float beta) {
  Options o;
  o.beta = beta;
  return unary(r, kOpSoftmax, shape, per_tensor(1.0f / 256, -128), o);
}
ModelBuilder logistic(Rng& r, Shape shape) { return unary(r, kOpLogistic, shape, per_tensor(1.0f / 256, -128)); }
ModelBuilder hard_swish(Rng& r, Shape shape) { return unary(r, kOpHardSwish, shape, act_q(r, 0.02f, 0.05f)); }

ModelBuilder quantize(Rng& r, TType in_type, Shape shape) {
  ModelBuilder m("test: QUANTIZE");
  const Quant qi = in_type == TType::kUInt8 ? per_tensor(1.0f / 255, 0) : act_q(r);
  const int in = m.tensor("input", in_type, shape, qi);
  const Quant qo = in_type == TType::kUInt8 ? per_tensor(1.0f / 255, -128) : act_q(r);
  const int out = m.tensor("output", TType::kInt8, shape, qo);
  m.op(kOpQuantize, {in}, {out});
  m.set_io({in}, {out});
  return m;
}

ModelBuilder dequantize(Rng& r, Shape shape) {
  ModelBuilder m("test: DEQUANTIZE");
  const int in = m.tensor("input", TType::kInt8, shape, act_q(r));
  const int out = m.tensor("output", TType::kFloat32, shape);
  m.op(kOpDequantize, {in}, {out});
  m.set_io({in}, {out});
  return m;
}

ModelBuilder pool(Rng& r, int32_t builtin, Shape in_shape, int k, int stride, int8_t padding, int8_t act) {
  ModelBuilder m("test: " + builtin_op_name(builtin));
  const Quant q = act_q(r);
  const int in = m.tensor("input", TType::kInt8, in_shape, q);
  const int oh = out_size(padding, in_shape[1], k, stride, 1), ow = out_size(padding, in_shape[2], k, stride, 1);
  const int out = m.tensor("output", TType::kInt8, {in_shape[0], oh, ow, in_shape[3]}, q);
  Options o;
  o.padding = padding;
  o.stride_h = o.stride_w = stride;
  o.filter_h = o.filter_w = k;
  o.fused_activation = act;
  m.op(builtin, {in}, {out}, o);
  m.set_io({in}, {out});
  return m;
}

ModelBuilder pad(Rng& r, Shape in_shape, std::vector<int32_t> pads) {
  ModelBuilder m("test: PAD");
  const Quant q = act_q(r);
  const int in = m.tensor("input", TType::kInt8, in_shape, q);
  const int p = m.constant_of("paddings", TType::kInt32, {static_cast<int32_t>(in_shape.size()), 2}, pads);
  Shape os = in_shape;
  for (size_t d = 0; d < os.size(); ++d) os[d] += pads[2 * d] + pads[2 * d + 1];
  const int out = m.tensor("output", TType::kInt8, os, q);
  m.op(kOpPad, {in, p}, {out});
  m.set_io({in}, {out});
  return m;
}

// RESHAPE then FULLY_CONNECTED: a lone RESHAPE would make the output alias the input.
ModelBuilder reshape_fc(Rng& r, Shape in_shape, int units) {
  ModelBuilder m("test: RESHAPE + FULLY_CONNECTED");
  const Quant qi = act_q(r);
  const int32_t depth = static_cast<int32_t>(count(in_shape));
  const int in = m.tensor("input", TType::kInt8, in_shape, qi);
  const int shp = m.constant_of("shape", TType::kInt32, {2}, std::vector<int32_t>{1, depth});
  const int flat = m.tensor("flat", TType::kInt8, {1, depth}, qi);
  Options ro;
  ro.new_shape = {1, depth};
  m.op(kOpReshape, {in, shp}, {flat}, ro);
  const float ws = rscale(r, 0.002f, 0.02f);
  const int wt = m.constant_of("weights", TType::kInt8, {units, depth}, ri8(r, static_cast<size_t>(units * depth)),
                               per_tensor(ws, 0));
  const int out = m.tensor("output", TType::kInt8, {1, units}, per_tensor(acc_out_scale(qi.scale[0], ws, depth), 3));
  m.op(kOpFullyConnected, {flat, wt, -1}, {out}, Options{});  // -1: the optional bias, absent
  m.set_io({in}, {out});
  return m;
}

// ---- a miniature EfficientNet-LC: the op mix of the default model ---------

// Adds a 1x1 or KxK conv (per-channel weights, bias) to m; returns its output.
int add_conv(ModelBuilder& m, Rng& r, const std::string& name, int in, int cout, int k, int stride, int8_t act,
             bool depthwise, float out_scale) {
  const Tensor& ti = m.tensor_at(in);
  const Shape is = ti.shape;
  const float in_s = ti.q.scale[0];
  const int cin = is[3];
  const int oc = depthwise ? cin : cout;
  std::vector<float> ws, bs;
  for (int i = 0; i < oc; ++i) ws.push_back(rscale(r, 0.004f, 0.02f));
  for (float w : ws) bs.push_back(in_s * w);
  const int taps = depthwise ? k * k : k * k * cin;
  const Shape fs = depthwise ? Shape{1, k, k, oc} : Shape{oc, k, k, cin};
  const int f = m.constant_of(name + "/filter", TType::kInt8, fs, ri8(r, static_cast<size_t>(taps * oc)),
                              per_channel(ws, depthwise ? 3 : 0));
  std::vector<int32_t> b(static_cast<size_t>(oc));
  for (auto& x : b) x = rint(r, -3000, 3000);
  const int bias = m.constant_of(name + "/bias", TType::kInt32, {oc}, b, per_channel(bs, 0));
  const int oh = out_size(kPadSame, is[1], k, stride, 1), ow = out_size(kPadSame, is[2], k, stride, 1);
  const float os = out_scale > 0 ? out_scale : acc_out_scale(in_s, ws[0], taps);
  const int out =
      m.tensor(name, TType::kInt8, {1, oh, ow, oc}, per_tensor(os, act == kActNone ? rint(r, -10, 10) : -128));
  Options o;
  o.padding = kPadSame;
  o.stride_h = o.stride_w = stride;
  o.fused_activation = act;
  if (depthwise) o.depth_multiplier = 1;
  m.op(depthwise ? kOpDepthwiseConv2D : kOpConv2D, {in, f, bias}, {out}, o);
  return out;
}

// ReLU6 as MINIMUM(x, 6) then MAXIMUM(., 0) with scalar constants in x's quantization.
int add_relu6_clip(ModelBuilder& m, const std::string& name, int x) {
  const Tensor t = m.tensor_at(x);
  auto q_of = [&](float v) {
    return static_cast<int8_t>(std::clamp<long>(std::lround(v / t.q.scale[0]) + t.q.zero_point[0], -128, 127));
  };
  const int six = m.constant_of(name + "/six", TType::kInt8, {}, std::vector<int8_t>{q_of(6.0f)}, t.q);
  const int zero = m.constant_of(name + "/zero", TType::kInt8, {}, std::vector<int8_t>{q_of(0.0f)}, t.q);
  const int lo = m.tensor(name + "/min", TType::kInt8, t.shape, t.q);
  m.op(kOpMinimum, {x, six}, {lo});
  const int out = m.tensor(name, TType::kInt8, t.shape, t.q);
  m.op(kOpMaximum, {lo, zero}, {out});
  return out;
}

ModelBuilder mini_effnet(Rng& r) {
  ModelBuilder m("test: miniature EfficientNet-LC");
  const int img = m.tensor("image", TType::kUInt8, {1, 12, 12, 1}, per_tensor(1.0f / 255, 0));
  const int x0 = m.tensor("image_int8", TType::kInt8, {1, 12, 12, 1}, per_tensor(1.0f / 255, -128));
  m.op(kOpQuantize, {img}, {x0});
  int x = add_conv(m, r, "stem", x0, 8, 3, 2, kActNone, false, 0.05f);
  x = add_relu6_clip(m, "stem/relu6", x);
  // MBConv: expand 1x1, depthwise 3x3, squeeze-and-excitation, project 1x1, residual add.
  const int block_in = x;
  int e = add_relu6_clip(m, "b1/expand/relu6", add_conv(m, r, "b1/expand", x, 16, 1, 1, kActNone, false, 0.05f));
  int d = add_relu6_clip(m, "b1/dw/relu6", add_conv(m, r, "b1/dw", e, 0, 3, 1, kActNone, true, 0.05f));
  const Quant dq = m.tensor_at(d).q;
  const int axes = m.constant_of("b1/se/axes", TType::kInt32, {2}, std::vector<int32_t>{1, 2});
  const int sq = m.tensor("b1/se/mean", TType::kInt8, {1, 1, 1, 16}, dq);
  Options keep;
  keep.keep_dims = true;
  m.op(kOpMean, {d, axes}, {sq}, keep);
  const int s1 = add_conv(m, r, "b1/se/reduce", sq, 4, 1, 1, kActRelu, false, 0.03f);
  const int s2 = add_conv(m, r, "b1/se/expand", s1, 16, 1, 1, kActNone, false, 0.05f);
  const int gate = m.tensor("b1/se/sigmoid", TType::kInt8, {1, 1, 1, 16}, per_tensor(1.0f / 256, -128));
  m.op(kOpLogistic, {s2}, {gate});
  const int scaled = m.tensor("b1/se/excite", TType::kInt8, m.tensor_at(d).shape, dq);
  m.op(kOpMul, {d, gate}, {scaled});
  const int proj = add_conv(m, r, "b1/project", scaled, 8, 1, 1, kActNone, false, 0.06f);
  const int sum = m.tensor("b1/add", TType::kInt8, m.tensor_at(proj).shape, per_tensor(0.08f, -5));
  m.op(kOpAdd, {proj, block_in}, {sum});
  // Head: global average pool, classifier, softmax, float output.
  const int head_axes = m.constant_of("head/axes", TType::kInt32, {2}, std::vector<int32_t>{1, 2});
  const int pooled = m.tensor("head/mean", TType::kInt8, {1, 8}, per_tensor(0.04f, -3));
  m.op(kOpMean, {sum, head_axes}, {pooled}, Options{});
  const float ws = 0.01f;
  const int wt = m.constant_of("head/fc/weights", TType::kInt8, {10, 8}, ri8(r, 80), per_tensor(ws, 0));
  std::vector<int32_t> b(10);
  for (auto& v : b) v = rint(r, -500, 500);
  const int bias = m.constant_of("head/fc/bias", TType::kInt32, {10}, b, per_tensor(0.04f * ws, 0));
  const int logits = m.tensor("head/fc", TType::kInt8, {1, 10}, per_tensor(0.02f, 0));
  m.op(kOpFullyConnected, {pooled, wt, bias}, {logits}, Options{});
  const int probs = m.tensor("head/softmax", TType::kInt8, {1, 10}, per_tensor(1.0f / 256, -128));
  m.op(kOpSoftmax, {logits}, {probs}, Options{});
  const int out = m.tensor("probabilities", TType::kFloat32, {1, 10});
  m.op(kOpDequantize, {probs}, {out});
  m.set_io({img}, {out});
  return m;
}

// clang-format off
const TestModelCase kCases[] = {
  {"conv2d_3x3_same_s2_perchannel_relu6", [](Rng& r) { return conv2d(r, {.h = 9, .w = 9, .cin = 3, .cout = 8, .stride = 2, .act = kActRelu6}); }},
  {"conv2d_1x1_valid_pertensor_nobias",   [](Rng& r) { return conv2d(r, {.h = 4, .w = 5, .cin = 6, .cout = 5, .kh = 1, .kw = 1, .padding = kPadValid, .per_channel = false, .bias = false}); }},
  {"conv2d_3x3_dilation2_relu",           [](Rng& r) { return conv2d(r, {.h = 7, .w = 7, .cin = 2, .cout = 3, .dil = 2, .act = kActRelu}); }},
  {"dwconv_3x3_mult2_dilation2",          [](Rng& r) { return depthwise(r, {.h = 9, .w = 9, .cin = 3, .mult = 2, .dil = 2}); }},
  {"dwconv_3x3_s2_valid_relu6",           [](Rng& r) { return depthwise(r, {.h = 8, .w = 8, .cin = 4, .stride = 2, .padding = kPadValid, .act = kActRelu6}); }},
  {"conv2d_3x3_same_odd_channels",         [](Rng& r) { return conv2d(r, {.h = 11, .w = 9, .cin = 5, .cout = 7}); }},
  {"conv2d_1x1_wide_odd",                  [](Rng& r) { return conv2d(r, {.h = 5, .w = 7, .cin = 37, .cout = 19, .kh = 1, .kw = 1}); }},
  {"conv2d_5x5_window_over_1k",            [](Rng& r) { return conv2d(r, {.h = 7, .w = 6, .cin = 48, .cout = 3, .kh = 5, .kw = 5}); }},
  {"dwconv_3x3_same_13ch",                 [](Rng& r) { return depthwise(r, {.h = 9, .w = 7, .cin = 13}); }},
  {"dwconv_5x5_s2_same_8ch",               [](Rng& r) { return depthwise(r, {.h = 9, .w = 9, .cin = 8, .k = 5, .stride = 2}); }},
  {"fc_pertensor_bias",                   [](Rng& r) { return fully_connected(r, {1, 24}, 10, kActNone, true); }},
  {"fc_4d_input_relu_nobias",             [](Rng& r) { return fully_connected(r, {1, 2, 2, 4}, 6, kActRelu, false); }},
  {"add_broadcast_channel",               [](Rng& r) { return binary(r, kOpAdd, {1, 4, 5, 6}, {1, 1, 1, 6}, kActNone); }},
  {"add_same_shape_relu6",                [](Rng& r) { return binary(r, kOpAdd, {1, 3, 3, 4}, {1, 3, 3, 4}, kActRelu6); }},
  {"mul_broadcast_channel",               [](Rng& r) { return binary(r, kOpMul, {1, 4, 5, 6}, {1, 1, 1, 6}, kActNone); }},
  {"minimum_const_scalar",                [](Rng& r) { return binary(r, kOpMinimum, {1, 4, 4, 3}, {}, kActNone); }},
  {"maximum_const_scalar",                [](Rng& r) { return binary(r, kOpMaximum, {1, 4, 4, 3}, {}, kActNone); }},
  {"mean_hw_keep_dims_requant",           [](Rng& r) { return mean(r, {1, 5, 5, 8}, {1, 2}, true, true); }},
  {"mean_hw_same_quant",                  [](Rng& r) { return mean(r, {1, 4, 4, 6}, {1, 2}, false, false); }},
  {"softmax_beta1",                       [](Rng& r) { return softmax(r, {1, 10}, 1.0f); }},
  {"softmax_beta_half_2d",                [](Rng& r) { return softmax(r, {3, 7}, 0.5f); }},
  {"logistic",                            [](Rng& r) { return logistic(r, {1, 4, 4, 3}); }},
  {"hard_swish",                          [](Rng& r) { return hard_swish(r, {1, 5, 5, 4}); }},
  {"quantize_uint8_to_int8",              [](Rng& r) { return quantize(r, TType::kUInt8, {1, 6, 6, 1}); }},
  {"quantize_int8_requant",               [](Rng& r) { return quantize(r, TType::kInt8, {1, 3, 3, 5}); }},
  {"dequantize_int8",                     [](Rng& r) { return dequantize(r, {1, 12}); }},
  {"avg_pool_2x2_s2_valid",               [](Rng& r) { return pool(r, kOpAveragePool2D, {1, 6, 6, 3}, 2, 2, kPadValid, kActNone); }},
  {"avg_pool_3x3_s1_same_relu",           [](Rng& r) { return pool(r, kOpAveragePool2D, {1, 5, 5, 2}, 3, 1, kPadSame, kActRelu); }},
  {"max_pool_3x3_s2_same",                [](Rng& r) { return pool(r, kOpMaxPool2D, {1, 7, 7, 4}, 3, 2, kPadSame, kActNone); }},
  {"pad_hw",                              [](Rng& r) { return pad(r, {1, 3, 3, 2}, {0, 0, 1, 2, 2, 1, 0, 0}); }},
  {"reshape_then_fc_absent_bias",         [](Rng& r) { return reshape_fc(r, {1, 2, 3, 4}, 5); }},
  {"mini_effnet_lc",                      [](Rng& r) { return mini_effnet(r); }},
};
// clang-format on

// ---- graph comparison ------------------------------------------------------

template <class T>
std::string str(const T& v) {
  if constexpr (std::is_same_v<T, std::string>) {
    return "'" + v + "'";
  } else if constexpr (std::is_arithmetic_v<T>) {
    std::ostringstream s;
    s << +v;
    return s.str();
  } else {
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + str(v[i]);
    return out + "]";
  }
}

class Differ {
 public:
  explicit Differ(int max_lines) : max_(max_lines) {}
  template <class T>
  void cmp(const std::string& where, const char* field, const T& a, const T& b) {
    if (a == b) return;
    if (lines_++ < max_) out_ += where + ": " + field + " " + str(a) + " != " + str(b) + "\n";
  }
  std::string result() const {
    return lines_ > max_ ? out_ + "... " + std::to_string(lines_ - max_) + " more\n" : out_;
  }

 private:
  int max_, lines_ = 0;
  std::string out_;
};

void diff_options(Differ& d, const std::string& w, const Options& a, const Options& b, bool tags) {
  d.cmp(w, "padding", a.padding, b.padding);
  d.cmp(w, "stride_w", a.stride_w, b.stride_w);
  d.cmp(w, "stride_h", a.stride_h, b.stride_h);
  d.cmp(w, "dilation_w", a.dilation_w, b.dilation_w);
  d.cmp(w, "dilation_h", a.dilation_h, b.dilation_h);
  d.cmp(w, "fused_activation", a.fused_activation, b.fused_activation);
  d.cmp(w, "depth_multiplier", a.depth_multiplier, b.depth_multiplier);
  d.cmp(w, "filter_w", a.filter_w, b.filter_w);
  d.cmp(w, "filter_h", a.filter_h, b.filter_h);
  d.cmp(w, "keep_dims", a.keep_dims, b.keep_dims);
  d.cmp(w, "beta", a.beta, b.beta);
  d.cmp(w, "new_shape", a.new_shape, b.new_shape);
  d.cmp(w, "begin_mask", a.begin_mask, b.begin_mask);
  d.cmp(w, "end_mask", a.end_mask, b.end_mask);
  d.cmp(w, "ellipsis_mask", a.ellipsis_mask, b.ellipsis_mask);
  d.cmp(w, "new_axis_mask", a.new_axis_mask, b.new_axis_mask);
  d.cmp(w, "shrink_axis_mask", a.shrink_axis_mask, b.shrink_axis_mask);
  d.cmp(w, "offset", a.offset, b.offset);
  d.cmp(w, "values_count", a.values_count, b.values_count);
  d.cmp(w, "axis", a.axis, b.axis);
  d.cmp(w, "weights_format", a.weights_format, b.weights_format);
  d.cmp(w, "keep_num_dims", a.keep_num_dims, b.keep_num_dims);
  d.cmp(w, "asymmetric_quantize_inputs", a.asymmetric_quantize_inputs, b.asymmetric_quantize_inputs);
  d.cmp(w, "pot_scale_int16", a.pot_scale_int16, b.pot_scale_int16);
  d.cmp(w, "out_type", a.out_type, b.out_type);
  d.cmp(w, "quantized_bias_type", a.quantized_bias_type, b.quantized_bias_type);
  if (tags) d.cmp(w, "options_type", a.options_type, b.options_type);
}

}  // namespace

std::string graph_diff(const Graph& a, const Graph& b, bool compare_option_tags, int max_lines) {
  Differ d(max_lines);
  d.cmp("graph", "description", a.description, b.description);
  d.cmp("graph", "inputs", a.inputs, b.inputs);
  d.cmp("graph", "outputs", a.outputs, b.outputs);
  d.cmp("graph", "tensor count", a.tensors.size(), b.tensors.size());
  d.cmp("graph", "op count", a.ops.size(), b.ops.size());
  for (size_t i = 0; i < std::min(a.tensors.size(), b.tensors.size()); ++i) {
    const Tensor& x = a.tensors[i];
    const Tensor& y = b.tensors[i];
    const std::string w = "tensor " + std::to_string(i) + " '" + x.name + "'";
    d.cmp(w, "name", x.name, y.name);
    d.cmp(w, "type", static_cast<int>(x.type), static_cast<int>(y.type));
    d.cmp(w, "shape", x.shape, y.shape);
    d.cmp(w, "scale", x.q.scale, y.q.scale);  // exact: stored bit for bit
    d.cmp(w, "zero_point", x.q.zero_point, y.q.zero_point);
    d.cmp(w, "quantized_dimension", x.q.quantized_dimension, y.q.quantized_dimension);
    d.cmp(w, "is_variable", x.is_variable, y.is_variable);
    d.cmp(w, "constant size", x.data.size(), y.data.size());
    if (x.data.size() == y.data.size()) {  // first differing byte, not the whole buffer
      auto [px, py] = std::mismatch(x.data.begin(), x.data.end(), y.data.begin());
      if (px != x.data.end())
        d.cmp(w + " constant byte " + std::to_string(px - x.data.begin()), "value", int{*px}, int{*py});
    }
  }
  for (size_t k = 0; k < std::min(a.ops.size(), b.ops.size()); ++k) {
    const Operator& x = a.ops[k];
    const Operator& y = b.ops[k];
    const std::string w = "op #" + std::to_string(k) + " " + x.name();
    d.cmp(w, "index", x.index, y.index);
    d.cmp(w, "builtin", x.builtin, y.builtin);
    d.cmp(w, "custom_code", x.custom_code, y.custom_code);
    d.cmp(w, "version", x.version, y.version);
    d.cmp(w, "inputs", x.inputs, y.inputs);
    d.cmp(w, "outputs", x.outputs, y.outputs);
    diff_options(d, w, x.opt, y.opt, compare_option_tags);
  }
  return d.result();
}

std::span<const TestModelCase> test_model_cases() { return kCases; }

ModelBuilder make_test_model(std::string_view name, uint32_t seed) {
  for (const auto& c : kCases) {
    if (name != c.name) continue;
    Rng r(seed);
    return c.make(r);
  }
  throw hb::Error("unknown test model '" + std::string(name) + "'");
}

}  // namespace hb::model
