// HARD_SWISH int8: x * relu6(x + 3) / 6 in TFLite's 16-bit fixed point.
// Checked over every input value and several quantizations against float,
// plus the regions where the result is exact by construction.
#include "eltwise_util.h"

using namespace hb::test::eltwise;
using hb::model::kOpHardSwish;

namespace {

std::vector<int8_t> run_hs(const std::vector<int8_t>& x, Q qi, Q qo) {
  OneOp g;
  const int ti = g.tensor(TType::kInt8, {static_cast<int32_t>(x.size())}, qi.scale, qi.zp);
  const int to = g.tensor(TType::kInt8, {static_cast<int32_t>(x.size())}, qo.scale, qo.zp);
  g.op(kOpHardSwish, {ti}, to, ti);
  return g.run_i8(x);
}

double hard_swish(double x) { return x * std::clamp(x + 3, 0.0, 6.0) / 6; }

TEST(HardSwish, EveryInputCloseToFloat) {
  std::vector<int8_t> x;
  for (int v = -128; v < 128; ++v) x.push_back(static_cast<int8_t>(v));
  const std::vector<std::pair<Q, Q>> cases = {{{0.05f, 0}, {0.04f, -50}},
                                              {{0.1f, -20}, {0.08f, -80}},
                                              {{0.02f, 10}, {0.02f, -20}},
                                              {{0.5f, 0}, {0.4f, -100}}};  // reluish multiplier > 1: left shifts
  for (const auto& [qi, qo] : cases) {
    const auto got = run_hs(x, qi, qo);
    int exact = 0;
    for (size_t i = 0; i < x.size(); ++i) {
      const double want = std::clamp(std::round(hard_swish(qi.scale * (x[i] - qi.zp)) / qo.scale) + qo.zp, -128.0, 127.0);
      // TFLite's 16-bit arithmetic is within one output quantum.
      EXPECT_LE(std::fabs(got[i] - want), 1.0) << "in scale " << qi.scale << " x " << int(x[i]);
      exact += got[i] == want;
    }
    EXPECT_GT(exact, 200) << "in scale " << qi.scale;  // mostly exact, not merely close
  }
}

TEST(HardSwish, NegativeRegionIsZero) {
  // For x <= -3 the result is exactly 0.0, i.e. the output zero point.
  const auto got = run_hs({-128, -100, -61}, {0.05f, 0}, {0.04f, -50});  // reals -6.4, -5, -3.05
  EXPECT_EQ(got, (std::vector<int8_t>{-50, -50, -50}));
}

TEST(HardSwish, RejectsUnsupportedConfigurations) {
  OneOp g;  // output scale so much smaller than input that TFLite would need a left shift
  const int ti = g.tensor(TType::kInt8, {4}, 1.0f, 0);
  const int to = g.tensor(TType::kInt8, {4}, 0.001f, 0);
  g.op(kOpHardSwish, {ti}, to, ti);
  expect_import_error(g, "HARD_SWISH: input scale too large");
}

}  // namespace
