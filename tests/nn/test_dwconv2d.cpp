// DEPTHWISE_CONV_2D: import + host engine against a naive rendering of
// TFLite's reference DepthwiseConvPerChannel.
#include <gtest/gtest.h>

#include "nn/spatial_util.h"

namespace {

using namespace hb::test::spatial;
namespace m = hb::model;

struct DwCase {
  int n = 1, h = 6, w = 6, cin = 4, dm = 1, kh = 3, kw = 3;
  int stride_h = 1, stride_w = 1, dil_h = 1, dil_w = 1;
  int8_t padding = m::kPadSame, act = m::kActNone;
  bool per_channel = true, bias = true;
  int in_zp = 0, out_zp = 0;
  float in_s = 0.02f, out_s_factor = 1.0f;
};

struct DwData {
  std::vector<int8_t> input, filter;
  std::vector<int32_t> bias;
  std::vector<float> fscale;
  float out_s = 0;
  int oh = 0, ow = 0, pad_h = 0, pad_w = 0;
};

DwData make_data(const DwCase& k, std::mt19937& rng) {
  DwData d;
  const int oc = k.cin * k.dm;
  d.input = rand_i8(rng, static_cast<size_t>(k.n * k.h * k.w * k.cin));
  d.filter = rand_i8(rng, static_cast<size_t>(k.kh * k.kw * oc), -127, 127);
  d.bias.resize(static_cast<size_t>(oc));
  for (auto& b : d.bias) b = rand_int(rng, -5000, 5000);
  for (int i = 0; i < (k.per_channel ? oc : 1); ++i) d.fscale.push_back(rand_scale(rng, 0.002f, 0.02f));
  d.out_s = static_cast<float>(k.in_s * d.fscale[0] * std::sqrt(double(k.kh * k.kw)) * 74 * 73 / 60.0 * k.out_s_factor);
  ref_out_pad(k.padding, k.h, k.kh, k.stride_h, k.dil_h, &d.oh, &d.pad_h);
  ref_out_pad(k.padding, k.w, k.kw, k.stride_w, k.dil_w, &d.ow, &d.pad_w);
  return d;
}

std::vector<int8_t> reference(const DwCase& k, const DwData& d) {
  const int oc_n = k.cin * k.dm;
  int32_t lo, hi;
  ref_act_range(k.act, d.out_s, k.out_zp, &lo, &hi);
  std::vector<int8_t> out(static_cast<size_t>(k.n * d.oh * d.ow * oc_n));
  for (int b = 0; b < k.n; ++b)
    for (int oy = 0; oy < d.oh; ++oy)
      for (int ox = 0; ox < d.ow; ++ox)
        for (int ic = 0; ic < k.cin; ++ic)
          for (int mm = 0; mm < k.dm; ++mm) {
            const int oc = ic * k.dm + mm;
            int64_t acc = 0;
            for (int ky = 0; ky < k.kh; ++ky)
              for (int kx = 0; kx < k.kw; ++kx) {
                const int iy = oy * k.stride_h - d.pad_h + ky * k.dil_h;
                const int ix = ox * k.stride_w - d.pad_w + kx * k.dil_w;
                if (iy < 0 || iy >= k.h || ix < 0 || ix >= k.w) continue;
                const int x = d.input[static_cast<size_t>(((b * k.h + iy) * k.w + ix) * k.cin + ic)];
                const int f = d.filter[static_cast<size_t>((ky * k.kw + kx) * oc_n + oc)];
                acc += f * (x - k.in_zp);
              }
            if (k.bias) acc += d.bias[static_cast<size_t>(oc)];
            const float fs = d.fscale[k.per_channel ? static_cast<size_t>(oc) : 0];
            const RefQM qm = ref_quantize_multiplier(static_cast<double>(k.in_s) * fs / static_cast<double>(d.out_s));
            out[static_cast<size_t>(((b * d.oh + oy) * d.ow + ox) * oc_n + oc)] =
                ref_out(static_cast<int32_t>(acc), qm, k.out_zp, lo, hi);
          }
  return out;
}

const m::Graph& build(GraphBuilder& gb, const DwCase& k, const DwData& d) {
  const int oc = k.cin * k.dm;
  const int in = gb.act(m::TType::kInt8, {k.n, k.h, k.w, k.cin}, k.in_s, k.in_zp);
  const int f = gb.constant(m::TType::kInt8, {1, k.kh, k.kw, oc}, d.filter, d.fscale,
                            std::vector<int64_t>(d.fscale.size(), 0), 3);
  int bias = -1;
  if (k.bias) bias = gb.constant(m::TType::kInt32, {oc}, d.bias);
  const int out = gb.act(m::TType::kInt8, {k.n, d.oh, d.ow, oc}, d.out_s, k.out_zp);
  m::Options o;
  o.padding = k.padding;
  o.stride_h = k.stride_h;
  o.stride_w = k.stride_w;
  o.dilation_h = k.dil_h;
  o.dilation_w = k.dil_w;
  o.depth_multiplier = k.dm;
  o.fused_activation = k.act;
  return gb.op(m::kOpDepthwiseConv2D, {in, f, bias}, out, o);
}

void check(const DwCase& k, uint32_t seed) {
  std::mt19937 rng(seed);
  const DwData d = make_data(k, rng);
  GraphBuilder gb;
  const std::vector<int8_t> got = run_graph(build(gb, k, d), d.input);
  const std::vector<int8_t> want = reference(k, d);
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i)
    ASSERT_EQ(got[i], want[i]) << "seed " << seed << " element " << i << " (n" << k.n << " " << k.h << "x" << k.w << "x"
                               << k.cin << " dm" << k.dm << " k" << k.kh << "x" << k.kw << " s" << k.stride_h << ","
                               << k.stride_w << " d" << k.dil_h << "," << k.dil_w << ")";
}

TEST(DwConv2D, HandComputedBorderAndDepthMultiplier) {
  // 2x2 input, 2 channels, depth multiplier 2, 3x3 SAME: every window covers
  // the whole input, so output = sum over the 4 pixels of w(tap) * x.
  GraphBuilder gb;
  const std::vector<int8_t> x = {1, 10, 2, 20, 3, 30, 4, 40};  // [y][x][c]
  std::vector<int8_t> f(3 * 3 * 4, 0);
  for (int t = 0; t < 9; ++t) {
    f[static_cast<size_t>(t * 4 + 0)] = 1;                       // oc0 <- ic0, all taps 1
    f[static_cast<size_t>(t * 4 + 1)] = static_cast<int8_t>(t);  // oc1 <- ic0, tap index
    f[static_cast<size_t>(t * 4 + 2)] = -1;                      // oc2 <- ic1
    f[static_cast<size_t>(t * 4 + 3)] = 0;                       // oc3 <- ic1
  }
  const int in = gb.act(m::TType::kInt8, {1, 2, 2, 2}, 1.0f, 0);
  const int fi = gb.constant(m::TType::kInt8, {1, 3, 3, 4}, f, {1.0f}, {0}, 3);
  const int out = gb.act(m::TType::kInt8, {1, 2, 2, 4}, 1.0f, 0);
  m::Options o;
  o.depth_multiplier = 2;
  const auto got = run_graph(gb.op(m::kOpDepthwiseConv2D, {in, fi, -1}, out, o), x);
  // Output (0,0): its window centre is (0,0), so input (y,x) sits at tap (y+1)*3+(x+1):
  // taps 4,5,7,8 for inputs 1,2,3,4 (channel 0).
  const std::vector<int8_t> want = {10, 4 * 1 + 5 * 2 + 7 * 3 + 8 * 4, -100, 0,   // (0,0)
                                    10, 3 * 1 + 4 * 2 + 6 * 3 + 7 * 4, -100, 0,   // (0,1): taps 3,4,6,7
                                    10, 1 * 1 + 2 * 2 + 4 * 3 + 5 * 4, -100, 0,   // (1,0): taps 1,2,4,5
                                    10, 0 * 1 + 1 * 2 + 3 * 3 + 4 * 4, -100, 0};  // (1,1): taps 0,1,3,4
  EXPECT_EQ(got, want);
}

TEST(DwConv2D, RandomShapesMatchReference) {
  std::mt19937 rng(4321);
  for (uint32_t t = 0; t < 300; ++t) {
    DwCase k;
    k.n = rand_int(rng, 1, 2);
    k.h = rand_int(rng, 1, 11);
    k.w = rand_int(rng, 1, 11);
    k.cin = rand_int(rng, 0, 4) == 0 ? rand_int(rng, 60, 140) : rand_int(rng, 1, 20);  // > one 64-channel block
    k.dm = rand_int(rng, 0, 3) == 0 ? rand_int(rng, 2, 3) : 1;
    k.kh = std::vector<int>{1, 2, 3, 3, 5}[static_cast<size_t>(rand_int(rng, 0, 4))];
    k.kw = rand_int(rng, 0, 3) == 0 ? rand_int(rng, 1, 5) : k.kh;
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
    k.out_s_factor = rand_scale(rng, 0.1f, 3.0f);
    int oh, ow, p;
    ref_out_pad(k.padding, k.h, k.kh, k.stride_h, k.dil_h, &oh, &p);
    ref_out_pad(k.padding, k.w, k.kw, k.stride_w, k.dil_w, &ow, &p);
    if (oh < 1 || ow < 1) continue;
    check(k, 2000 + t);
    if (HasFatalFailure()) return;
  }
}

TEST(DwConv2D, SaturationAndActivations) {
  for (int8_t act : {m::kActNone, m::kActRelu, m::kActRelu6, m::kActReluN1To1}) {
    DwCase k{.h = 7, .w = 7, .cin = 9, .act = act, .in_zp = 20, .out_zp = 15, .out_s_factor = 0.05f};
    check(k, 300 + static_cast<uint32_t>(act));
  }
}

TEST(DwConv2D, RejectsUnsupportedConfigurations) {
  std::mt19937 rng(6);
  DwCase k;
  const DwData d = make_data(k, rng);
  auto expect_error = [&](auto mutate, const std::string& what) {
    GraphBuilder gb;
    build(gb, k, d);
    mutate(gb);
    const std::string err = import_error(gb.graph());
    EXPECT_NE(err.find("DEPTHWISE_CONV_2D"), std::string::npos) << what << ": " << err;
    EXPECT_NE(err.find(what), std::string::npos) << err;
  };
  expect_error([](GraphBuilder& gb) { gb.the_op().opt.depth_multiplier = 2; }, "depth_multiplier");
  expect_error([](GraphBuilder& gb) { gb.tensor(1).type = m::TType::kInt16; }, "INT16");
  expect_error([](GraphBuilder& gb) { gb.tensor(1).q.quantized_dimension = 0; }, "dimension 3");
  expect_error([](GraphBuilder& gb) { gb.tensor(2).type = m::TType::kInt64; }, "bias type");
  expect_error([](GraphBuilder& gb) { gb.tensor(3).shape[3] += 1; }, "output shape");
}

// Every DwConv2D operator of the real models, run alone on TFLite Micro's
// dumped input, must reproduce TFLite Micro's dumped output exactly.
TEST(DwConv2D, GoldenTensorsOfRealModels) {
  HB_REQUIRE_SHARED();
  const int n = check_golden_tensor_ops(m::kOpDepthwiseConv2D);
  if (n == 0) GTEST_SKIP() << "no DwConv2D operator in ../shared/golden-tensors";
  RecordProperty("ops_checked", n);
}

}  // namespace
