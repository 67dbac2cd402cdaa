// Every golden case in ../shared/golden must come out of the host engine
// exactly as TFLite Micro's reference kernels computed it.
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "model/host_engine.h"
#include "model/importer.h"
#include "test_paths.h"

namespace fs = std::filesystem;

namespace {

std::vector<uint8_t> read_bytes(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), {}};
}

std::vector<std::string> golden_models() {
  std::vector<std::string> names;
  if (!hb::test::have_shared()) return {"(none)"};
  for (auto& e : fs::directory_iterator(hb::test::shared_dir() / "golden"))
    if (fs::exists(e.path() / "golden.json")) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

class Golden : public ::testing::TestWithParam<std::string> {};

TEST_P(Golden, EveryCaseBitExact) {
  HB_REQUIRE_SHARED();
  const fs::path dir = hb::test::shared_dir() / "golden" / GetParam();
  nlohmann::json j = nlohmann::json::parse(std::ifstream(dir / "golden.json"));
  const std::string model = hb::test::shared_model(j["model"].get<std::string>());
  ASSERT_FALSE(model.empty()) << "model file for " << GetParam() << " not found";
  hb::model::Plan plan = hb::model::import_tflite(model);
  hb::model::HostEngine eng(plan.blob);
  ASSERT_EQ(eng.input().bytes, j["input_bytes"].get<uint32_t>());
  for (const auto& c : j["cases"]) {
    const std::string input = c["input"].get<std::string>();
    auto in = read_bytes(dir / input);
    auto out = eng.run(in);
    const auto& expected = c["output"];
    if (eng.output().dtype == HB_DT_FLOAT32) {
      ASSERT_EQ(out.size(), expected.size() * 4) << input;
      for (size_t i = 0; i < expected.size(); ++i) {
        float v;
        std::memcpy(&v, out.data() + 4 * i, 4);
        const double e = std::stod(expected[i].get<std::string>());
        EXPECT_LE(std::fabs(v - e), 1e-5 * std::max(1e-3, std::fabs(e)) + 1e-9)
            << GetParam() << " " << input << " output " << i << ": got " << v << " expected " << e;
      }
    } else {
      ASSERT_EQ(out.size(), expected.size()) << input;
      for (size_t i = 0; i < expected.size(); ++i) {
        const int got = eng.output().dtype == HB_DT_INT8 ? static_cast<int8_t>(out[i]) : out[i];
        EXPECT_EQ(got, std::stoi(expected[i].get<std::string>())) << GetParam() << " " << input << " output " << i;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(SharedModels, Golden, ::testing::ValuesIn(golden_models()), [](const auto& info) {
  std::string n = info.param;
  for (char& ch : n)
    if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return n;
});

}  // namespace
