// MINIMUM / MAXIMUM int8: raw int8 comparison with broadcasting, as TFLite
// Micro does (EfficientNet LC clips with MINIMUM/MAXIMUM against a constant).
#include "eltwise_util.h"

using namespace hb::test::eltwise;
using hb::model::kOpMaximum;
using hb::model::kOpMinimum;

namespace {

std::vector<int8_t> run_minmax(int32_t builtin, const std::vector<int32_t>& s1, const std::vector<int8_t>& a,
                               const std::vector<int32_t>& s2, const std::vector<int8_t>& b,
                               const std::vector<int32_t>& so, int const_input = 1, Q q1 = {0.1f, 0},
                               Q q2 = {0.1f, 0}) {
  OneOp g;
  const int t1 = const_input == 0 ? g.constant_i8(s1, a, q1.scale, q1.zp) : g.tensor(TType::kInt8, s1, q1.scale, q1.zp);
  const int t2 = const_input == 1 ? g.constant_i8(s2, b, q2.scale, q2.zp) : g.tensor(TType::kInt8, s2, q2.scale, q2.zp);
  const int to = g.tensor(TType::kInt8, so, q1.scale, q1.zp);
  g.op(builtin, {t1, t2}, to, const_input == 0 ? t2 : t1);
  return g.run_i8(const_input == 0 ? b : a);
}

const auto kMin = [](int8_t x, int8_t y) { return std::min(x, y); };
const auto kMax = [](int8_t x, int8_t y) { return std::max(x, y); };

TEST(MinMax, ClipAgainstScalarConstant) {
  std::mt19937 rng(3);
  const std::vector<int32_t> s = {1, 1, 1, 24};
  auto x = random_i8(elems(s), rng);
  for (const std::vector<int32_t>& cs :
       {std::vector<int32_t>{}, std::vector<int32_t>{1}, std::vector<int32_t>{1, 1, 1, 1}}) {
    const std::vector<int8_t> hi = {37}, lo = {-90};
    EXPECT_EQ(run_minmax(kOpMinimum, s, x, cs, hi, s), ref_binary(s, x, cs, hi, s, kMin)) << cs.size();
    EXPECT_EQ(run_minmax(kOpMaximum, s, x, cs, lo, s), ref_binary(s, x, cs, lo, s, kMax)) << cs.size();
    // Constant first.
    EXPECT_EQ(run_minmax(kOpMinimum, cs, hi, s, x, s, 0), ref_binary(cs, hi, s, x, s, kMin));
  }
  // The clip really happened.
  const auto y = run_minmax(kOpMinimum, s, x, {}, {37}, s);
  EXPECT_EQ(*std::max_element(y.begin(), y.end()), 37);
}

TEST(MinMax, SameShapeAndGeneralBroadcast) {
  std::mt19937 rng(4);
  const std::vector<std::vector<int32_t>> s1s = {{2, 3, 4, 5}, {2, 1, 4, 1}, {5}};
  const std::vector<std::vector<int32_t>> s2s = {{2, 3, 4, 5}, {1, 3, 1, 6}, {3, 1}};
  const std::vector<std::vector<int32_t>> sos = {{2, 3, 4, 5}, {2, 3, 4, 6}, {3, 5}};
  for (size_t k = 0; k < s1s.size(); ++k) {
    auto a = random_i8(elems(s1s[k]), rng), b = random_i8(elems(s2s[k]), rng);
    EXPECT_EQ(run_minmax(kOpMinimum, s1s[k], a, s2s[k], b, sos[k]), ref_binary(s1s[k], a, s2s[k], b, sos[k], kMin));
    EXPECT_EQ(run_minmax(kOpMaximum, s1s[k], a, s2s[k], b, sos[k]), ref_binary(s1s[k], a, s2s[k], b, sos[k], kMax));
  }
}

TEST(MinMax, ComparesRawValuesEvenWhenScalesDiffer) {
  // TFLite Micro does not requantize: with input scales 0.1 and 1.0, raw 5
  // (0.5) vs raw 3 (3.0) yields raw 3 for MINIMUM, not the real minimum 0.5.
  const auto got = run_minmax(kOpMinimum, {1}, {5}, {1}, {3}, {1}, 1, {0.1f, 0}, {1.0f, 0});
  EXPECT_EQ(got, std::vector<int8_t>{3});
}

TEST(MinMax, RejectsUnsupportedConfigurations) {
  OneOp g;
  const int a = g.tensor(TType::kFloat32, {4});
  const int b = g.constant(TType::kFloat32, {4}, std::vector<uint8_t>(16));
  const int o = g.tensor(TType::kFloat32, {4});
  g.op(kOpMaximum, {a, b}, o, a);
  expect_import_error(g, "MAXIMUM: tensor type FLOAT32 not supported");
}

}  // namespace
