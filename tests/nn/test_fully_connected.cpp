// FULLY_CONNECTED: import + host engine against a naive rendering of
// TFLite's reference FullyConnected / FullyConnectedPerChannel.
#include <gtest/gtest.h>

#include "nn/spatial_util.h"

namespace {

using namespace hb::test::spatial;
namespace m = hb::model;

struct FcCase {
  std::vector<int32_t> in_shape = {1, 16};
  int units = 8;
  bool keep_num_dims = false, per_channel = false, bias = true;
  int8_t act = m::kActNone;
  int in_zp = 0, out_zp = 0;
  float in_s = 0.05f, w_s = 0.01f, out_s_factor = 1.0f;
};

struct FcData {
  std::vector<int8_t> input, weights;
  std::vector<int32_t> bias;
  std::vector<float> wscale;
  float out_s = 0;
  int batches = 0, depth = 0;
  std::vector<int32_t> out_shape;
};

FcData make_data(const FcCase& k, std::mt19937& rng) {
  FcData d;
  d.depth = k.in_shape.back();
  int64_t n = 1;
  for (int32_t s : k.in_shape) n *= s;
  d.batches = static_cast<int>(n / d.depth);
  d.input = rand_i8(rng, static_cast<size_t>(n));
  d.weights = rand_i8(rng, static_cast<size_t>(k.units * d.depth), -127, 127);
  d.bias.resize(static_cast<size_t>(k.units));
  for (auto& b : d.bias) b = rand_int(rng, -30000, 30000);
  if (k.per_channel)
    for (int i = 0; i < k.units; ++i) d.wscale.push_back(rand_scale(rng, 0.002f, 0.02f));
  else
    d.wscale = {k.w_s};
  d.out_s = static_cast<float>(k.in_s * d.wscale[0] * std::sqrt(double(d.depth)) * 74 * 73 / 60.0 * k.out_s_factor);
  if (k.keep_num_dims) {
    d.out_shape = k.in_shape;
    d.out_shape.back() = k.units;
  } else {
    d.out_shape = {d.batches, k.units};
  }
  return d;
}

std::vector<int8_t> reference(const FcCase& k, const FcData& d) {
  int32_t lo, hi;
  ref_act_range(k.act, d.out_s, k.out_zp, &lo, &hi);
  std::vector<int8_t> out;
  for (int b = 0; b < d.batches; ++b)
    for (int u = 0; u < k.units; ++u) {
      int64_t acc = 0;
      for (int i = 0; i < d.depth; ++i)
        acc +=
            d.weights[static_cast<size_t>(u * d.depth + i)] * (d.input[static_cast<size_t>(b * d.depth + i)] - k.in_zp);
      if (k.bias) acc += d.bias[static_cast<size_t>(u)];
      // Per-tensor: TFLite multiplies the two float scales in float, then
      // widens (GetQuantizedConvolutionMultipler); per-channel: in double.
      const double real =
          k.per_channel ? static_cast<double>(k.in_s) * d.wscale[static_cast<size_t>(u)] / static_cast<double>(d.out_s)
                        : static_cast<double>(k.in_s * d.wscale[0]) / static_cast<double>(d.out_s);
      out.push_back(ref_out(static_cast<int32_t>(acc), ref_quantize_multiplier(real), k.out_zp, lo, hi));
    }
  return out;
}

const m::Graph& build(GraphBuilder& gb, const FcCase& k, const FcData& d) {
  const int in = gb.act(m::TType::kInt8, k.in_shape, k.in_s, k.in_zp);
  const int w = gb.constant(m::TType::kInt8, {k.units, d.depth}, d.weights, d.wscale,
                            std::vector<int64_t>(d.wscale.size(), 0), 0);
  int bias = -1;
  if (k.bias) bias = gb.constant(m::TType::kInt32, {k.units}, d.bias, {k.in_s * d.wscale[0]}, {0});
  const int out = gb.act(m::TType::kInt8, d.out_shape, d.out_s, k.out_zp);
  m::Options o;
  o.fused_activation = k.act;
  o.keep_num_dims = k.keep_num_dims;
  return gb.op(m::kOpFullyConnected, {in, w, bias}, out, o);
}

void check(const FcCase& k, uint32_t seed) {
  std::mt19937 rng(seed);
  const FcData d = make_data(k, rng);
  GraphBuilder gb;
  const std::vector<int8_t> got = run_graph(build(gb, k, d), d.input);
  const std::vector<int8_t> want = reference(k, d);
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i)
    ASSERT_EQ(got[i], want[i]) << "seed " << seed << " element " << i << " (batches " << d.batches << " depth "
                               << d.depth << " units " << k.units << ")";
}

TEST(FullyConnected, HandComputed) {
  // 2 units over depth 3; input zero point 1; scales give multiplier 1/4.
  GraphBuilder gb;
  const int in = gb.act(m::TType::kInt8, {1, 3}, 0.5f, 1);
  const int w = gb.constant(m::TType::kInt8, {2, 3}, std::vector<int8_t>{1, 2, 3, -4, 0, 4}, {0.5f}, {0});
  const int b = gb.constant(m::TType::kInt32, {2}, std::vector<int32_t>{6, -1}, {0.25f}, {0});
  const int out = gb.act(m::TType::kInt8, {1, 2}, 1.0f, -2);
  const auto got = run_graph(gb.op(m::kOpFullyConnected, {in, w, b}, out, m::Options{}), {3, 5, 11});
  // x - zp = {2, 4, 10}. unit0: 2+8+30+6 = 46 -> 46/4 = 11.5 -> 12 (half away
  // from zero) - 2 = 10. unit1: -8+0+40-1 = 31 -> 7.75 -> 8 - 2 = 6.
  EXPECT_EQ(got, (std::vector<int8_t>{10, 6}));
}

TEST(FullyConnected, RandomShapesMatchReference) {
  std::mt19937 rng(777);
  for (uint32_t t = 0; t < 200; ++t) {
    FcCase k;
    const int depth = rand_int(rng, 0, 3) == 0 ? rand_int(rng, 100, 600) : rand_int(rng, 1, 40);
    switch (rand_int(rng, 0, 2)) {
      case 0:
        k.in_shape = {rand_int(rng, 1, 4), depth};
        break;
      case 1:
        k.in_shape = {1, 1, 1, depth};
        break;
      default:
        k.in_shape = {rand_int(rng, 1, 3), rand_int(rng, 1, 3), depth};
        break;
    }
    k.units = rand_int(rng, 1, 40);
    k.keep_num_dims = rand_int(rng, 0, 1) != 0;
    k.per_channel = rand_int(rng, 0, 2) == 0;
    k.bias = rand_int(rng, 0, 4) != 0;
    k.act = rand_activation(rng);
    k.in_zp = rand_int(rng, -128, 127);
    k.out_zp = rand_int(rng, -60, 60);
    k.in_s = rand_scale(rng, 0.005f, 0.2f);
    k.w_s = rand_scale(rng, 0.001f, 0.05f);
    k.out_s_factor = rand_scale(rng, 0.1f, 3.0f);
    check(k, 3000 + t);
    if (HasFatalFailure()) return;
  }
}

TEST(FullyConnected, RejectsUnsupportedConfigurations) {
  std::mt19937 rng(8);
  FcCase k;
  const FcData d = make_data(k, rng);
  auto expect_error = [&](auto mutate, const std::string& what) {
    GraphBuilder gb;
    build(gb, k, d);
    mutate(gb);
    const std::string err = import_error(gb.graph());
    EXPECT_NE(err.find("FULLY_CONNECTED"), std::string::npos) << what << ": " << err;
    EXPECT_NE(err.find(what), std::string::npos) << err;
  };
  // TFLite's bias-scale sanity check (GetQuantizedConvolutionMultipler):
  // |input x weights scale - bias scale| must be <= 2% of the output scale.
  auto bias_off_by = [](float frac_of_out) {
    return [frac_of_out](GraphBuilder& gb) { gb.tensor(2).q.scale[0] += frac_of_out * gb.tensor(3).q.scale[0]; };
  };
  expect_error(bias_off_by(0.03f), "bias scale");
  {
    GraphBuilder gb;
    build(gb, k, d);
    bias_off_by(0.01f)(gb);
    EXPECT_EQ(import_error(gb.graph()), "");
  }
  expect_error([](GraphBuilder& gb) { gb.tensor(1).q.zero_point[0] = 1; }, "zero point");
  expect_error([](GraphBuilder& gb) { gb.the_op().opt.weights_format = 1; }, "shuffled");
  expect_error([](GraphBuilder& gb) { gb.tensor(0).shape = {1, 15}; }, "elements");
  expect_error([](GraphBuilder& gb) { gb.tensor(3).type = m::TType::kInt16; }, "INT16");
}

// Every FullyConnected operator of the real models, run alone on TFLite Micro's
// dumped input, must reproduce TFLite Micro's dumped output exactly.
TEST(FullyConnected, GoldenTensorsOfRealModels) {
  HB_REQUIRE_SHARED();
  const int n = check_golden_tensor_ops(m::kOpFullyConnected);
  if (n == 0) GTEST_SKIP() << "no FullyConnected operator in ../shared/golden-tensors";
  RecordProperty("ops_checked", n);
}

}  // namespace
