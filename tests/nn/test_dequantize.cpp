// DEQUANTIZE int8/uint8 -> float32: scale * (q - zp) as one float multiply.
#include "eltwise_util.h"

using namespace hb::test::eltwise;
using hb::model::kOpDequantize;

namespace {

std::vector<float> run_dq(TType tin, Q q) {
  std::vector<uint8_t> in;
  for (int b = 0; b < 256; ++b) in.push_back(static_cast<uint8_t>(b));
  OneOp g;
  const int ti = g.tensor(tin, {256}, q.scale, q.zp);
  const int to = g.tensor(TType::kFloat32, {256});
  g.op(kOpDequantize, {ti}, to, ti);
  const auto out = g.run(in);
  std::vector<float> f(256);
  std::memcpy(f.data(), out.data(), out.size());
  return f;
}

TEST(Dequantize, EveryValueBitExact) {
  for (const Q& q : {Q{1.0f / 256, -128}, Q{0.0371f, 17}, Q{3.3e-5f, -3}}) {
    const auto got = run_dq(TType::kInt8, q);
    for (int b = 0; b < 256; ++b) {
      const int v = static_cast<int8_t>(b);
      // Computed in double and rounded once: the same float, since a 24-bit
      // mantissa times a 9-bit integer is exact in double.
      const float want = static_cast<float>(static_cast<double>(q.scale) * (v - q.zp));
      ASSERT_EQ(std::memcmp(&got[static_cast<size_t>(b)], &want, 4), 0) << v << " scale " << q.scale;
    }
  }
  const auto u = run_dq(TType::kUInt8, {0.5f, 128});
  EXPECT_EQ(u[0], -64.0f);
  EXPECT_EQ(u[255], 63.5f);
}

TEST(Dequantize, RejectsUnsupportedConfigurations) {
  OneOp g;
  const int ti = g.tensor(TType::kInt16, {4}, 0.1f, 0);
  const int to = g.tensor(TType::kFloat32, {4});
  g.op(kOpDequantize, {ti}, to, ti);
  expect_import_error(g, "DEQUANTIZE: input type INT16 not supported");
}

}  // namespace
