// Every element-wise / fixed-point op (ADD, MUL, MEAN, SOFTMAX, LOGISTIC,
// HARD_SWISH, MINIMUM, MAXIMUM, QUANTIZE, DEQUANTIZE) of the real models in
// ../shared/golden-tensors, run alone on the tensors TFLite Micro's reference
// kernels fed it, must reproduce TFLite Micro's output byte for byte.
// Each op becomes a one-op graph: its first activation input is the graph
// input, any other activation input becomes a constant holding the dumped bytes.
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "eltwise_util.h"
#include "model/graph.h"
#include "test_paths.h"

namespace fs = std::filesystem;
using namespace hb::model;

namespace {

const std::set<int32_t> kMyOps = {kOpAdd,       kOpMul,     kOpMean,    kOpSoftmax,  kOpLogistic,
                                  kOpHardSwish, kOpMinimum, kOpMaximum, kOpQuantize, kOpDequantize};

std::vector<uint8_t> read_bytes(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), {}};
}

// tensors.tsv: tensor index -> dump file.
std::map<int, fs::path> read_dumps(const fs::path& dir) {
  std::map<int, fs::path> m;
  std::ifstream f(dir / "tensors.tsv");
  std::string line;
  std::getline(f, line);  // header
  while (std::getline(f, line)) {
    std::vector<std::string> col;
    std::stringstream ss(line);
    std::string c;
    while (std::getline(ss, c, '\t')) col.push_back(c);
    if (col.size() >= 6) m[std::stoi(col[0])] = dir / col[5];
  }
  return m;
}

struct OpResult {
  int tested = 0;
  std::map<std::string, int> by_kind;
};

std::vector<std::string> dumped_models() {
  std::vector<std::string> v;
  const fs::path d = hb::test::shared_dir() / "golden-tensors";
  if (fs::is_directory(d))
    for (auto& e : fs::directory_iterator(d))
      if (fs::exists(e.path() / "tensors.tsv")) v.push_back(e.path().filename().string());
  std::sort(v.begin(), v.end());
  if (v.empty()) v.push_back("(none)");
  return v;
}

class GoldenTensorsElementwise : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenTensorsElementwise, EachOpBitExact) {
  const fs::path dir = hb::test::shared_dir() / "golden-tensors" / GetParam();
  if (!fs::exists(dir / "tensors.tsv")) GTEST_SKIP() << "../shared/golden-tensors not present: skipped";
  const std::string model_path = hb::test::shared_model(GetParam() + ".tflite");
  if (model_path.empty()) GTEST_SKIP() << "model " << GetParam() << ".tflite not present: skipped";
  const Graph full = read_tflite(model_path);
  const auto dumps = read_dumps(dir);

  OpResult r;
  for (const Operator& op : full.ops) {
    if (!kMyOps.count(op.builtin)) continue;
    const std::string what = GetParam() + " op #" + std::to_string(op.index) + " " + op.name();
    SCOPED_TRACE(what);
    ASSERT_EQ(op.outputs.size(), 1u);
    ASSERT_TRUE(dumps.count(op.outputs[0])) << "output not dumped";

    // One-op graph over copies of the op's tensors.
    Graph g;
    g.path = GetParam() + ".tflite";
    std::deque<std::vector<uint8_t>> store;
    std::vector<int32_t> ins;
    int graph_input = -1;
    std::vector<uint8_t> input_bytes;
    for (int32_t ti : op.inputs) {
      if (ti < 0) {
        ins.push_back(-1);
        continue;
      }
      Tensor t = full.tensors.at(static_cast<size_t>(ti));
      if (!t.is_const()) {
        ASSERT_TRUE(dumps.count(ti)) << "input tensor " << ti << " not dumped";
        auto bytes = read_bytes(dumps.at(ti));
        if (graph_input < 0) {
          graph_input = static_cast<int>(g.tensors.size());
          input_bytes = std::move(bytes);
        } else {
          store.push_back(std::move(bytes));
          t.data = std::span<const uint8_t>(store.back());
        }
      }
      ins.push_back(static_cast<int32_t>(g.tensors.size()));
      g.tensors.push_back(std::move(t));
    }
    ASSERT_GE(graph_input, 0) << "op has no activation input";
    const int out_index = static_cast<int>(g.tensors.size());
    g.tensors.push_back(full.tensors.at(static_cast<size_t>(op.outputs[0])));
    Operator one = op;
    one.index = op.index;
    one.inputs = ins;
    one.outputs = {out_index};
    g.ops = {one};
    g.inputs = {graph_input};
    g.outputs = {out_index};

    const auto expected = read_bytes(dumps.at(op.outputs[0]));
    std::vector<uint8_t> got;
    try {
      Plan plan = import_graph(g);
      HostEngine eng(plan.blob);
      got = eng.run(input_bytes);
    } catch (const std::exception& e) {
      ADD_FAILURE() << e.what();
      continue;
    }
    ASSERT_EQ(got.size(), expected.size());
    size_t bad = 0, first = 0;
    for (size_t i = 0; i < got.size(); ++i)
      if (got[i] != expected[i] && bad++ == 0) first = i;
    EXPECT_EQ(bad, 0u) << bad << " of " << got.size() << " bytes differ; first at byte " << first << ": got "
                       << int(got[first]) << " expected " << int(expected[first]);
    ++r.tested;
    ++r.by_kind[op.name()];
  }
  std::string summary;
  for (auto& [k, n] : r.by_kind) summary += k + " x" + std::to_string(n) + " ";
  std::cout << "[ golden   ] " << GetParam() << ": " << summary << "\n";
  // Every model here has at least a SOFTMAX, QUANTIZE or ADD.
  EXPECT_GT(r.tested, 0);
  if (GetParam().rfind("st_efficientnet_lc_v1", 0) == 0) {  // op counts from ../shared/README.md
    const std::map<std::string, int> want = {{"ADD", 9},      {"DEQUANTIZE", 1}, {"LOGISTIC", 16},
                                             {"MAXIMUM", 16}, {"MEAN", 17},      {"MINIMUM", 16},
                                             {"MUL", 16},     {"QUANTIZE", 1},   {"SOFTMAX", 1}};
    EXPECT_EQ(r.by_kind, want);
  }
}

INSTANTIATE_TEST_SUITE_P(SharedModels, GoldenTensorsElementwise, ::testing::ValuesIn(dumped_models()),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& ch : n)
                             if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return n;
                         });

}  // namespace
