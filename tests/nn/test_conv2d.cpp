// CONV_2D: import + host engine against a naive rendering of TFLite's
// reference ConvPerChannel (taps outside the input are skipped).
#include <gtest/gtest.h>

#include "nn/spatial_util.h"

extern "C" {
#include "nn/kernels/conv_core.h"
}

namespace {

using namespace hb::test::spatial;
namespace m = hb::model;

struct ConvCase {
  int n = 1, h = 5, w = 5, cin = 3, cout = 4, kh = 3, kw = 3, groups = 1;
  int stride_h = 1, stride_w = 1, dil_h = 1, dil_w = 1;
  int8_t padding = m::kPadSame, act = m::kActNone;
  bool per_channel = true, bias = true;
  int in_zp = 0, out_zp = 0;
  float in_s = 0.02f, out_s = 0.0f;  // out_s 0: pick one that spreads outputs over int8
  float out_s_factor = 1.0f;
};

struct ConvData {
  std::vector<int8_t> input, filter;
  std::vector<int32_t> bias;
  std::vector<float> fscale;
  float out_s = 0;
  int oh = 0, ow = 0, pad_h = 0, pad_w = 0;
};

ConvData make_data(const ConvCase& k, std::mt19937& rng) {
  ConvData d;
  const int fc = k.cin / k.groups;
  d.input = rand_i8(rng, static_cast<size_t>(k.n * k.h * k.w * k.cin));
  d.filter = rand_i8(rng, static_cast<size_t>(k.cout * k.kh * k.kw * fc), -127, 127);
  d.bias.resize(static_cast<size_t>(k.cout));
  for (auto& b : d.bias) b = rand_int(rng, -20000, 20000);
  const int nsc = k.per_channel ? k.cout : 1;
  for (int i = 0; i < nsc; ++i) d.fscale.push_back(rand_scale(rng, 0.002f, 0.02f));
  // Typical |acc| is about sqrt(taps) * 74 * 73; map that to ~60 output quanta.
  const double taps = static_cast<double>(k.kh) * k.kw * fc;
  d.out_s = k.out_s > 0 ? k.out_s
                        : static_cast<float>(k.in_s * d.fscale[0] * std::sqrt(taps) * 74 * 73 / 60.0 * k.out_s_factor);
  ref_out_pad(k.padding, k.h, k.kh, k.stride_h, k.dil_h, &d.oh, &d.pad_h);
  ref_out_pad(k.padding, k.w, k.kw, k.stride_w, k.dil_w, &d.ow, &d.pad_w);
  return d;
}

std::vector<int8_t> reference(const ConvCase& k, const ConvData& d) {
  const int fc = k.cin / k.groups, per_group = k.cout / k.groups;
  int32_t lo, hi;
  ref_act_range(k.act, d.out_s, k.out_zp, &lo, &hi);
  std::vector<int8_t> out;
  for (int b = 0; b < k.n; ++b)
    for (int oy = 0; oy < d.oh; ++oy)
      for (int ox = 0; ox < d.ow; ++ox)
        for (int oc = 0; oc < k.cout; ++oc) {
          const int g = oc / per_group;
          int64_t acc = 0;
          for (int ky = 0; ky < k.kh; ++ky)
            for (int kx = 0; kx < k.kw; ++kx) {
              const int iy = oy * k.stride_h - d.pad_h + ky * k.dil_h;
              const int ix = ox * k.stride_w - d.pad_w + kx * k.dil_w;
              if (iy < 0 || iy >= k.h || ix < 0 || ix >= k.w) continue;
              for (int ic = 0; ic < fc; ++ic) {
                const int x = d.input[static_cast<size_t>(((b * k.h + iy) * k.w + ix) * k.cin + g * fc + ic)];
                const int f = d.filter[static_cast<size_t>(((oc * k.kh + ky) * k.kw + kx) * fc + ic)];
                acc += f * (x - k.in_zp);
              }
            }
          if (k.bias) acc += d.bias[static_cast<size_t>(oc)];
          const float fs = d.fscale[k.per_channel ? static_cast<size_t>(oc) : 0];
          const RefQM qm = ref_quantize_multiplier(static_cast<double>(k.in_s) * fs / static_cast<double>(d.out_s));
          out.push_back(ref_out(static_cast<int32_t>(acc), qm, k.out_zp, lo, hi));
        }
  return out;
}

const m::Graph& build(GraphBuilder& gb, const ConvCase& k, const ConvData& d) {
  const int fc = k.cin / k.groups;
  const int in = gb.act(m::TType::kInt8, {k.n, k.h, k.w, k.cin}, k.in_s, k.in_zp);
  std::vector<int64_t> fzp(d.fscale.size(), 0);
  const int f = gb.constant(m::TType::kInt8, {k.cout, k.kh, k.kw, fc}, d.filter, d.fscale, fzp, 0);
  int bias = -1;
  if (k.bias) {
    std::vector<float> bs;
    for (float s : d.fscale) bs.push_back(k.in_s * s);
    bias = gb.constant(m::TType::kInt32, {k.cout}, d.bias, bs, std::vector<int64_t>(bs.size(), 0));
  }
  const int out = gb.act(m::TType::kInt8, {k.n, d.oh, d.ow, k.cout}, d.out_s, k.out_zp);
  m::Options o;
  o.padding = k.padding;
  o.stride_h = k.stride_h;
  o.stride_w = k.stride_w;
  o.dilation_h = k.dil_h;
  o.dilation_w = k.dil_w;
  o.fused_activation = k.act;
  return gb.op(m::kOpConv2D, {in, f, bias}, out, o);
}

struct Outcome {
  int clipped_lo = 0, clipped_hi = 0;
};

Outcome check(const ConvCase& k, uint32_t seed) {
  std::mt19937 rng(seed);
  const ConvData d = make_data(k, rng);
  GraphBuilder gb;
  const m::Graph& g = build(gb, k, d);
  const std::vector<int8_t> want = reference(k, d);
  const std::vector<int8_t> got = run_graph(g, d.input);
  Outcome r;
  EXPECT_EQ(got.size(), want.size());
  for (size_t i = 0; i < std::min(got.size(), want.size()); ++i) {
    if (got[i] != want[i]) {
      ADD_FAILURE() << "seed " << seed << " element " << i << ": got " << int(got[i]) << " want " << int(want[i])
                    << " (n" << k.n << " " << k.h << "x" << k.w << "x" << k.cin << " -> " << k.cout << " k" << k.kh
                    << "x" << k.kw << " s" << k.stride_h << "," << k.stride_w << " d" << k.dil_h << "," << k.dil_w
                    << " g" << k.groups << " pad" << int(k.padding) << ")";
      break;
    }
    r.clipped_lo += want[i] == -128;
    r.clipped_hi += want[i] == 127;
  }
  return r;
}

// The conv kernels' branch-free output stage must equal TFLite's
// MultiplyByQuantizedMultiplier for every accumulator, multiplier and shift,
// not only for values the model tests happen to produce. An output offset
// chosen to bring the expected value into int8 range checks all 32 bits.
TEST(Conv2D, RequantizationEqualsTfliteForAllShifts) {
  std::mt19937 rng(2024);
  std::vector<int32_t> accs = {0, 1, -1, 2, -2, 3, -3, INT32_MAX, INT32_MIN, INT32_MIN + 1, 1 << 30, -(1 << 30)};
  for (int i = 0; i < 2000; ++i) accs.push_back(static_cast<int32_t>(rng()) >> rand_int(rng, 0, 30));
  std::vector<int32_t> mults = {0, 1 << 30, INT32_MAX, (1 << 30) + 1};
  for (int i = 0; i < 20; ++i) mults.push_back(static_cast<int32_t>((1u << 30) + (rng() >> 2)));
  int64_t checked = 0;
  for (int shift = -31; shift <= 30; ++shift)
    for (int32_t mult : mults)
      for (int32_t acc : accs) {
        const int64_t want = ref_mbqm(acc, mult, shift);
        const int64_t target = rand_int(rng, -128, 127);
        const int64_t off = target - want;
        if (off < INT32_MIN || off > INT32_MAX) continue;
        const int got = hb_requant_i8(acc, mult, shift, static_cast<int32_t>(off), -128, 127);
        ASSERT_EQ(got, target) << "acc " << acc << " mult " << mult << " shift " << shift;
        ++checked;
      }
  EXPECT_GT(checked, 1000000);
}

// A case small enough to work out by hand: the reference above must agree
// with TFLite's definition, not just with the kernel.
TEST(Conv2D, HandComputedSamePaddingSkipsOutsideTaps) {
  GraphBuilder gb;
  // 3x3 input 1..9, zero points 0, all scales 1 so the multiplier is exactly 1.
  const std::vector<int8_t> x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const int in = gb.act(m::TType::kInt8, {1, 3, 3, 1}, 1.0f, 0);
  const int f = gb.constant(m::TType::kInt8, {1, 3, 3, 1}, std::vector<int8_t>(9, 1), {1.0f}, {0});
  const int b = gb.constant(m::TType::kInt32, {1}, std::vector<int32_t>{10}, {1.0f}, {0});
  const int out = gb.act(m::TType::kInt8, {1, 3, 3, 1}, 1.0f, 0);
  m::Options o;  // SAME, stride 1
  const auto got = run_graph(gb.op(m::kOpConv2D, {in, f, b}, out, o), x);
  // Sums of the in-image 3x3 neighbourhood, plus bias 10.
  const std::vector<int8_t> want = {12 + 10, 21 + 10, 16 + 10, 27 + 10, 45 + 10, 33 + 10, 24 + 10, 39 + 10, 28 + 10};
  EXPECT_EQ(got, want);
}

TEST(Conv2D, HandComputedInputOffsetIsNotAppliedToPadding) {
  // With input zero point 5, an input full of 5s is real zero everywhere, so
  // every output is exactly the bias, border or not. A kernel that padded
  // with raw 0 instead of skipping would see -5 at the border.
  GraphBuilder gb;
  const int in = gb.act(m::TType::kInt8, {1, 4, 4, 2}, 0.5f, 5);
  const int f = gb.constant(m::TType::kInt8, {3, 3, 3, 2}, std::vector<int8_t>(54, 7), {0.25f}, {0});
  const int b = gb.constant(m::TType::kInt32, {3}, std::vector<int32_t>{8, -8, 0}, {0.125f}, {0});
  const int out = gb.act(m::TType::kInt8, {1, 4, 4, 3}, 0.125f, -3);
  m::Options o;
  const auto got = run_graph(gb.op(m::kOpConv2D, {in, f, b}, out, o), std::vector<int8_t>(32, 5));
  for (size_t i = 0; i < got.size(); ++i) {
    const int want = std::vector<int>{8 - 3, -8 - 3, -3}[i % 3];  // multiplier 0.5*0.25/0.125 = 1
    ASSERT_EQ(got[i], want) << i;
  }
}

TEST(Conv2D, RandomShapesMatchReference) {
  std::mt19937 rng(1234);
  for (uint32_t t = 0; t < 300; ++t) {
    ConvCase k;
    k.n = rand_int(rng, 1, 2);
    k.h = rand_int(rng, 1, 10);
    k.w = rand_int(rng, 1, 10);
    k.groups = rand_int(rng, 0, 5) == 0 ? rand_int(rng, 2, 3) : 1;
    k.cin = k.groups * rand_int(rng, 1, 9);
    k.cout = k.groups * rand_int(rng, 1, 7);
    k.kh = std::vector<int>{1, 1, 2, 3, 3, 5}[static_cast<size_t>(rand_int(rng, 0, 5))];
    k.kw = rand_int(rng, 0, 3) == 0 ? rand_int(rng, 1, 4) : k.kh;
    k.stride_h = rand_int(rng, 1, 3);
    k.stride_w = rand_int(rng, 0, 2) == 0 ? rand_int(rng, 1, 3) : k.stride_h;
    k.dil_h = rand_int(rng, 0, 3) == 0 ? 2 : 1;
    k.dil_w = rand_int(rng, 0, 3) == 0 ? rand_int(rng, 1, 3) : k.dil_h;
    k.padding = rand_int(rng, 0, 1) ? m::kPadSame : m::kPadValid;
    k.act = rand_activation(rng);
    k.per_channel = rand_int(rng, 0, 2) != 0;
    k.bias = rand_int(rng, 0, 4) != 0;
    k.in_zp = rand_int(rng, -128, 127);
    k.out_zp = rand_int(rng, -60, 60);
    k.in_s = rand_scale(rng, 0.005f, 0.1f);
    k.out_s_factor = rand_scale(rng, 0.3f, 3.0f);
    int oh, ow, ph, pw;
    ref_out_pad(k.padding, k.h, k.kh, k.stride_h, k.dil_h, &oh, &ph);
    ref_out_pad(k.padding, k.w, k.kw, k.stride_w, k.dil_w, &ow, &pw);
    if (oh < 1 || ow < 1) continue;
    check(k, 1000 + t);
    if (HasFailure()) return;
  }
}

// Shapes of the real pointwise layers: exercises the 2x2-tiled fast path
// with odd pixel and channel counts (tails), plus border windows of a 3x3.
TEST(Conv2D, PointwiseAndInteriorFastPaths) {
  const ConvCase cases[] = {
      {.h = 7, .w = 9, .cin = 24, .cout = 37, .kh = 1, .kw = 1, .padding = m::kPadValid, .in_zp = -7, .out_zp = 3},
      {.h = 8, .w = 8, .cin = 144, .cout = 24, .kh = 1, .kw = 1, .in_zp = 12, .out_zp = -20},
      {.h = 9, .w = 11, .cin = 16, .cout = 5, .kh = 1, .kw = 1, .stride_h = 2, .stride_w = 2, .in_zp = -128},
      {.h = 12,
       .w = 13,
       .cin = 3,
       .cout = 16,
       .kh = 3,
       .kw = 3,
       .stride_h = 2,
       .stride_w = 2,
       .act = m::kActRelu6,
       .in_zp = -1,
       .out_zp = -128},
      {.h = 10, .w = 10, .cin = 8, .cout = 9, .kh = 3, .kw = 3, .dil_h = 2, .dil_w = 2, .in_zp = 100},
      {.h = 10, .w = 10, .cin = 8, .cout = 9, .kh = 3, .kw = 3, .dil_h = 1, .dil_w = 3, .in_zp = -50},
      {.n = 3, .h = 1, .w = 1, .cin = 264, .cout = 11, .kh = 1, .kw = 1, .act = m::kActRelu, .in_zp = 5},
  };
  uint32_t seed = 77;
  for (const ConvCase& k : cases) check(k, seed++);
}

TEST(Conv2D, SaturatesAtBothEnds) {
  ConvCase k{.h = 6, .w = 6, .cin = 8, .cout = 6, .in_zp = 3, .out_zp = 10, .out_s_factor = 0.05f};
  const Outcome r = check(k, 99);
  // The case must actually drive outputs into both rails.
  EXPECT_GT(r.clipped_lo, 0);
  EXPECT_GT(r.clipped_hi, 0);
}

TEST(Conv2D, FusedActivationsClamp) {
  for (int8_t act : {m::kActRelu, m::kActRelu6, m::kActReluN1To1}) {
    ConvCase k{.h = 6, .w = 5, .cin = 4, .cout = 6, .act = act, .in_zp = -9, .out_zp = -20, .out_s_factor = 0.3f};
    check(k, 500 + static_cast<uint32_t>(act));
  }
}

TEST(Conv2D, RejectsUnsupportedConfigurations) {
  std::mt19937 rng(5);
  ConvCase k;
  const ConvData d = make_data(k, rng);
  auto expect_error = [&](auto mutate, const std::string& what) {
    GraphBuilder gb;
    build(gb, k, d);
    mutate(gb);
    const std::string err = import_error(gb.graph());
    EXPECT_NE(err.find("CONV_2D"), std::string::npos) << what << ": " << err;
    EXPECT_NE(err.find(what), std::string::npos) << err;
    EXPECT_EQ(err.find('\n'), std::string::npos) << err;
  };
  expect_error([](GraphBuilder& gb) { gb.tensor(0).type = m::TType::kFloat32; }, "FLOAT32");
  expect_error([](GraphBuilder& gb) { gb.tensor(1).q.zero_point[0] = 3; }, "zero point");
  expect_error([](GraphBuilder& gb) { gb.tensor(1).q.scale[2] = -0.01f; }, "negative");
  expect_error([](GraphBuilder& gb) { gb.tensor(1).data = {}; }, "constant");
  expect_error([](GraphBuilder& gb) { gb.tensor(3).shape[1] += 1; }, "output shape");
  expect_error([](GraphBuilder& gb) { gb.the_op().opt.fused_activation = m::kActTanh; }, "fused activation");
}

// Every Conv2D operator of the real models, run alone on TFLite Micro's
// dumped input, must reproduce TFLite Micro's dumped output exactly.
TEST(Conv2D, GoldenTensorsOfRealModels) {
  HB_REQUIRE_SHARED();
  const int n = check_golden_tensor_ops(m::kOpConv2D);
  if (n == 0) GTEST_SKIP() << "no Conv2D operator in ../shared/golden-tensors";
  RecordProperty("ops_checked", n);
}

}  // namespace
