// ADD int8: exact agreement with a naive rendition of TFLite's AddFunc
// (add_common.cc multipliers, left_shift 20, double-rounding requantization)
// over random shapes, quantizations, broadcasts and fused activations.
#include <algorithm>

#include "eltwise_util.h"

using namespace hb::test::eltwise;
using hb::model::kOpAdd;

namespace {

// TFLite AddFunc, straight from add_common.cc / integer_ops/add.h.
struct RefAdd {
  int32_t m1, m2, mo;
  int sh1, sh2, sho;
  Q a, b, o;
  int lo, hi;
  RefAdd(Q a_, Q b_, Q o_, int8_t act) : a(a_), b(b_), o(o_) {
    const double twice_max = 2.0 * std::max(a.scale, b.scale);
    ref_quantize_multiplier(a.scale / twice_max, &m1, &sh1);
    ref_quantize_multiplier(b.scale / twice_max, &m2, &sh2);
    ref_quantize_multiplier(twice_max / ((1 << 20) * static_cast<double>(o.scale)), &mo, &sho);
    ref_act_range(act, o, &lo, &hi);
  }
  int8_t operator()(int8_t x, int8_t y) const {
    const int32_t sx = ref_mbqm((x - a.zp) * (1 << 20), m1, sh1);
    const int32_t sy = ref_mbqm((y - b.zp) * (1 << 20), m2, sh2);
    const int64_t r = ref_mbqm(sx + sy, mo, sho) + o.zp;
    return static_cast<int8_t>(std::clamp<int64_t>(r, lo, hi));
  }
};

std::vector<int8_t> run_add(const std::vector<int32_t>& s1, const std::vector<int8_t>& a, Q qa,
                            const std::vector<int32_t>& s2, const std::vector<int8_t>& b, Q qb,
                            const std::vector<int32_t>& so, Q qo, int8_t act, int const_input = 1) {
  // The one-op graph has a single activation input; the other operand is a constant.
  OneOp g;
  const int t1 = const_input == 0 ? g.constant_i8(s1, a, qa.scale, qa.zp) : g.tensor(TType::kInt8, s1, qa.scale, qa.zp);
  const int t2 = const_input == 1 ? g.constant_i8(s2, b, qb.scale, qb.zp) : g.tensor(TType::kInt8, s2, qb.scale, qb.zp);
  const int to = g.tensor(TType::kInt8, so, qo.scale, qo.zp);
  Options opt;
  opt.fused_activation = act;
  g.op(kOpAdd, {t1, t2}, to, const_input == 0 ? t2 : t1, opt);
  return g.run_i8(const_input == 0 ? b : a);
}

TEST(Add, SameShapeMatchesReferenceForRandomQuantization) {
  std::mt19937 rng(1234);
  std::uniform_real_distribution<float> sc(0.005f, 0.2f);
  std::uniform_int_distribution<int> zp(-128, 127);
  for (int iter = 0; iter < 40; ++iter) {
    const Q qa{sc(rng), zp(rng)}, qb{sc(rng), zp(rng)}, qo{sc(rng) * 2, zp(rng)};
    const std::vector<int32_t> shape = {1, 1 + iter % 5, 1 + iter % 3, 1 + iter % 7};
    size_t n = 1;
    for (int d : shape) n *= static_cast<size_t>(d);
    auto a = random_i8(n, rng), b = random_i8(n, rng);
    const int8_t act = static_cast<int8_t>(iter % 3 == 0   ? hb::model::kActNone
                                           : iter % 3 == 1 ? hb::model::kActRelu
                                                           : hb::model::kActRelu6);
    RefAdd ref(qa, qb, qo, act);
    EXPECT_EQ(run_add(shape, a, qa, shape, b, qb, shape, qo, act), ref_binary(shape, a, shape, b, shape, ref))
        << "iter " << iter;
  }
}

TEST(Add, EveryInputPairAgainstReferenceAndFloat) {
  // All 256x256 input values: covers saturation at both ends.
  const Q qa{0.05f, -3}, qb{0.11f, 17}, qo{0.08f, 5};
  std::vector<int8_t> a, b;
  for (int x = -128; x < 128; ++x)
    for (int y = -128; y < 128; ++y) {
      a.push_back(static_cast<int8_t>(x));
      b.push_back(static_cast<int8_t>(y));
    }
  const std::vector<int32_t> shape = {256, 256};
  const auto got = run_add(shape, a, qa, shape, b, qb, shape, qo, hb::model::kActNone);
  RefAdd ref(qa, qb, qo, hb::model::kActNone);
  int saturated_hi = 0, saturated_lo = 0;
  for (size_t i = 0; i < got.size(); ++i) {
    ASSERT_EQ(got[i], ref(a[i], b[i])) << int(a[i]) << " + " << int(b[i]);
    const double real = qa.scale * (a[i] - qa.zp) + qb.scale * (b[i] - qb.zp);
    const double want = std::clamp(std::round(real / qo.scale) + qo.zp, -128.0, 127.0);
    ASSERT_LE(std::fabs(got[i] - want), 1.0) << int(a[i]) << " + " << int(b[i]);
    saturated_hi += got[i] == 127;
    saturated_lo += got[i] == -128;
  }
  EXPECT_GT(saturated_hi, 0);
  EXPECT_GT(saturated_lo, 0);
}

TEST(Add, BroadcastsLikeTfLite) {
  std::mt19937 rng(7);
  const Q qa{0.03f, 10}, qb{0.07f, -20}, qo{0.09f, 3};
  RefAdd ref(qa, qb, qo, hb::model::kActNone);
  const std::vector<std::vector<int32_t>> s1s = {{1, 5, 4, 8}, {1, 5, 4, 8}, {2, 1, 3, 1}, {3, 1}, {1, 1, 1, 1}, {6}};
  const std::vector<std::vector<int32_t>> s2s = {{1, 1, 1, 8}, {8},          {1, 4, 1, 5},
                                                 {1, 2, 1, 4}, {2, 3, 4, 5}, {2, 3, 1}};
  const std::vector<std::vector<int32_t>> sos = {{1, 5, 4, 8}, {1, 5, 4, 8}, {2, 4, 3, 5},
                                                 {1, 2, 3, 4}, {2, 3, 4, 5}, {2, 3, 6}};
  for (size_t k = 0; k < s1s.size(); ++k) {
    size_t n1 = 1, n2 = 1;
    for (int d : s1s[k]) n1 *= static_cast<size_t>(d);
    for (int d : s2s[k]) n2 *= static_cast<size_t>(d);
    auto a = random_i8(n1, rng), b = random_i8(n2, rng);
    const auto want = ref_binary(s1s[k], a, s2s[k], b, sos[k], ref);
    EXPECT_EQ(run_add(s1s[k], a, qa, s2s[k], b, qb, sos[k], qo, hb::model::kActNone), want) << "case " << k;
    // The constant may be either operand; the result must not change.
    EXPECT_EQ(run_add(s1s[k], a, qa, s2s[k], b, qb, sos[k], qo, hb::model::kActNone, 0), want) << "case " << k;
  }
}

TEST(Add, FusedRelu6ClampsToQuantizedSix) {
  const Q q{0.05f, -128};  // 0 at -128; 6.0 -> -8
  std::vector<int8_t> a(64), b(64);
  for (int i = 0; i < 64; ++i) {
    a[static_cast<size_t>(i)] = static_cast<int8_t>(-128 + 4 * i);
    b[static_cast<size_t>(i)] = static_cast<int8_t>(-128 + 2 * i);
  }
  const auto got = run_add({64}, a, q, {64}, b, q, {64}, q, hb::model::kActRelu6);
  EXPECT_EQ(*std::max_element(got.begin(), got.end()), -8);
  EXPECT_EQ(got.front(), -128);
}

TEST(Add, RejectsUnsupportedConfigurations) {
  {
    OneOp g;
    const int a = g.tensor(TType::kInt16, {4}, 0.1f, 0);
    const int b = g.constant(TType::kInt16, {4}, std::vector<uint8_t>(8), 0.1f, 0);
    const int o = g.tensor(TType::kInt16, {4}, 0.1f, 0);
    g.op(kOpAdd, {a, b}, o, a);
    expect_import_error(g, "ADD: tensor type INT16 not supported");
  }
  {
    OneOp g;
    const int a = g.tensor(TType::kInt8, {1, 4, 3}, 0.1f, 0);
    const int b = g.constant_i8({1, 2, 3}, std::vector<int8_t>(6), 0.1f, 0);
    const int o = g.tensor(TType::kInt8, {1, 4, 3}, 0.1f, 0);
    g.op(kOpAdd, {a, b}, o, a);
    expect_import_error(g, "do not broadcast");
  }
  {
    OneOp g;
    const int a = g.tensor(TType::kInt8, {4}, 0.1f, 0);
    const int b = g.constant_i8({4}, std::vector<int8_t>(4), 0.1f, 0);
    const int o = g.tensor(TType::kInt8, {4}, 0.1f, 0);
    Options opt;
    opt.fused_activation = hb::model::kActTanh;
    g.op(kOpAdd, {a, b}, o, a, opt);
    expect_import_error(g, "fused activation");
  }
  {
    OneOp g;  // output shape inconsistent with the broadcast
    const int a = g.tensor(TType::kInt8, {2, 4}, 0.1f, 0);
    const int b = g.constant_i8({4}, std::vector<int8_t>(4), 0.1f, 0);
    const int o = g.tensor(TType::kInt8, {4, 2}, 0.1f, 0);
    g.op(kOpAdd, {a, b}, o, a);
    expect_import_error(g, "is not the broadcast");
  }
}

}  // namespace
