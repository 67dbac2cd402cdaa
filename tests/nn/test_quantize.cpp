// QUANTIZE: int8/uint8 requantization (TFLite Requantize: one
// MultiplyByQuantizedMultiplier) and float32 -> int8 (round half away from zero).
#include "eltwise_util.h"

using namespace hb::test::eltwise;
using hb::model::kOpQuantize;

namespace {

std::vector<uint8_t> run_q(TType tin, TType tout, const std::vector<uint8_t>& bytes, int32_t n, Q qi, Q qo) {
  OneOp g;
  const int ti = g.tensor(tin, {1, n}, qi.scale, qi.zp);
  const int to = g.tensor(tout, {1, n}, qo.scale, qo.zp);
  g.op(kOpQuantize, {ti}, to, ti);
  return g.run(bytes);
}

std::vector<uint8_t> all_bytes() {
  std::vector<uint8_t> b;
  for (int v = 0; v < 256; ++v) b.push_back(static_cast<uint8_t>(v));
  return b;
}

// Naive Requantize for every input byte.
std::vector<uint8_t> ref_requant(bool in_signed, bool out_signed, Q qi, Q qo) {
  int32_t m;
  int sh;
  ref_quantize_multiplier(static_cast<double>(qi.scale) / qo.scale, &m, &sh);
  std::vector<uint8_t> out;
  for (int b = 0; b < 256; ++b) {
    const int v = in_signed ? static_cast<int8_t>(b) : b;
    const int64_t r = ref_mbqm(v - qi.zp, m, sh) + qo.zp;
    out.push_back(
        static_cast<uint8_t>(out_signed ? std::clamp<int64_t>(r, -128, 127) : std::clamp<int64_t>(r, 0, 255)));
  }
  return out;
}

TEST(Quantize, Uint8ToInt8ImageInput) {
  // EfficientNet / MobileNet input: uint8 1/255 zp 0 -> int8 1/255 zp -128 (a pure shift).
  const auto got = run_q(TType::kUInt8, TType::kInt8, all_bytes(), 256, {1.0f / 255, 0}, {1.0f / 255, -128});
  for (int b = 0; b < 256; ++b) ASSERT_EQ(static_cast<int8_t>(got[static_cast<size_t>(b)]), b - 128);
  EXPECT_EQ(got, ref_requant(false, true, {1.0f / 255, 0}, {1.0f / 255, -128}));
}

TEST(Quantize, RequantizeEveryValue) {
  const std::vector<std::pair<Q, Q>> cases = {
      {{0.02f, 5}, {0.03f, -7}}, {{0.3f, -100}, {0.01f, 20}}, {{0.01f, 0}, {0.5f, 0}}};
  for (const auto& [qi, qo] : cases) {
    EXPECT_EQ(run_q(TType::kInt8, TType::kInt8, all_bytes(), 256, qi, qo), ref_requant(true, true, qi, qo));
    EXPECT_EQ(run_q(TType::kUInt8, TType::kInt8, all_bytes(), 256, {qi.scale, qi.zp + 128}, qo),
              ref_requant(false, true, {qi.scale, qi.zp + 128}, qo));
    EXPECT_EQ(run_q(TType::kInt8, TType::kUInt8, all_bytes(), 256, qi, {qo.scale, qo.zp + 128}),
              ref_requant(true, false, qi, {qo.scale, qo.zp + 128}));
  }
}

TEST(Quantize, FloatRoundsHalfAwayFromZero) {
  // Scale 0.25: x / scale lands exactly on .5 for these values.
  const std::vector<float> x = {0.125f, -0.125f, 0.375f, -0.625f, 0.0f, 1000.0f, -1000.0f, 3.1f, -3.1f, 31.9f};
  std::vector<uint8_t> bytes(x.size() * 4);
  std::memcpy(bytes.data(), x.data(), bytes.size());
  const auto got = run_q(TType::kFloat32, TType::kInt8, bytes, static_cast<int32_t>(x.size()), {0, 0}, {0.25f, 3});
  const std::vector<int> want = {1 + 3, -1 + 3, 2 + 3, -3 + 3, 3, 127, -128, 12 + 3, -12 + 3, 127};
  for (size_t i = 0; i < x.size(); ++i) EXPECT_EQ(static_cast<int8_t>(got[i]), want[i]) << x[i];
}

TEST(Quantize, RejectsUnsupportedConfigurations) {
  OneOp g;
  const int ti = g.tensor(TType::kInt8, {4}, 0.1f, 0);
  const int to = g.tensor(TType::kInt16, {4}, 0.1f, 0);
  g.op(kOpQuantize, {ti}, to, ti);
  expect_import_error(g, "QUANTIZE: INT8 -> INT16 not supported");

  OneOp h;
  const int a = h.tensor(TType::kUInt8, {4}, 0.1f, 0);
  const int b = h.tensor(TType::kUInt8, {4}, 0.2f, 0);
  h.op(kOpQuantize, {a}, b, a);
  expect_import_error(h, "UINT8 -> UINT8 not supported");
}

}  // namespace
