// `hilbench infer` and `hilbench model info` end to end through the real
// binary: output format, exit codes, one-line errors on bad input.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "cli/cli_util.h"
#include "test_paths.h"

namespace fs = std::filesystem;
using hb::test::count_lines;
using hb::test::hilbench;

namespace {

const char* kResnet = "pretrainedResnet_quant.tflite";

fs::path temp_dir() {
  auto d = fs::temp_directory_path() / ("hb_cli_" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}

void write(const fs::path& p, const std::vector<uint8_t>& b) {
  std::ofstream(p, std::ios::binary)
      .write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

std::vector<uint8_t> read(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), {}};
}

TEST(CliInfer, PrintsGoldenOutputOnOneLine) {
  HB_REQUIRE_SHARED();
  const std::string model = hb::test::shared_model(kResnet);
  const fs::path gdir = hb::test::shared_dir() / "golden" / "pretrainedResnet_quant";
  auto j = nlohmann::json::parse(std::ifstream(gdir / "golden.json"));
  const auto& c = j["cases"][0];
  auto r = hilbench({"infer", "--model", model, "--input", (gdir / c["input"].get<std::string>()).string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string expected;
  for (auto& v : c["output"]) expected += (expected.empty() ? "" : " ") + v.get<std::string>();
  EXPECT_EQ(r.out, expected + "\n");

  auto rj = hilbench({"infer", "--json", "--model", model, "--input", (gdir / c["input"].get<std::string>()).string()});
  ASSERT_EQ(rj.exit_code, 0) << rj.err;
  auto out = nlohmann::json::parse(rj.out);
  EXPECT_EQ(out["type"], "INT8");
  ASSERT_EQ(out["values"].size(), c["output"].size());
  for (size_t i = 0; i < c["output"].size(); ++i)
    EXPECT_EQ(out["values"][i].get<int>(), std::stoi(c["output"][i].get<std::string>()));
}

TEST(CliInfer, FloatOutputModelMatchesGolden) {
  HB_REQUIRE_SHARED();
  const std::string model = hb::test::shared_model("st_efficientnet_lc_v1_128_tfs_int8_flowers.tflite");
  if (model.empty()) GTEST_SKIP() << "ST model zoo not present";
  const fs::path gdir = hb::test::shared_dir() / "golden" / "st_efficientnet_lc_v1_128_tfs_int8_flowers";
  auto j = nlohmann::json::parse(std::ifstream(gdir / "golden.json"));
  for (const auto& c : j["cases"]) {
    auto r = hilbench({"infer", "--model", model, "--input", (gdir / c["input"].get<std::string>()).string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::istringstream in(r.out);
    for (const auto& v : c["output"]) {
      double got;
      ASSERT_TRUE(in >> got);
      const double e = std::stod(v.get<std::string>());
      EXPECT_NEAR(got, e, 1e-5 * std::max(1e-3, std::fabs(e)));
    }
  }
}

TEST(CliModelInfo, EfficientNet224Facts) {
  HB_REQUIRE_SHARED();
  const std::string model = hb::test::shared_model("st_efficientnet_lc_v1_224_tfs_int8_flowers.tflite");
  if (model.empty()) GTEST_SKIP() << "ST model zoo not present";
  auto r = hilbench({"model", "info", model, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["ops_total"], 239);
  EXPECT_EQ(j["ops"]["CONV_2D"], 65);
  EXPECT_EQ(j["ops"]["DEPTHWISE_CONV_2D"], 16);
  EXPECT_EQ(j["ops"]["MEAN"], 17);
  EXPECT_EQ(j["ops"]["SHAPE"], 16);
  EXPECT_EQ(j["ops"]["FULLY_CONNECTED"], 1);
  EXPECT_EQ(j["inputs"][0]["type"], "UINT8");
  EXPECT_EQ(j["inputs"][0]["shape"], nlohmann::json::array({1, 224, 224, 3}));
  EXPECT_EQ(j["outputs"][0]["type"], "FLOAT32");
  // "Weights Flash 505 KiB" in ST's model card.
  const double kib = j["weight_bytes"].get<double>() / 1024.0;
  EXPECT_NEAR(kib, 505.0, 1.0);
  EXPECT_GT(j["peak_activation_bytes"].get<int>(), 0);
  EXPECT_GT(j["macs"].get<long>(), 50'000'000);

  auto t = hilbench({"model", "info", model});
  ASSERT_EQ(t.exit_code, 0);
  EXPECT_NE(t.out.find("CONV_2D                 65"), std::string::npos) << t.out;
}

TEST(CliErrors, MalformedModelsGiveOneLineAndExit2) {
  HB_REQUIRE_SHARED();
  const auto good = read(hb::test::shared_model(kResnet));
  const fs::path dir = temp_dir();
  std::vector<std::pair<std::string, std::vector<uint8_t>>> cases;
  cases.push_back({"empty.tflite", {}});
  cases.push_back(
      {"half.tflite", std::vector<uint8_t>(good.begin(), good.begin() + static_cast<long>(good.size() / 2))});
  cases.push_back({"head.tflite", std::vector<uint8_t>(good.begin(), good.begin() + 100)});
  std::mt19937 rng(7);
  std::vector<uint8_t> noise(5000);
  for (auto& b : noise) b = static_cast<uint8_t>(rng());
  cases.push_back({"noise.tflite", noise});
  for (auto& [name, bytes] : cases) {
    write(dir / name, bytes);
    auto r = hilbench({"model", "info", (dir / name).string()});
    EXPECT_EQ(r.exit_code, 2) << name << ": " << r.err;
    EXPECT_EQ(count_lines(r.err), 1) << r.err;
    EXPECT_NE(r.err.find(name), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty());
  }
  auto missing = hilbench({"infer", "--model", (dir / "nope.tflite").string(), "--input", "x.bin"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(count_lines(missing.err), 1);
  fs::remove_all(dir);
}

TEST(CliErrors, WrongInputSizeNamesFileAndSizes) {
  HB_REQUIRE_SHARED();
  const fs::path dir = temp_dir();
  write(dir / "short.bin", std::vector<uint8_t>(100, 1));
  auto r = hilbench({"infer", "--model", hb::test::shared_model(kResnet), "--input", (dir / "short.bin").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(count_lines(r.err), 1);
  EXPECT_NE(r.err.find("short.bin: input is 100 bytes"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("3072"), std::string::npos) << r.err;
  fs::remove_all(dir);
}

TEST(CliErrors, UnknownOptionAndCommand) {
  auto r = hilbench({"infer", "--modle", "x"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown option --modle"), std::string::npos);
  auto u = hilbench({"frobnicate"});
  EXPECT_EQ(u.exit_code, 2);
}

}  // namespace
