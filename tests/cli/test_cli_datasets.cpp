// `hilbench run` refuses a dataset with unreadable files before any board is
// touched, runs the rest with --skip-unreadable (and `show` lists what was
// skipped), and runs MLPerf Tiny folders as they are: the real binary, the
// real sim firmware on a pty, the bundled MLPerf Tiny ResNet-8.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "cli/cli_util.h"
#include "data/data_test_util.h"
#include "test_paths.h"

namespace fs = std::filesystem;
using hb::test::hilbench;

namespace hb::test {
void write_folder_with_bad_files(const fs::path& root);  // tests/data/test_dataset_checks.cpp
}

namespace {

const std::string kResnet = std::string(HB_SOURCE_DIR) + "/models/mlperf-tiny/pretrainedResnet_quant.tflite";

bool have_sim() { return fs::exists(std::string(HB_TEST_BIN_DIR) + "/target-fw/hb-fw-sim"); }

TEST(CliDatasets, UnreadableFilesAreListedBeforeAnyBoardIsTouched) {
  hb::test::TempDir tmp;
  hb::test::write_folder_with_bad_files(tmp / "ds");
  const fs::path work = tmp / "work";
  fs::create_directories(work);
  const std::string db = (tmp / "runs.db").string();
  auto r = hilbench({"run", "--board", "sim", "--model", kResnet, "--dataset", (tmp / "ds").string(), "--db", db,
                     "--work-dir", work.string()});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("2 of 8 samples cannot be read"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("\n  cat/cut.jpg: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("\n  dog/junk.png: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--skip-unreadable"), std::string::npos) << r.err;
  // Nothing flashed (the sim flasher writes its plan into the work folder), nothing stored.
  EXPECT_TRUE(fs::is_empty(work));
  EXPECT_FALSE(fs::exists(db));
}

TEST(CliDatasets, SkipUnreadableRunsTheRestAndShowListsTheSkipped) {
  ASSERT_TRUE(have_sim());
  hb::test::TempDir tmp;
  hb::test::write_folder_with_bad_files(tmp / "ds");
  const std::string db = (tmp / "runs.db").string();
  auto r = hilbench({"run", "--board", "sim", "--model", kResnet, "--dataset", (tmp / "ds").string(), "--db", db,
                     "--skip-unreadable", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("skipping 2 unreadable sample(s)"), std::string::npos) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["images"], 6);
  EXPECT_EQ(j["bit_exact"], 6);

  auto show = hilbench({"show", "last", "--db", db});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("skipped (unreadable): 2 dataset file(s)"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("  cat/cut.jpg: "), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("  dog/junk.png: "), std::string::npos) << show.out;
  auto sj = hilbench({"show", "last", "--db", db, "--json"});
  const auto s = nlohmann::json::parse(sj.out);
  ASSERT_EQ(s["skipped_unreadable"].size(), 2u);
  EXPECT_EQ(s["skipped_unreadable"][1]["file"], "dog/junk.png");
  EXPECT_FALSE(s["skipped_unreadable"][1]["reason"].get<std::string>().empty());
}

TEST(CliDatasets, MlperfTinyIc01FolderRunsAsItIs) {
  ASSERT_TRUE(have_sim());
  hb::test::TempDir tmp;
  const fs::path d = tmp / "ic01";
  std::mt19937 rng(11);
  std::string csv;
  for (int k = 0; k < 6; ++k) {
    std::vector<uint8_t> b(32 * 32 * 3);
    for (auto& v : b) v = static_cast<uint8_t>(rng());
    const std::string name = "emu_s_" + std::to_string(1000 + k) + ".bin";
    hb::test::write_bytes(d / name, b);
    csv += name + ", 10, " + std::to_string(k) + "\n";
  }
  std::ofstream(d / "y_labels.csv") << csv;
  auto r = hilbench({"run", "--board", "sim", "--model", kResnet, "--dataset", d.string(), "--db",
                     (tmp / "runs.db").string(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["images"], 6);
  EXPECT_EQ(j["labelled"], 6);
  EXPECT_EQ(j["bit_exact"], 6);
  EXPECT_FALSE(j["top1_device"].is_null());
}

// kws01 (int8 MFCC, sent as it is) and vww01 (96x96 RGB) folders on the
// MLPerf Tiny reference models from ../shared.
TEST(CliDatasets, MlperfTinyKws01AndVww01FoldersRunOnTheirModels) {
  HB_REQUIRE_SHARED();
  ASSERT_TRUE(have_sim());
  struct Case {
    const char* model;
    size_t bytes;
    int classes;
  };
  for (const Case& c : {Case{"kws_ref_model.tflite", 490, 12}, Case{"vww_96_int8.tflite", 96 * 96 * 3, 2}}) {
    const std::string model = hb::test::shared_model(c.model);
    if (model.empty()) GTEST_SKIP() << c.model << " not in ../shared";
    hb::test::TempDir tmp;
    std::mt19937 rng(13);
    std::string csv;
    for (int k = 0; k < 3; ++k) {
      std::vector<uint8_t> b(c.bytes);
      for (auto& v : b) v = static_cast<uint8_t>(rng());
      const std::string name = "s" + std::to_string(k) + ".bin";
      hb::test::write_bytes(tmp / "d" / name, b);
      csv += name + ", " + std::to_string(c.classes) + ", " + std::to_string(k % c.classes) + "\n";
    }
    std::ofstream(tmp / "d" / "y_labels.csv") << csv;
    auto r = hilbench({"run", "--board", "sim", "--model", model, "--dataset", (tmp / "d").string(), "--db",
                       (tmp / "runs.db").string(), "--json"});
    ASSERT_EQ(r.exit_code, 0) << c.model << ": " << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["images"], 3) << c.model;
    EXPECT_EQ(j["labelled"], 3) << c.model;
    EXPECT_EQ(j["bit_exact"], 3) << c.model;
  }
}

}  // namespace
