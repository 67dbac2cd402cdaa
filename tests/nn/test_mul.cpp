// MUL int8: exact agreement with a naive rendition of TFLite's MulElementwise
// (real multiplier s1*s2/so via QuantizeMultiplier, which may be > 1), over
// random quantizations, the squeeze-and-excitation broadcast [1,H,W,C] x
// [1,1,1,C], general 4-D broadcasts and fused activations.
#include "eltwise_util.h"

using namespace hb::test::eltwise;
using hb::model::kOpMul;

namespace {

struct RefMul {
  Q a, b, o;
  int32_t m;
  int sh;
  int lo, hi;
  RefMul(Q a_, Q b_, Q o_, int8_t act) : a(a_), b(b_), o(o_) {
    ref_quantize_multiplier(static_cast<double>(a.scale) * b.scale / o.scale, &m, &sh);
    ref_act_range(act, o, &lo, &hi);
  }
  int8_t operator()(int8_t x, int8_t y) const {
    const int64_t r = ref_mbqm((x - a.zp) * (y - b.zp), m, sh) + o.zp;
    return static_cast<int8_t>(std::clamp<int64_t>(r, lo, hi));
  }
};

std::vector<int8_t> run_mul(const std::vector<int32_t>& s1, const std::vector<int8_t>& a, Q qa,
                            const std::vector<int32_t>& s2, const std::vector<int8_t>& b, Q qb,
                            const std::vector<int32_t>& so, Q qo, int8_t act = hb::model::kActNone,
                            int const_input = 1) {
  OneOp g;
  const int t1 = const_input == 0 ? g.constant_i8(s1, a, qa.scale, qa.zp) : g.tensor(TType::kInt8, s1, qa.scale, qa.zp);
  const int t2 = const_input == 1 ? g.constant_i8(s2, b, qb.scale, qb.zp) : g.tensor(TType::kInt8, s2, qb.scale, qb.zp);
  const int to = g.tensor(TType::kInt8, so, qo.scale, qo.zp);
  Options opt;
  opt.fused_activation = act;
  g.op(kOpMul, {t1, t2}, to, const_input == 0 ? t2 : t1, opt);
  return g.run_i8(const_input == 0 ? b : a);
}

TEST(Mul, RandomQuantizationSameShape) {
  std::mt19937 rng(99);
  std::uniform_real_distribution<float> sc(0.002f, 0.3f);
  std::uniform_int_distribution<int> zp(-128, 127);
  for (int iter = 0; iter < 40; ++iter) {
    // Output scales both below and above s1*s2, so the multiplier is < 1 and > 1.
    const Q qa{sc(rng), zp(rng)}, qb{sc(rng), zp(rng)};
    const Q qo{qa.scale * qb.scale * (iter % 2 ? 40.0f : 0.5f), zp(rng)};
    const std::vector<int32_t> shape = {1, 2 + iter % 4, 3, 1 + iter % 6};
    auto a = random_i8(elems(shape), rng), b = random_i8(elems(shape), rng);
    const int8_t act = static_cast<int8_t>(iter % 4 == 3 ? hb::model::kActRelu : hb::model::kActNone);
    RefMul ref(qa, qb, qo, act);
    EXPECT_EQ(run_mul(shape, a, qa, shape, b, qb, shape, qo, act), ref_binary(shape, a, shape, b, shape, ref))
        << "iter " << iter;
  }
}

TEST(Mul, SqueezeExcitationBroadcastAndFloatAgreement) {
  // EfficientNet's SE gate: activations [1,H,W,C] times a sigmoid [1,1,1,C]
  // (scale 1/256, zp -128), in both operand orders.
  std::mt19937 rng(5);
  const Q qx{0.047f, -20}, qs{1.0f / 256, -128}, qo{0.031f, -15};
  const std::vector<int32_t> sx = {1, 6, 5, 16}, ss = {1, 1, 1, 16};
  auto x = random_i8(elems(sx), rng), s = random_i8(elems(ss), rng);
  RefMul ref(qx, qs, qo, hb::model::kActNone);
  const auto want = ref_binary(sx, x, ss, s, sx, ref);
  const auto got = run_mul(sx, x, qx, ss, s, qs, sx, qo);
  EXPECT_EQ(got, want);
  for (size_t i = 0; i < got.size(); ++i) {
    const double real = qx.scale * (x[i] - qx.zp) * qs.scale * (s[i % 16] - qs.zp);
    EXPECT_LE(std::fabs(got[i] - std::clamp(std::round(real / qo.scale) + qo.zp, -128.0, 127.0)), 1.0);
  }
  // Gate first: [1,1,1,C] x [1,H,W,C].
  RefMul ref2(qs, qx, qo, hb::model::kActNone);
  EXPECT_EQ(run_mul(ss, s, qs, sx, x, qx, sx, qo, hb::model::kActNone, 0), ref_binary(ss, s, sx, x, sx, ref2));
}

TEST(Mul, GeneralBroadcasts) {
  std::mt19937 rng(11);
  const Q qa{0.02f, 3}, qb{0.05f, -7}, qo{0.04f, 0};
  RefMul ref(qa, qb, qo, hb::model::kActNone);
  const std::vector<std::vector<int32_t>> s1s = {{2, 1, 3, 1}, {4, 1}, {1, 1, 1, 1}, {3, 1, 5}};
  const std::vector<std::vector<int32_t>> s2s = {{1, 4, 1, 5}, {3, 1, 5}, {2, 3, 4, 5}, {2, 1, 1, 5}};
  const std::vector<std::vector<int32_t>> sos = {{2, 4, 3, 5}, {3, 4, 5}, {2, 3, 4, 5}, {2, 3, 1, 5}};
  for (size_t k = 0; k < s1s.size(); ++k) {
    auto a = random_i8(elems(s1s[k]), rng), b = random_i8(elems(s2s[k]), rng);
    EXPECT_EQ(run_mul(s1s[k], a, qa, s2s[k], b, qb, sos[k], qo), ref_binary(s1s[k], a, s2s[k], b, sos[k], ref))
        << "case " << k;
  }
}

TEST(Mul, SaturatesAtBothEnds) {
  const Q q{0.5f, 0}, qo{0.01f, 0};
  const std::vector<int8_t> a = {127, -128, 127, 1, 0}, b = {127, 127, -128, 1, 100};
  const auto got = run_mul({5}, a, q, {5}, b, q, {5}, qo);
  EXPECT_EQ(got, (std::vector<int8_t>{127, -128, -128, 25, 0}));
}

TEST(Mul, RejectsUnsupportedConfigurations) {
  OneOp g;
  const int a = g.tensor(TType::kUInt8, {4}, 0.1f, 128);
  const int b = g.constant(TType::kUInt8, {4}, std::vector<uint8_t>(4), 0.1f, 128);
  const int o = g.tensor(TType::kUInt8, {4}, 0.1f, 128);
  g.op(kOpMul, {a, b}, o, a);
  expect_import_error(g, "MUL: tensor type UINT8 not supported");

  OneOp h;  // per-channel quantized input
  const int x = h.tensor(TType::kInt8, {1, 2}, 0.1f, 0);
  h.at(x).q.scale = {0.1f, 0.2f};
  h.at(x).q.zero_point = {0, 0};
  const int y = h.constant_i8({1, 2}, {1, 2}, 0.1f, 0);
  const int z = h.tensor(TType::kInt8, {1, 2}, 0.1f, 0);
  h.op(kOpMul, {x, y}, z, x);
  expect_import_error(h, "per-tensor quantization");
}

}  // namespace
