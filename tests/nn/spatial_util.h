// Test helpers for the spatial ops (CONV_2D, DEPTHWISE_CONV_2D,
// FULLY_CONNECTED, pools, PAD): build a one-operator hb::model::Graph in
// memory, import it and run it on the host engine; plus an independent,
// deliberately naive rendering of TFLite's requantization arithmetic for the
// expected values (written from TFLite's definitions, not from our kernels).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "model/graph.h"
#include "model/host_engine.h"
#include "model/importer.h"
#include "test_paths.h"

namespace hb::test::spatial {

using hb::model::Graph;
using hb::model::Operator;
using hb::model::Options;
using hb::model::Tensor;
using hb::model::TType;

// Owns the bytes of constant tensors (Graph tensors only hold spans).
class GraphBuilder {
 public:
  GraphBuilder() { g_.path = "test.tflite"; }

  int act(TType type, std::vector<int32_t> shape, float scale, int64_t zp) {
    Tensor t;
    t.name = "t" + std::to_string(g_.tensors.size());
    t.type = type;
    t.shape = std::move(shape);
    t.q.scale = {scale};
    t.q.zero_point = {zp};
    g_.tensors.push_back(std::move(t));
    return static_cast<int>(g_.tensors.size()) - 1;
  }

  template <class T>
  int constant(TType type, std::vector<int32_t> shape, const std::vector<T>& values, std::vector<float> scales = {},
               std::vector<int64_t> zps = {}, int32_t qdim = 0) {
    auto& bytes = store_.emplace_back(values.size() * sizeof(T));
    if (!bytes.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
    Tensor t;
    t.name = "c" + std::to_string(g_.tensors.size());
    t.type = type;
    t.shape = std::move(shape);
    t.q.scale = std::move(scales);
    t.q.zero_point = std::move(zps);
    t.q.quantized_dimension = qdim;
    t.data = std::span<const uint8_t>(bytes.data(), bytes.size());
    g_.tensors.push_back(std::move(t));
    return static_cast<int>(g_.tensors.size()) - 1;
  }

  Tensor& tensor(int i) { return g_.tensors.at(static_cast<size_t>(i)); }

  // The graph's single operator; its first input and its output become the
  // graph's input and output.
  const Graph& op(int32_t builtin, std::vector<int32_t> ins, int32_t out, const Options& opt) {
    Operator o;
    o.index = 0;
    o.builtin = builtin;
    o.inputs = std::move(ins);
    o.outputs = {out};
    o.opt = opt;
    g_.ops = {o};
    g_.inputs = {g_.ops[0].inputs[0]};
    g_.outputs = {out};
    return g_;
  }

  const Graph& graph() const { return g_; }
  Operator& the_op() { return g_.ops.at(0); }  // to break an option in rejection tests

 private:
  Graph g_;
  std::deque<std::vector<uint8_t>> store_;
};

inline std::vector<int8_t> run_graph(const Graph& g, const std::vector<int8_t>& input) {
  hb::model::Plan plan = hb::model::import_graph(g);
  hb::model::HostEngine eng(plan.blob);
  std::vector<uint8_t> in(input.size());
  std::memcpy(in.data(), input.data(), input.size());
  std::vector<uint8_t> out = eng.run(in);
  std::vector<int8_t> r(out.size());
  std::memcpy(r.data(), out.data(), out.size());
  return r;
}

// The error message import_graph throws for g ("" if it imports fine).
inline std::string import_error(const Graph& g) {
  try {
    hb::model::import_graph(g);
  } catch (const std::exception& e) {
    return e.what();
  }
  return {};
}

// ---- TFLite's requantization, written out plainly (int64, no tricks) ----

struct RefQM {
  int32_t mult = 0;
  int shift = 0;
};

// QuantizeMultiplier: m = q * 2^shift with q in [0.5, 1) rounded to Q31.
inline RefQM ref_quantize_multiplier(double m) {
  RefQM r;
  if (m == 0.0) return r;
  int e = 0;
  const double q = std::frexp(m, &e);
  int64_t qf = std::llround(q * 2147483648.0);
  if (qf == (int64_t{1} << 31)) {
    qf /= 2;
    ++e;
  }
  if (e < -31) return RefQM{};
  r.mult = static_cast<int32_t>(qf);
  r.shift = e;
  return r;
}

// MultiplyByQuantizedMultiplier: x * 2^left * mult / 2^31 rounded (doubling
// high multiply), then divided by 2^right rounding half away from zero.
inline int32_t ref_mbqm(int32_t x, int32_t mult, int shift) {
  const int left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
  const int64_t a = static_cast<int64_t>(x) * (int64_t{1} << left);  // fits: |x| * 2^30 < 2^62
  const int32_t a32 = static_cast<int32_t>(a);                       // TFLite shifts in int32
  int64_t hi;
  if (a32 == INT32_MIN && mult == INT32_MIN) {
    hi = INT32_MAX;
  } else {
    // gemmlowp's nudge-and-truncate amounts to floor(ab / 2^31 + 1/2): exact
    // halves round up (toward +infinity), also for negative products.
    const int64_t ab = static_cast<int64_t>(a32) * mult;
    hi = (ab + (int64_t{1} << 30)) >> 31;  // C++20: >> on negatives is floor
  }
  if (right == 0) return static_cast<int32_t>(hi);
  const int64_t mag = (hi < 0 ? -hi : hi) + (int64_t{1} << (right - 1));
  return static_cast<int32_t>((hi < 0 ? -1 : 1) * (mag >> right));
}

// CalculateActivationRangeQuantized for int8 outputs.
inline void ref_act_range(int8_t act, float scale, int32_t zp, int32_t* lo, int32_t* hi) {
  auto q = [&](float f) { return zp + static_cast<int32_t>(std::round(f / scale)); };
  *lo = -128;
  *hi = 127;
  if (act == hb::model::kActRelu) *lo = std::max(-128, q(0.0f));
  if (act == hb::model::kActRelu6) {
    *lo = std::max(-128, q(0.0f));
    *hi = std::min(127, q(6.0f));
  }
  if (act == hb::model::kActReluN1To1) {
    *lo = std::max(-128, q(-1.0f));
    *hi = std::min(127, q(1.0f));
  }
}

inline int8_t ref_out(int32_t acc, RefQM qm, int32_t out_zp, int32_t lo, int32_t hi) {
  const int32_t v = ref_mbqm(acc, qm.mult, qm.shift) + out_zp;
  return static_cast<int8_t>(std::clamp(v, lo, hi));
}

// TFLite's output size and leading padding for SAME / VALID.
inline void ref_out_pad(int8_t padding, int32_t in, int32_t k, int32_t stride, int32_t dil, int32_t* out,
                        int32_t* pad) {
  const int32_t eff = (k - 1) * dil + 1;
  *out = padding == hb::model::kPadSame ? (in + stride - 1) / stride : (in + stride - eff) / stride;
  *pad = std::max(0, ((*out - 1) * stride + eff - in) / 2);
}

// ---- random data ----

inline std::vector<int8_t> rand_i8(std::mt19937& rng, size_t n, int lo = -128, int hi = 127) {
  std::uniform_int_distribution<int> d(lo, hi);
  std::vector<int8_t> v(n);
  for (auto& x : v) x = static_cast<int8_t>(d(rng));
  return v;
}

inline int rand_int(std::mt19937& rng, int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }

inline float rand_scale(std::mt19937& rng, float lo, float hi) {
  return std::exp(std::uniform_real_distribution<float>(std::log(lo), std::log(hi))(rng));
}

inline int8_t rand_activation(std::mt19937& rng) {
  const int8_t acts[] = {hb::model::kActNone, hb::model::kActRelu, hb::model::kActRelu6, hb::model::kActReluN1To1};
  return acts[rand_int(rng, 0, 3)];
}

// ---- real data: ../shared/golden-tensors ----

// For every operator with this builtin code in every model of
// ../shared/golden-tensors, runs that operator alone on its dumped input
// tensor and compares with its dumped output (TFLite Micro's reference run).
// Returns how many operators were checked; reports mismatches as failures.
inline int check_golden_tensor_ops(int32_t builtin) {
  namespace fs = std::filesystem;
  const fs::path root = hb::test::shared_dir() / "golden-tensors";
  if (!fs::is_directory(root)) return 0;
  auto read_bytes = [](const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    return std::vector<int8_t>(std::istreambuf_iterator<char>(f), {});
  };
  int checked = 0;
  for (const auto& dir : fs::directory_iterator(root)) {
    const std::string model = hb::test::shared_model(dir.path().filename().string() + ".tflite");
    if (model.empty() || !fs::exists(dir.path() / "tensors.tsv")) continue;
    std::map<int, std::string> file_of;  // tensor index -> dump file
    std::ifstream tsv(dir.path() / "tensors.tsv");
    std::string line;
    std::getline(tsv, line);  // header
    while (std::getline(tsv, line)) {
      std::vector<std::string> col;
      std::stringstream ss(line);
      for (std::string c; std::getline(ss, c, '\t');) col.push_back(c);
      if (col.size() >= 6) file_of[std::stoi(col[0])] = col[5];
    }
    const hb::model::Graph full = hb::model::read_tflite(model);
    for (const Operator& op : full.ops) {
      if (op.builtin != builtin || op.inputs.empty() || op.outputs.empty()) continue;
      const int in = op.inputs[0], out = op.outputs[0];
      if (!file_of.count(in) || !file_of.count(out)) continue;
      Graph g;
      g.path = full.path;
      g.tensors = full.tensors;  // constant spans still point into full.file
      g.ops = {op};
      g.inputs = {in};
      g.outputs = {out};
      const auto x = read_bytes(dir.path() / file_of[in]);
      const auto want = read_bytes(dir.path() / file_of[out]);
      const auto got = run_graph(g, x);
      ++checked;
      EXPECT_EQ(got.size(), want.size()) << model << " op #" << op.index;
      size_t bad = 0, first = 0;
      for (size_t i = 0; i < std::min(got.size(), want.size()); ++i)
        if (got[i] != want[i] && bad++ == 0) first = i;
      EXPECT_EQ(bad, 0u) << dir.path().filename().string() << " op #" << op.index << ": " << bad
                         << " elements differ, first at " << first << " (got " << int(got[first]) << ", TFLM "
                         << int(want[first]) << ")";
    }
  }
  return checked;
}

}  // namespace hb::test::spatial
