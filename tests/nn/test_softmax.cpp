// SOFTMAX int8 -> int8 (output scale 1/256, zp -128). TFLite's own tests
// accept 1 quantum against float softmax; the bit-exact check against TFLite
// Micro is test_golden_tensors_elementwise. Here: float agreement over random
// rows, values that are exact by construction, rows kept independent, the
// diff_min cut-off, and the import checks.
#include "eltwise_util.h"

using namespace hb::test::eltwise;
using hb::model::kOpSoftmax;

namespace {

std::vector<int8_t> run_softmax(const std::vector<int32_t>& s, const std::vector<int8_t>& x, Q qi, float beta = 1.0f) {
  OneOp g;
  const int ti = g.tensor(TType::kInt8, s, qi.scale, qi.zp);
  const int to = g.tensor(TType::kInt8, s, 1.0f / 256, -128);
  Options opt;
  opt.beta = beta;
  g.op(kOpSoftmax, {ti}, to, ti, opt);
  return g.run_i8(x);
}

std::vector<double> float_softmax(const std::vector<int8_t>& row, Q q, double beta) {
  double mx = -1e9;
  for (int8_t v : row) mx = std::max(mx, q.scale * (v - q.zp) * beta);
  std::vector<double> e;
  double sum = 0;
  for (int8_t v : row) {
    e.push_back(std::exp(q.scale * (v - q.zp) * beta - mx));
    sum += e.back();
  }
  for (double& v : e) v /= sum;
  return e;
}

TEST(Softmax, WithinOneQuantumOfFloat) {
  std::mt19937 rng(17);
  const std::vector<Q> qs = {{0.1f, 0}, {0.0625f, -20}, {0.19f, 30}, {0.03f, -128}};
  for (const Q& q : qs)
    for (float beta : {1.0f, 0.5f, 2.0f}) {
      const std::vector<int32_t> s = {3, 10};
      auto x = random_i8(elems(s), rng);
      const auto got = run_softmax(s, x, q, beta);
      for (int r = 0; r < 3; ++r) {
        const std::vector<int8_t> row(x.begin() + 10 * r, x.begin() + 10 * r + 10);
        const auto f = float_softmax(row, q, beta);
        for (int c = 0; c < 10; ++c)
          EXPECT_LE(std::fabs(got[static_cast<size_t>(10 * r + c)] -
                              std::clamp(std::round(f[static_cast<size_t>(c)] * 256) - 128, -128.0, 127.0)),
                    1.0)
              << "scale " << q.scale << " beta " << beta << " row " << r << " col " << c;
      }
    }
}

TEST(Softmax, TfLiteMicroTestVectors) {
  // softmax_test.cc (TFLM): inputs 1..5 and -1..-5 at scale 0.1, golden
  // probabilities quantized to 1/256; TFLM accepts a difference of 1.
  const std::vector<float> in = {1, 2, 3, 4, 5, -1, -2, -3, -4, -5};
  const std::vector<double> golden = {0.011656231, 0.031684921, 0.086128544, 0.234121657, 0.636408647,
                                      0.636408647, 0.234121657, 0.086128544, 0.031684921, 0.011656231};
  std::vector<int8_t> x;
  for (float v : in) x.push_back(static_cast<int8_t>(std::round(v / 0.1f)));
  const auto got = run_softmax({2, 5}, x, {0.1f, 0});
  for (size_t i = 0; i < got.size(); ++i) EXPECT_LE(std::fabs(got[i] - (std::round(golden[i] * 256) - 128)), 1.0) << i;
}

TEST(Softmax, UniformRowsAreExact) {
  // n equal logits: each 1/n, i.e. 256/n - 128 exactly for n = 1, 2, 4, 8
  // (n = 1 saturates 1.0 to 127).
  for (int n : {1, 2, 4, 8}) {
    std::vector<int8_t> x(static_cast<size_t>(n), 42);
    const auto got = run_softmax({1, n}, x, {0.1f, 0});
    for (int8_t v : got) EXPECT_EQ(v, std::min(127, 256 / n - 128)) << "n=" << n;
  }
}

TEST(Softmax, FarBelowMaxGivesExactlyMinusOneTwentyEight) {
  // A difference of 255 quanta at scale 0.5 is e^-127.5: below diff_min it is
  // skipped and written as -128; the maximum takes everything.
  const auto got = run_softmax({1, 3}, {127, -128, -128}, {0.5f, 0});
  EXPECT_EQ(got, (std::vector<int8_t>{127, -128, -128}));
}

TEST(Softmax, RowsAreIndependentAndOrderPreserving) {
  std::mt19937 rng(2);
  auto x = random_i8(4 * 16, rng);
  const auto all = run_softmax({4, 16}, x, {0.08f, 3});
  for (int r = 0; r < 4; ++r) {
    const std::vector<int8_t> row(x.begin() + 16 * r, x.begin() + 16 * r + 16);
    const auto one = run_softmax({1, 16}, row, {0.08f, 3});
    EXPECT_TRUE(std::equal(one.begin(), one.end(), all.begin() + 16 * r)) << "row " << r;
    for (int i = 0; i < 16; ++i)
      for (int j = 0; j < 16; ++j)
        if (row[static_cast<size_t>(i)] > row[static_cast<size_t>(j)]) {
          EXPECT_GE(one[static_cast<size_t>(i)], one[static_cast<size_t>(j)]);
        }
  }
}

TEST(Softmax, RejectsUnsupportedConfigurations) {
  OneOp g;
  const int ti = g.tensor(TType::kInt8, {1, 10}, 0.1f, 0);
  const int to = g.tensor(TType::kInt8, {1, 10}, 1.0f / 255, -128);
  g.op(kOpSoftmax, {ti}, to, ti);
  expect_import_error(g, "SOFTMAX: output quantization must be scale 1/256");

  OneOp h;
  const int a = h.tensor(TType::kInt16, {1, 10}, 0.1f, 0);
  const int b = h.tensor(TType::kInt16, {1, 10}, 1.0f / 32768, 0);
  h.op(kOpSoftmax, {a}, b, a);
  expect_import_error(h, "SOFTMAX: tensor type INT16 not supported");
}

}  // namespace
