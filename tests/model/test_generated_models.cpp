// Every synthetic test model (harness/model/test_models.cpp) goes
// write_tflite -> read_tflite -> import -> HostEngine, and must come back
// field for field and give exactly the bytes the in-memory Graph it was
// written from gives. The kernels' arithmetic is tested against naive
// references in tests/nn; this proves the file carries the whole model.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <set>
#include <string>

#include <unistd.h>

#include "common/error.h"
#include "common/sha256.h"
#include "model/host_engine.h"
#include "model/importer.h"
#include "model/test_models.h"
#include "model/tflite_writer.h"

namespace hb::model {
namespace {

namespace fs = std::filesystem;

// HB_KEEP_GENERATED_MODELS=DIR keeps the written files there (e.g. for
// models/fashion-mnist/interop/check.js); by default they go to a temp dir.
const char* keep_dir() {
  const char* d = std::getenv("HB_KEEP_GENERATED_MODELS");
  return d && *d ? d : nullptr;
}

fs::path scratch_dir() {
  const fs::path d = keep_dir() ? fs::path(keep_dir())
                                : fs::temp_directory_path() / ("hb_generated_models_" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}

std::vector<uint8_t> random_input(std::mt19937& rng, size_t n) {
  std::uniform_int_distribution<int> d(0, 255);
  std::vector<uint8_t> v(n);
  for (auto& b : v) b = static_cast<uint8_t>(d(rng));
  return v;
}

class GeneratedModel : public ::testing::TestWithParam<const char*> {};

TEST_P(GeneratedModel, WriteReadImportRunMatchesInMemoryGraph) {
  const std::string name = GetParam();
  const ModelBuilder m = make_test_model(name, 20240601);
  const fs::path path = scratch_dir() / (name + ".tflite");
  Graph g = m.graph();     // constants still point into m
  g.path = path.string();  // the plan records the model's file name
  write_tflite(g, path.string());

  const Graph back = read_tflite(path.string());
  EXPECT_EQ(back.schema_version, 3u);
  EXPECT_EQ(graph_diff(g, back), "");

  // Same model hash on both sides, so the two plans must be the same bytes.
  const std::string sha = sha256_hex(back.file);
  const Plan from_graph = import_graph(g, sha);
  const Plan from_file = import_tflite(path.string());
  ASSERT_EQ(from_graph.blob.size(), from_file.blob.size());
  EXPECT_TRUE(std::equal(from_graph.blob.span().begin(), from_graph.blob.span().end(), from_file.blob.span().begin()))
      << "plans differ";

  HostEngine a(from_graph.blob), b(from_file.blob);
  ASSERT_EQ(a.input().bytes, b.input().bytes);
  std::mt19937 rng(7);
  std::set<std::vector<uint8_t>> distinct;
  for (int trial = 0; trial < 4; ++trial) {
    const std::vector<uint8_t> in = random_input(rng, a.input().bytes);
    const std::vector<uint8_t> want = a.run(in);
    const std::vector<uint8_t> got = b.run(in);
    EXPECT_EQ(got, want) << "trial " << trial;
    distinct.insert(want);
  }
  // A generated model whose output ignores its input would make the check above vacuous.
  EXPECT_GT(distinct.size(), 1u) << name << ": output does not depend on the input";
  if (!keep_dir()) fs::remove(path);
}

std::vector<const char*> case_names() {
  std::vector<const char*> v;
  for (const auto& c : test_model_cases()) v.push_back(c.name);
  return v;
}

INSTANTIATE_TEST_SUITE_P(AllCases, GeneratedModel, ::testing::ValuesIn(case_names()),
                         [](const ::testing::TestParamInfo<const char*>& i) { return std::string(i.param); });

TEST(GeneratedModels, CoverEveryOpTheDefaultModelFamilyUses) {
  std::set<std::string> names;
  std::set<int32_t> ops;
  for (const auto& c : test_model_cases()) {
    EXPECT_TRUE(names.insert(c.name).second) << "duplicate case " << c.name;
    const ModelBuilder m = make_test_model(c.name);
    for (const Operator& op : m.graph().ops) ops.insert(op.builtin);
  }
  for (int32_t want :
       {kOpConv2D, kOpDepthwiseConv2D, kOpFullyConnected, kOpAdd, kOpMul, kOpMean, kOpSoftmax, kOpLogistic, kOpMinimum,
        kOpMaximum, kOpQuantize, kOpDequantize, kOpReshape, kOpAveragePool2D, kOpMaxPool2D, kOpPad, kOpHardSwish})
    EXPECT_TRUE(ops.count(want)) << builtin_op_name(want) << " has no generated model";
}

TEST(GeneratedModels, SeedDeterminesWeights) {
  const ModelBuilder a = make_test_model("conv2d_3x3_same_s2_perchannel_relu6", 1);
  const ModelBuilder b = make_test_model("conv2d_3x3_same_s2_perchannel_relu6", 1);
  const ModelBuilder c = make_test_model("conv2d_3x3_same_s2_perchannel_relu6", 2);
  EXPECT_EQ(serialize_tflite(a.graph()), serialize_tflite(b.graph()));
  EXPECT_NE(serialize_tflite(a.graph()), serialize_tflite(c.graph()));
  EXPECT_THROW(make_test_model("no_such_case"), hb::Error);
}

}  // namespace
}  // namespace hb::model
