// HARD_SWISH int8: x * relu6(x + 3) / 6 in TFLite's 16-bit fixed point.
// Checked over every input value and several quantizations against a naive
// rendition of reference_ops::HardSwish (hard_swish_common.cc multipliers),
// against float, and in the region where the result is exact by construction.
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

// TFLite's int16 helpers, restated with floor / plain division.
int16_t sat16(int64_t v) { return static_cast<int16_t>(std::clamp<int64_t>(v, -32768, 32767)); }
int16_t srdhm16(int16_t a, int16_t b) {  // round half up
  if (a == -32768 && b == -32768) return 32767;
  return static_cast<int16_t>((a * b + 16384) >> 15);
}
int16_t sdhm16(int16_t a, int16_t b) {  // truncate toward zero
  if (a == -32768 && b == -32768) return 32767;
  return static_cast<int16_t>(a * b / 32768);
}
int16_t rdiv16(int16_t x, int e) { return static_cast<int16_t>(ref_rdiv(x, e)); }  // e <= 15 here
int16_t to_q15(int32_t m) { return m >= INT32_MAX - 32768 ? 32767 : static_cast<int16_t>((m + 32768) >> 16); }

std::vector<int8_t> ref_hard_swish(const std::vector<int8_t>& x, Q qi, Q qo) {
  const float hires_scale = (1.0f / 128.0f) * qi.scale;
  int32_t m;
  int out_exp, relu_exp;
  ref_quantize_multiplier(static_cast<double>(hires_scale / qo.scale), &m, &out_exp);
  const int16_t out_mult = to_q15(m);
  ref_quantize_multiplier(static_cast<double>(hires_scale / (3.0f / 32768.0f)), &m, &relu_exp);
  const int16_t relu_mult = to_q15(m);
  std::vector<int8_t> out;
  for (int8_t v : x) {
    const int16_t hires = static_cast<int16_t>((v - qi.zp) * 128);
    const int16_t pre_out = srdhm16(hires, out_mult);
    int16_t r = hires;
    if (relu_exp > 0) r = sat16(int64_t{r} << (relu_exp - 1));
    r = srdhm16(r, relu_mult);
    if (relu_exp > 0) r = sat16(int64_t{r} * 2);
    if (relu_exp < 0) r = rdiv16(r, -relu_exp);
    r = static_cast<int16_t>((r + 32768) >> 1);
    const int16_t y = rdiv16(sdhm16(r, pre_out), -out_exp);
    out.push_back(sat8(y + qo.zp));
  }
  return out;
}

double hard_swish(double x) { return x * std::clamp(x + 3, 0.0, 6.0) / 6; }

TEST(HardSwish, EveryInputMatchesReferenceAndFloat) {
  std::vector<int8_t> x;
  for (int v = -128; v < 128; ++v) x.push_back(static_cast<int8_t>(v));
  const std::vector<std::pair<Q, Q>> cases = {{{0.05f, 0}, {0.04f, -50}},
                                              {{0.1f, -20}, {0.08f, -80}},
                                              {{0.02f, 10}, {0.02f, -20}},
                                              {{0.5f, 0}, {0.4f, -100}}};  // reluish multiplier > 1: left shifts
  for (const auto& [qi, qo] : cases) {
    const auto got = run_hs(x, qi, qo);
    EXPECT_EQ(got, ref_hard_swish(x, qi, qo)) << "in scale " << qi.scale;
    int exact = 0;
    for (size_t i = 0; i < x.size(); ++i) {
      const double want =
          std::clamp(std::round(hard_swish(qi.scale * (x[i] - qi.zp)) / qo.scale) + qo.zp, -128.0, 127.0);
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
