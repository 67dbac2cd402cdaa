// PAD (int8): import + host engine against a naive rendering of TFLite's
// reference PadImpl (pad value = output zero point).
#include <gtest/gtest.h>

#include "nn/spatial_util.h"

namespace {

using namespace hb::test::spatial;
namespace m = hb::model;

// Build and run PAD of `x` with shape `shape` and paddings [[before, after], ...].
std::vector<int8_t> run_pad(const std::vector<int32_t>& shape, const std::vector<int32_t>& pads,
                            const std::vector<int8_t>& x, int zp, bool int64_pads = false) {
  GraphBuilder gb;
  const int in = gb.act(m::TType::kInt8, shape, 0.1f, zp);
  const int32_t rank = static_cast<int32_t>(shape.size());
  const int p = int64_pads ? gb.constant(m::TType::kInt64, {rank, 2}, std::vector<int64_t>(pads.begin(), pads.end()))
                           : gb.constant(m::TType::kInt32, {rank, 2}, pads);
  std::vector<int32_t> os = shape;
  for (size_t i = 0; i < os.size(); ++i) os[i] += pads[2 * i] + pads[2 * i + 1];
  const int out = gb.act(m::TType::kInt8, os, 0.1f, zp);
  return run_graph(gb.op(m::kOpPad, {in, p}, out, m::Options{}), x);
}

// Naive: walk the output; an element is input iff every coordinate is inside.
std::vector<int8_t> reference(const std::vector<int32_t>& shape, const std::vector<int32_t>& pads,
                              const std::vector<int8_t>& x, int zp) {
  const size_t r = shape.size();
  std::vector<int32_t> os(r);
  size_t total = 1;
  for (size_t i = 0; i < r; ++i) total *= static_cast<size_t>(os[i] = shape[i] + pads[2 * i] + pads[2 * i + 1]);
  std::vector<int8_t> out(total);
  for (size_t flat = 0; flat < total; ++flat) {
    size_t rem = flat, in_flat = 0, in_stride = 1;
    bool inside = true;
    for (size_t i = r; i-- > 0;) {
      const int32_t coord = static_cast<int32_t>(rem % static_cast<size_t>(os[i])) - pads[2 * i];
      rem /= static_cast<size_t>(os[i]);
      if (coord < 0 || coord >= shape[i]) inside = false;
      in_flat += static_cast<size_t>(coord) * in_stride;
      in_stride *= static_cast<size_t>(shape[i]);
    }
    out[flat] = inside ? x[in_flat] : static_cast<int8_t>(zp);
  }
  return out;
}

TEST(Pad, HandComputed2D) {
  // [[1,2],[3,4]] padded by 1 row on top, 1 column either side, zero point -5.
  const auto got = run_pad({2, 2}, {1, 0, 1, 1}, {1, 2, 3, 4}, -5);
  EXPECT_EQ(got, (std::vector<int8_t>{-5, -5, -5, -5, -5, 1, 2, -5, -5, 3, 4, -5}));
}

TEST(Pad, RandomShapesMatchReference) {
  std::mt19937 rng(31337);
  for (uint32_t t = 0; t < 200; ++t) {
    const int rank = rand_int(rng, 1, 4);
    std::vector<int32_t> shape, pads;
    size_t n = 1;
    for (int i = 0; i < rank; ++i) {
      shape.push_back(rand_int(rng, 1, 6));
      n *= static_cast<size_t>(shape.back());
      pads.push_back(rand_int(rng, 0, 3) == 0 ? 0 : rand_int(rng, 0, 3));
      pads.push_back(rand_int(rng, 0, 3) == 0 ? 0 : rand_int(rng, 0, 3));
    }
    const int zp = rand_int(rng, -128, 127);
    const auto x = rand_i8(rng, n);
    const auto got = run_pad(shape, pads, x, zp, t % 5 == 0);
    ASSERT_EQ(got, reference(shape, pads, x, zp)) << "case " << t;
  }
}

TEST(Pad, RejectsUnsupportedConfigurations) {
  auto err_of = [](auto mutate) {
    GraphBuilder gb;
    const int in = gb.act(m::TType::kInt8, {1, 2, 2, 1}, 0.1f, 0);
    const int p = gb.constant(m::TType::kInt32, {4, 2}, std::vector<int32_t>{0, 0, 1, 1, 1, 1, 0, 0});
    const int out = gb.act(m::TType::kInt8, {1, 4, 4, 1}, 0.1f, 0);
    gb.op(m::kOpPad, {in, p, -1}, out, m::Options{});
    gb.the_op().inputs.resize(2);
    mutate(gb);
    return import_error(gb.graph());
  };
  EXPECT_EQ(err_of([](GraphBuilder&) {}), "");  // the unmutated graph is fine
  std::string e = err_of([](GraphBuilder& gb) { gb.tensor(2).shape[1] = 5; });
  EXPECT_NE(e.find("PAD"), std::string::npos) << e;
  EXPECT_NE(e.find("does not equal input + paddings"), std::string::npos) << e;
  e = err_of([](GraphBuilder& gb) { gb.tensor(1).data = {}; });
  EXPECT_NE(e.find("constant"), std::string::npos) << e;
  e = err_of([](GraphBuilder& gb) {
    gb.tensor(0).type = m::TType::kFloat32;
    gb.tensor(2).type = m::TType::kFloat32;
  });
  EXPECT_NE(e.find("FLOAT32"), std::string::npos) << e;
  e = err_of([](GraphBuilder& gb) { gb.the_op().inputs.push_back(1); });
  EXPECT_NE(e.find("expected 2 inputs"), std::string::npos) << e;
}

// Every Pad operator of the real models, run alone on TFLite Micro's
// dumped input, must reproduce TFLite Micro's dumped output exactly.
TEST(Pad, GoldenTensorsOfRealModels) {
  HB_REQUIRE_SHARED();
  const int n = check_golden_tensor_ops(m::kOpPad);
  if (n == 0) GTEST_SKIP() << "no Pad operator in ../shared/golden-tensors";
  RecordProperty("ops_checked", n);
}

}  // namespace
