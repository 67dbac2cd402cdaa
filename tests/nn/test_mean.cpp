// MEAN int8: TFLite Micro's EvalIntegerMean -> QuantizedMeanOrSum: the sum
// minus zp * count, rescaled by in/out scale with 1/count folded into the
// multiplier, for every quantization (identical in/out included).
#include "eltwise_util.h"

using namespace hb::test::eltwise;
using hb::model::kOpMean;

namespace {

// Naive TFLM MEAN over axes of a 4-D NHWC-like tensor; `reduce[d]` marks the axes.
std::vector<int8_t> ref_mean(const std::vector<int32_t>& s, const std::vector<int8_t>& x, const bool reduce[4], Q qi,
                             Q qo) {
  int64_t count = 1;
  for (int d = 0; d < 4; ++d)
    if (reduce[d]) count *= s[static_cast<size_t>(d)];
  int32_t m = 0;
  int sh = 0;
  ref_quantize_multiplier(static_cast<double>(qi.scale) / qo.scale, &m, &sh);
  int k = 0;
  while ((int64_t{2} << k) <= count) ++k;  // floor(log2(count))
  k = std::min({k, 32, 31 + sh});
  m = static_cast<int32_t>((static_cast<int64_t>(m) << k) / count);
  sh -= k;
  std::vector<int8_t> out;
  int o[4];
  for (o[0] = 0; o[0] < (reduce[0] ? 1 : s[0]); ++o[0])
    for (o[1] = 0; o[1] < (reduce[1] ? 1 : s[1]); ++o[1])
      for (o[2] = 0; o[2] < (reduce[2] ? 1 : s[2]); ++o[2])
        for (o[3] = 0; o[3] < (reduce[3] ? 1 : s[3]); ++o[3]) {
          int64_t sum = 0;
          int i[4];
          for (i[0] = 0; i[0] < s[0]; ++i[0])
            for (i[1] = 0; i[1] < s[1]; ++i[1])
              for (i[2] = 0; i[2] < s[2]; ++i[2])
                for (i[3] = 0; i[3] < s[3]; ++i[3]) {
                  bool hit = true;
                  for (int d = 0; d < 4; ++d) hit = hit && (reduce[d] || i[d] == o[d]);
                  if (hit) sum += x[static_cast<size_t>(((i[0] * s[1] + i[1]) * s[2] + i[2]) * s[3] + i[3])];
                }
          out.push_back(sat8(ref_mbqm(static_cast<int32_t>(sum - qi.zp * count), m, sh) + qo.zp));
        }
  return out;
}

std::vector<int8_t> run_mean(const std::vector<int32_t>& s, const std::vector<int8_t>& x, std::vector<int32_t> axes,
                             bool keep_dims, Q qi, Q qo) {
  OneOp g;
  const int ti = g.tensor(TType::kInt8, s, qi.scale, qi.zp);
  const int ta = g.constant_i32({static_cast<int32_t>(axes.size())}, axes);
  std::vector<int32_t> so;
  for (size_t d = 0; d < s.size(); ++d) {
    bool r = false;
    for (int32_t a : axes)
      r = r || a == static_cast<int32_t>(d) || a + static_cast<int32_t>(s.size()) == static_cast<int32_t>(d);
    if (!r)
      so.push_back(s[d]);
    else if (keep_dims)
      so.push_back(1);
  }
  const int to = g.tensor(TType::kInt8, so, qo.scale, qo.zp);
  Options opt;
  opt.keep_dims = keep_dims;
  g.op(kOpMean, {ti, ta}, to, ti, opt);
  return g.run_i8(x);
}

TEST(Mean, SpatialMeanRequantizedKeepDimsBothWays) {
  std::mt19937 rng(21);
  const bool hw[4] = {false, true, true, false};
  for (int iter = 0; iter < 12; ++iter) {
    const std::vector<int32_t> s = {1, 3 + iter, 2 + 2 * iter, 1 + iter % 5};  // counts 6, 16, 30, ...
    const Q qi{0.02f + 0.01f * iter, -10 + iter}, qo{0.015f + 0.004f * iter, 4 - iter};
    auto x = random_i8(elems(s), rng);
    const auto want = ref_mean(s, x, hw, qi, qo);
    EXPECT_EQ(run_mean(s, x, {1, 2}, iter % 2 == 0, qi, qo), want) << "iter " << iter;
    // Float sanity: the mean of the dequantized inputs, requantized, within 1.
    for (int c = 0; c < s[3]; ++c) {
      double sum = 0;
      for (int i = 0; i < s[1] * s[2]; ++i) sum += qi.scale * (x[static_cast<size_t>(i * s[3] + c)] - qi.zp);
      const double real = sum / (s[1] * s[2]);
      EXPECT_LE(
          std::fabs(want[static_cast<size_t>(c)] - std::clamp(std::round(real / qo.scale) + qo.zp, -128.0, 127.0)),
          1.0);
    }
  }
}

TEST(Mean, SameQuantizationRoundsHalfAwayFromZero) {
  // Identical in/out quantization still goes through the rescaling path, so
  // means of -2.5, 2.5, -0.75 round to -3, 3, -1; a truncating sum / count
  // (the shortcut some TFLM versions take) would give -2, 2, 0 and disagrees
  // with the EfficientNet food-101 golden outputs.
  const Q q{0.1f, 0};
  const std::vector<int32_t> s = {1, 2, 2, 3};
  const std::vector<int8_t> x = {-2, 2, -1, -3, 3, -1, -2, 2, 0, -3, 3, -1};
  const bool hw[4] = {false, true, true, false};
  const auto got = run_mean(s, x, {1, 2}, false, q, q);
  EXPECT_EQ(got, (std::vector<int8_t>{-3, 3, -1}));
  EXPECT_EQ(got, ref_mean(s, x, hw, q, q));
}

TEST(Mean, LargeWindowAndNegativeAxes) {
  // 64x64 window (EfficientNet's first SE block), axes given as -3, -2.
  std::mt19937 rng(8);
  const std::vector<int32_t> s = {1, 64, 64, 4};
  auto x = random_i8(elems(s), rng);
  const Q qi{0.0235f, -128}, qo{0.0117f, -128};
  const bool hw[4] = {false, true, true, false};
  EXPECT_EQ(run_mean(s, x, {-3, -2}, false, qi, qo), ref_mean(s, x, hw, qi, qo));
  // Same quantization, same window.
  EXPECT_EQ(run_mean(s, x, {2, 1}, true, qi, qi), ref_mean(s, x, hw, qi, qi));
}

TEST(Mean, OtherAxes) {
  std::mt19937 rng(9);
  const std::vector<int32_t> s = {2, 3, 4, 5};
  auto x = random_i8(elems(s), rng);
  const Q qi{0.05f, 7}, qo{0.03f, -2};
  const bool c_only[4] = {false, false, false, true};
  const bool b_and_w[4] = {true, false, true, false};
  EXPECT_EQ(run_mean(s, x, {3}, false, qi, qo), ref_mean(s, x, c_only, qi, qo));
  EXPECT_EQ(run_mean(s, x, {0, 2, 0}, true, qi, qo), ref_mean(s, x, b_and_w, qi, qo));  // duplicate axis ignored
}

TEST(Mean, RejectsUnsupportedConfigurations) {
  {
    OneOp g;
    const int ti = g.tensor(TType::kInt8, {1, 4, 4, 2}, 0.1f, 0);
    const int ta = g.tensor(TType::kInt32, {2});  // axis not constant
    const int to = g.tensor(TType::kInt8, {1, 2}, 0.1f, 0);
    g.op(kOpMean, {ti, ta}, to, ti);
    expect_import_error(g, "MEAN: axis must be a constant");
  }
  {
    OneOp g;
    const int ti = g.tensor(TType::kInt8, {1, 4, 4, 2}, 0.1f, 0);
    const int ta = g.constant_i32({1}, {4});
    const int to = g.tensor(TType::kInt8, {1, 4, 4}, 0.1f, 0);
    g.op(kOpMean, {ti, ta}, to, ti);
    expect_import_error(g, "axis 4 out of range");
  }
  {
    OneOp g;
    const int ti = g.tensor(TType::kFloat32, {1, 4, 4, 2});
    const int ta = g.constant_i32({2}, {1, 2});
    const int to = g.tensor(TType::kFloat32, {1, 2});
    g.op(kOpMean, {ti, ta}, to, ti);
    expect_import_error(g, "MEAN: tensor type FLOAT32 not supported");
  }
}

}  // namespace
