// LOGISTIC int8 (output scale 1/256, zp -128). Exactness against TFLite Micro
// is test_golden_tensors_elementwise (EfficientNet's 16 sigmoid gates); here
// every input value on several scales against float, the exact points, the
// saturation beyond the input radius, and monotonicity.
#include "eltwise_util.h"

using namespace hb::test::eltwise;
using hb::model::kOpLogistic;

namespace {

std::vector<int8_t> all_int8() {
  std::vector<int8_t> x;
  for (int v = -128; v < 128; ++v) x.push_back(static_cast<int8_t>(v));
  return x;
}

std::vector<int8_t> run_logistic(const std::vector<int8_t>& x, Q qi) {
  OneOp g;
  const int ti = g.tensor(TType::kInt8, {1, static_cast<int32_t>(x.size())}, qi.scale, qi.zp);
  const int to = g.tensor(TType::kInt8, {1, static_cast<int32_t>(x.size())}, 1.0f / 256, -128);
  g.op(kOpLogistic, {ti}, to, ti);
  return g.run_i8(x);
}

TEST(Logistic, EveryInputWithinOneQuantumOfFloat) {
  const auto x = all_int8();
  for (const Q& q : {Q{0.1f, 0}, Q{0.0627f, -13}, Q{0.0125f, 40}, Q{0.25f, -128}, Q{0.004f, 0}}) {
    const auto got = run_logistic(x, q);
    for (size_t i = 0; i < x.size(); ++i) {
      const double f = 1.0 / (1.0 + std::exp(-q.scale * (x[i] - q.zp)));
      EXPECT_LE(std::fabs(got[i] - std::clamp(std::round(f * 256) - 128, -128.0, 127.0)), 1.0)
          << "scale " << q.scale << " x " << int(x[i]);
      if (i > 0) {
        EXPECT_GE(got[i], got[i - 1]) << "not monotonic at " << int(x[i]);
      }
    }
  }
}

TEST(Logistic, ExactPoints) {
  // sigmoid(0) = 0.5 -> 0 exactly; inputs beyond the radius (|x| >= 15 * 2^27
  // / 2^shift in quanta, here |real| >= 15) saturate to -128 / 127.
  const auto got = run_logistic({7, 127, -128, 87, -73}, {0.2f, 7});
  EXPECT_EQ(got[0], 0);
  EXPECT_EQ(got[1], 127);   // real 24
  EXPECT_EQ(got[2], -128);  // real -27
  EXPECT_EQ(got[3], 127);   // real 16
  EXPECT_EQ(got[4], -128);  // real -16
}

TEST(Logistic, RejectsUnsupportedConfigurations) {
  OneOp g;
  const int ti = g.tensor(TType::kInt8, {4}, 0.1f, 0);
  const int to = g.tensor(TType::kInt8, {4}, 1.0f / 256, 0);
  g.op(kOpLogistic, {ti}, to, ti);
  expect_import_error(g, "LOGISTIC: output zero point must be -128");

  OneOp h;
  const int a = h.tensor(TType::kUInt8, {4}, 0.1f, 0);
  const int b = h.tensor(TType::kUInt8, {4}, 1.0f / 256, 0);
  h.op(kOpLogistic, {a}, b, a);
  expect_import_error(h, "LOGISTIC: tensor type UINT8 not supported");
}

}  // namespace
