// Test helpers for the element-wise ops: a one-operator hb::model::Graph
// built in memory, imported and run on the host engine; plus naive integer
// arithmetic with TFLite's rounding rules, written independently of
// target-fw/nn (plain int64 formulas instead of gemmlowp's bit tricks).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <deque>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "model/graph.h"
#include "model/host_engine.h"
#include "model/importer.h"

namespace hb::test::eltwise {

using model::Graph;
using model::Operator;
using model::Options;
using model::Tensor;
using model::TType;

// A graph holding exactly one operator whose only activation input is the
// graph input; every other input is a constant owned by this object.
class OneOp {
 public:
  OneOp() { g_.path = "test.tflite"; }

  int tensor(TType type, std::vector<int32_t> shape, float scale = 0.0f, int64_t zp = 0) {
    Tensor t;
    t.name = "t" + std::to_string(g_.tensors.size());
    t.type = type;
    t.shape = std::move(shape);
    if (scale != 0.0f) {
      t.q.scale = {scale};
      t.q.zero_point = {zp};
    }
    g_.tensors.push_back(std::move(t));
    return static_cast<int>(g_.tensors.size()) - 1;
  }
  // A constant tensor with the given raw bytes.
  int constant(TType type, std::vector<int32_t> shape, std::vector<uint8_t> bytes, float scale = 0.0f, int64_t zp = 0) {
    const int i = tensor(type, std::move(shape), scale, zp);
    store_.push_back(std::move(bytes));
    g_.tensors[static_cast<size_t>(i)].data = std::span<const uint8_t>(store_.back());
    return i;
  }
  int constant_i8(std::vector<int32_t> shape, const std::vector<int8_t>& v, float scale, int64_t zp) {
    std::vector<uint8_t> b(v.size());
    std::memcpy(b.data(), v.data(), v.size());
    return constant(TType::kInt8, std::move(shape), std::move(b), scale, zp);
  }
  int constant_i32(std::vector<int32_t> shape, const std::vector<int32_t>& v) {
    std::vector<uint8_t> b(v.size() * 4);
    std::memcpy(b.data(), v.data(), b.size());
    return constant(TType::kInt32, std::move(shape), std::move(b));
  }
  Tensor& at(int i) { return g_.tensors.at(static_cast<size_t>(i)); }

  // Sets the operator; `input` is the graph input (an activation).
  void op(int32_t builtin, std::vector<int32_t> ins, int out, int input, Options opt = {}) {
    Operator o;
    o.index = 0;
    o.builtin = builtin;
    o.inputs = std::move(ins);
    o.outputs = {out};
    o.opt = std::move(opt);
    g_.ops = {o};
    g_.inputs = {input};
    g_.outputs = {out};
  }

  const Graph& graph() const { return g_; }
  model::Plan import() const { return model::import_graph(g_); }
  // Imports and runs once; returns the raw output bytes.
  std::vector<uint8_t> run(std::span<const uint8_t> input) const {
    model::Plan plan = import();
    model::HostEngine eng(plan.blob);
    return eng.run(input);
  }
  std::vector<int8_t> run_i8(const std::vector<int8_t>& input) const {
    auto out = run({reinterpret_cast<const uint8_t*>(input.data()), input.size()});
    return {out.begin(), out.end()};
  }

 private:
  Graph g_;
  std::deque<std::vector<uint8_t>> store_;
};

// Expects import to fail with a one-line message that contains `needle`.
inline void expect_import_error(const OneOp& g, const std::string& needle) {
  try {
    g.import();
    ADD_FAILURE() << "import succeeded, expected an error containing '" << needle << "'";
  } catch (const std::exception& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(needle), std::string::npos) << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos) << "not one line: " << msg;
  }
}

inline std::vector<int8_t> random_i8(size_t n, std::mt19937& rng, int lo = -128, int hi = 127) {
  std::uniform_int_distribution<int> d(lo, hi);
  std::vector<int8_t> v(n);
  for (auto& x : v) x = static_cast<int8_t>(d(rng));
  return v;
}

// ---- Naive TFLite integer arithmetic (reference for the tests) ----

// SaturatingRoundingDoublingHighMul: a*b/2^31 rounded half up (toward +inf),
// saturating only INT32_MIN * INT32_MIN.
inline int32_t ref_srdhm(int32_t a, int32_t b) {
  if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
  const int64_t ab = static_cast<int64_t>(a) * b;
  return static_cast<int32_t>((ab + (int64_t{1} << 30)) >> 31);  // arithmetic shift = floor
}

// RoundingDivideByPOT: x/2^e rounded half away from zero.
inline int32_t ref_rdiv(int32_t x, int e) {
  if (e == 0) return x;
  const int64_t mag = (std::llabs(static_cast<int64_t>(x)) + (int64_t{1} << (e - 1))) >> e;
  return static_cast<int32_t>(x < 0 ? -mag : mag);
}

// TFLite MultiplyByQuantizedMultiplier (double rounding).
inline int32_t ref_mbqm(int32_t x, int32_t m, int shift) {
  const int left = shift > 0 ? shift : 0;
  const int right = shift > 0 ? 0 : -shift;
  return ref_rdiv(ref_srdhm(static_cast<int32_t>(static_cast<int64_t>(x) * (int64_t{1} << left)), m), right);
}

// TFLite QuantizeMultiplier via frexp.
inline void ref_quantize_multiplier(double real, int32_t* m, int* shift) {
  if (real == 0) {
    *m = 0;
    *shift = 0;
    return;
  }
  const double q = std::frexp(real, shift);
  int64_t f = static_cast<int64_t>(std::round(q * 2147483648.0));
  if (f == (int64_t{1} << 31)) {
    f /= 2;
    ++*shift;
  }
  if (*shift < -31) {
    *shift = 0;
    f = 0;
  }
  *m = static_cast<int32_t>(f);
}

struct Q {
  float scale;
  int zp;
};

// Output index -> flat index into `in` under numpy broadcasting (rank <= 4).
inline size_t bcast_index(const std::vector<int32_t>& in, const int idx[4]) {
  const int pad = 4 - static_cast<int>(in.size());
  size_t off = 0;
  for (int d = 0; d < 4; ++d) {
    const int32_t extent = d < pad ? 1 : in[static_cast<size_t>(d - pad)];
    off = off * static_cast<size_t>(extent) + static_cast<size_t>(extent == 1 ? 0 : idx[d]);
  }
  return off;
}

// out[i] = f(a[...], b[...]) over the output shape, inputs broadcast naively.
template <class F>
std::vector<int8_t> ref_binary(const std::vector<int32_t>& s1, const std::vector<int8_t>& a,
                               const std::vector<int32_t>& s2, const std::vector<int8_t>& b,
                               const std::vector<int32_t>& so, F f) {
  int32_t o4[4];
  const int pad = 4 - static_cast<int>(so.size());
  for (int d = 0; d < 4; ++d) o4[d] = d < pad ? 1 : so[static_cast<size_t>(d - pad)];
  std::vector<int8_t> out;
  int idx[4];
  for (idx[0] = 0; idx[0] < o4[0]; ++idx[0])
    for (idx[1] = 0; idx[1] < o4[1]; ++idx[1])
      for (idx[2] = 0; idx[2] < o4[2]; ++idx[2])
        for (idx[3] = 0; idx[3] < o4[3]; ++idx[3]) out.push_back(f(a[bcast_index(s1, idx)], b[bcast_index(s2, idx)]));
  return out;
}

inline size_t elems(const std::vector<int32_t>& s) {
  size_t n = 1;
  for (int d : s) n *= static_cast<size_t>(d);
  return n;
}

// TFLite CalculateActivationRangeQuantized for int8.
inline void ref_act_range(int8_t act, const Q& o, int* lo, int* hi) {
  auto q = [&](float f) { return o.zp + static_cast<int>(std::round(f / o.scale)); };
  *lo = -128;
  *hi = 127;
  if (act == model::kActRelu || act == model::kActRelu6) *lo = std::max(-128, q(0.0f));
  if (act == model::kActRelu6) *hi = std::min(127, q(6.0f));
  if (act == model::kActReluN1To1) {
    *lo = std::max(-128, q(-1.0f));
    *hi = std::min(127, q(1.0f));
  }
}

inline int8_t sat8(int64_t v) { return static_cast<int8_t>(v < -128 ? -128 : (v > 127 ? 127 : v)); }

inline std::vector<int8_t> as_i8(const std::vector<uint8_t>& b) { return {b.begin(), b.end()}; }

}  // namespace hb::test::eltwise
