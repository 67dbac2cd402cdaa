// AVERAGE_POOL_2D and MAX_POOL_2D: import + host engine against naive
// renderings of TFLite's reference integer AveragePool / MaxPool.
#include <gtest/gtest.h>

#include "nn/spatial_util.h"

namespace {

using namespace hb::test::spatial;
namespace m = hb::model;

struct PoolCase {
  int n = 1, h = 6, w = 6, c = 3, fh = 2, fw = 2, sh = 2, sw = 2;
  int8_t padding = m::kPadValid, act = m::kActNone;
  int zp = 0;
  float scale = 0.05f;
};

int out_size(const PoolCase& k, int in, int f, int s, int* pad) {
  int o;
  ref_out_pad(k.padding, in, f, s, 1, &o, pad);
  return o;
}

std::vector<int8_t> reference(const PoolCase& k, const std::vector<int8_t>& x, bool avg) {
  int ph, pw;
  const int oh = out_size(k, k.h, k.fh, k.sh, &ph), ow = out_size(k, k.w, k.fw, k.sw, &pw);
  int32_t lo, hi;
  ref_act_range(k.act, k.scale, k.zp, &lo, &hi);
  std::vector<int8_t> out;
  for (int b = 0; b < k.n; ++b)
    for (int oy = 0; oy < oh; ++oy)
      for (int ox = 0; ox < ow; ++ox)
        for (int ch = 0; ch < k.c; ++ch) {
          int sum = 0, count = 0, mx = -128;
          for (int fy = 0; fy < k.fh; ++fy)
            for (int fx = 0; fx < k.fw; ++fx) {
              const int iy = oy * k.sh - ph + fy, ix = ox * k.sw - pw + fx;
              if (iy < 0 || iy >= k.h || ix < 0 || ix >= k.w) continue;
              const int v = x[static_cast<size_t>(((b * k.h + iy) * k.w + ix) * k.c + ch)];
              sum += v;
              ++count;
              mx = std::max(mx, v);
            }
          int r = mx;
          if (avg) {
            // Round half away from zero.
            const int q = static_cast<int>(std::lround(static_cast<double>(sum) / count));
            r = q;
          }
          out.push_back(static_cast<int8_t>(std::clamp(r, lo, hi)));
        }
  return out;
}

const m::Graph& build(GraphBuilder& gb, const PoolCase& k, bool avg) {
  int ph, pw;
  const int oh = out_size(k, k.h, k.fh, k.sh, &ph), ow = out_size(k, k.w, k.fw, k.sw, &pw);
  const int in = gb.act(m::TType::kInt8, {k.n, k.h, k.w, k.c}, k.scale, k.zp);
  const int out = gb.act(m::TType::kInt8, {k.n, oh, ow, k.c}, k.scale, k.zp);
  m::Options o;
  o.padding = k.padding;
  o.filter_h = k.fh;
  o.filter_w = k.fw;
  o.stride_h = k.sh;
  o.stride_w = k.sw;
  o.fused_activation = k.act;
  return gb.op(avg ? m::kOpAveragePool2D : m::kOpMaxPool2D, {in}, out, o);
}

void check(const PoolCase& k, bool avg, uint32_t seed) {
  std::mt19937 rng(seed);
  const auto x = rand_i8(rng, static_cast<size_t>(k.n * k.h * k.w * k.c));
  GraphBuilder gb;
  const auto got = run_graph(build(gb, k, avg), x);
  const auto want = reference(k, x, avg);
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i)
    ASSERT_EQ(got[i], want[i]) << (avg ? "avg" : "max") << " seed " << seed << " element " << i;
}

TEST(AvgPool2D, HandComputedRoundsHalfAwayFromZero) {
  GraphBuilder gb;
  PoolCase k{.h = 2, .w = 4, .c = 1, .fh = 1, .fw = 2, .sh = 1, .sw = 2};
  // Pairs: (1,2) -> 1.5 -> 2; (-1,-2) -> -1.5 -> -2; (3,4) -> 3.5 -> 4; (-3,0) -> -1.5 -> -2.
  const auto got = run_graph(build(gb, k, true), {1, 2, -1, -2, 3, 4, -3, 0});
  EXPECT_EQ(got, (std::vector<int8_t>{2, -2, 4, -2}));
}

TEST(AvgPool2D, HandComputedSamePaddingCountsOnlyInsideTaps) {
  GraphBuilder gb;
  PoolCase k{.h = 3, .w = 3, .c = 1, .fh = 3, .fw = 3, .sh = 1, .sw = 1, .padding = m::kPadSame};
  // Corner (0,0) averages 4 taps: (10+20+40+50)/4 = 30, not /9.
  const auto got = run_graph(build(gb, k, true), {10, 20, 30, 40, 50, 60, 70, 80, 90});
  ASSERT_EQ(got.size(), 9u);
  EXPECT_EQ(got[0], 30);
  EXPECT_EQ(got[4], 50);
  EXPECT_EQ(got[8], 70);  // (50+60+80+90)/4
}

TEST(MaxPool2D, HandComputed) {
  GraphBuilder gb;
  PoolCase k{.h = 2, .w = 4, .c = 1, .fh = 2, .fw = 2, .sh = 2, .sw = 2};
  const auto got = run_graph(build(gb, k, false), {1, -5, -7, -8, 3, 2, -9, -100});
  EXPECT_EQ(got, (std::vector<int8_t>{3, -7}));
}

TEST(Pool2D, RandomShapesMatchReference) {
  std::mt19937 rng(99);
  for (uint32_t t = 0; t < 300; ++t) {
    PoolCase k;
    k.n = rand_int(rng, 1, 2);
    k.h = rand_int(rng, 1, 12);
    k.w = rand_int(rng, 1, 12);
    k.c = rand_int(rng, 0, 4) == 0 ? rand_int(rng, 60, 140) : rand_int(rng, 1, 9);
    k.fh = rand_int(rng, 1, 5);
    k.fw = rand_int(rng, 1, 5);
    k.sh = rand_int(rng, 1, 3);
    k.sw = rand_int(rng, 1, 3);
    k.padding = rand_int(rng, 0, 1) ? m::kPadSame : m::kPadValid;
    k.act = rand_activation(rng);
    k.zp = rand_int(rng, -100, 100);
    k.scale = rand_scale(rng, 0.01f, 0.1f);
    int p;
    if (out_size(k, k.h, k.fh, k.sh, &p) < 1 || out_size(k, k.w, k.fw, k.sw, &p) < 1) continue;
    const bool avg = t % 2 == 0;
    check(k, avg, 4000 + t);
    if (HasFatalFailure()) return;
  }
}

TEST(Pool2D, RejectsMismatchedQuantization) {
  for (bool avg : {true, false}) {
    GraphBuilder gb;
    build(gb, PoolCase{}, avg);
    gb.tensor(1).q.zero_point[0] = 3;
    const std::string err = import_error(gb.graph());
    EXPECT_NE(err.find(avg ? "AVERAGE_POOL_2D" : "MAX_POOL_2D"), std::string::npos) << err;
    EXPECT_NE(err.find("quantization differ"), std::string::npos) << err;
  }
  GraphBuilder gb;
  build(gb, PoolCase{}, false);
  gb.tensor(0).type = m::TType::kUInt8;
  gb.tensor(1).type = m::TType::kUInt8;
  EXPECT_NE(import_error(gb.graph()).find("UINT8"), std::string::npos);
}

TEST(Pool2D, GoldenTensorsOfRealModels) {
  HB_REQUIRE_SHARED();
  const int n = check_golden_tensor_ops(m::kOpAveragePool2D) + check_golden_tensor_ops(m::kOpMaxPool2D);
  if (n == 0) GTEST_SKIP() << "no pooling operator in ../shared/golden-tensors";
  RecordProperty("ops_checked", n);
}

}  // namespace
