// `hilbench run` on the sim board end to end: the real binary, the real
// hb-fw-sim firmware on a real pty, a real SQLite file read back with the
// sqlite3 CLI.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>

#include "cli/cli_util.h"
#include "data/data_test_util.h"
#include "test_paths.h"

namespace fs = std::filesystem;
using hb::test::hilbench;

namespace {

const char* kResnet = "pretrainedResnet_quant.tflite";

bool have_sim() { return fs::exists(std::string(HB_TEST_BIN_DIR) + "/target-fw/hb-fw-sim"); }

std::string sqlite(const std::string& db, const std::string& sql) {
  auto r = hb::run_command({"sqlite3", db, sql}, std::chrono::seconds(20));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out;
}

TEST(SimRun, ResNet8RawTensorsBitExactAndStored) {
  HB_REQUIRE_SHARED();
  ASSERT_TRUE(have_sim());
  hb::test::TempDir tmp;
  const fs::path data = tmp / "inputs";
  fs::create_directories(data);
  for (auto& e : fs::directory_iterator(hb::test::shared_dir() / "golden" / "pretrainedResnet_quant"))
    if (e.path().extension() == ".bin") fs::copy(e.path(), data / e.path().filename());
  const std::string db = (tmp / "runs.db").string();
  auto r = hilbench({"run", "--board", "sim", "--model", hb::test::shared_model(kResnet), "--dataset", data.string(),
                     "--db", db, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["board"], "sim");
  EXPECT_EQ(j["images"], 9);
  EXPECT_EQ(j["bit_exact"], 9);
  EXPECT_TRUE(j["top1_device"].is_null());  // raw tensors without labels
  EXPECT_EQ(j["timer_source"], "clock");
  EXPECT_EQ(j["time_unit"], "ns");
  EXPECT_GT(j["time_median"].get<double>(), 0);
  EXPECT_GE(j["time_p90"].get<double>(), j["time_median"].get<double>());
  EXPECT_GT(j["images_per_s"].get<double>(), 0);
  EXPECT_GT(j["wire_bytes"].get<int64_t>(), 9 * 3072);  // every input crossed the wire
  const int64_t id = j["run_id"].get<int64_t>();

  // The sqlite3 CLI reads what we stored.
  EXPECT_EQ(sqlite(db, "SELECT status FROM runs WHERE id = " + std::to_string(id) + ";"), "complete\n");
  EXPECT_EQ(sqlite(db, "SELECT count(*) FROM samples WHERE run_id = " + std::to_string(id) + ";"), "9\n");

  // `show` and `runs` read it back.
  auto show = hilbench({"show", std::to_string(id), "--db", db, "--json"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_EQ(nlohmann::json::parse(show.out)["bit_exact"], 9);
  auto runs = hilbench({"runs", "--db", db});
  ASSERT_EQ(runs.exit_code, 0) << runs.err;
  EXPECT_NE(runs.out.find("pretrainedResnet_quant"), std::string::npos);
}

TEST(SimRun, ImageFolderWithLabelsScoresTop1) {
  HB_REQUIRE_SHARED();
  ASSERT_TRUE(have_sim());
  hb::test::TempDir tmp;
  std::mt19937 rng(3);
  const char* classes[] = {"airplane", "automobile", "bird"};
  for (int c = 0; c < 3; ++c)
    for (int k = 0; k < 4; ++k) {
      std::vector<uint8_t> px(40 * 48 * 3);
      for (auto& p : px) p = static_cast<uint8_t>(rng());
      hb::test::write_png8(tmp / ("imgs/" + std::string(classes[c]) + "/" + std::to_string(k) + ".png"), 48, 40, 3, px);
    }
  const std::string db = (tmp / "runs.db").string();
  auto r = hilbench({"run", "--board", "sim", "--model", hb::test::shared_model(kResnet), "--dataset",
                     (tmp / "imgs").string(), "--db", db, "--json", "--resize", "nearest", "--aspect", "crop"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["images"], 12);
  EXPECT_EQ(j["labelled"], 12);
  EXPECT_EQ(j["bit_exact"], 12);
  ASSERT_FALSE(j["top1_device"].is_null());
  EXPECT_EQ(j["top1_device"], j["top1_host"]);  // bit-exact outputs give the same predictions
  // Labels as stored: class index by sorted folder name.
  EXPECT_EQ(sqlite(db, "SELECT count(*) FROM samples WHERE label = 2;"), "4\n");
}

TEST(SimRun, LimitPicksAnEvenSubset) {
  HB_REQUIRE_SHARED();
  ASSERT_TRUE(have_sim());
  hb::test::TempDir tmp;
  for (auto& e : fs::directory_iterator(hb::test::shared_dir() / "golden" / "pretrainedResnet_quant"))
    if (e.path().extension() == ".bin") fs::copy(e.path(), tmp.path() / e.path().filename());
  auto r = hilbench({"run", "--model", hb::test::shared_model(kResnet), "--dataset", tmp.str(), "--db",
                     (tmp / "x.db").string(), "--limit", "3", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["images"], 3);
}

TEST(SimRun, BadInputsFailCleanlyWithoutStoringARun) {
  HB_REQUIRE_SHARED();
  hb::test::TempDir tmp;
  const std::string db = (tmp / "runs.db").string();
  // A dataset path that does not exist.
  auto r =
      hilbench({"run", "--model", hb::test::shared_model(kResnet), "--dataset", (tmp / "nope").string(), "--db", db});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(hb::test::count_lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("nope"), std::string::npos) << r.err;
  // Raw tensors of the wrong size.
  hb::test::write_bytes(tmp / "bad/a.bin", std::vector<uint8_t>(100, 0));
  auto w =
      hilbench({"run", "--model", hb::test::shared_model(kResnet), "--dataset", (tmp / "bad").string(), "--db", db});
  EXPECT_EQ(w.exit_code, 2) << w.err;
  EXPECT_NE(w.err.find("a.bin"), std::string::npos) << w.err;
  // An unknown board.
  auto b = hilbench({"run", "--board", "nosuch", "--model", hb::test::shared_model(kResnet), "--dataset",
                     (tmp / "bad").string(), "--db", db});
  EXPECT_EQ(b.exit_code, 2);
  EXPECT_NE(b.err.find("unknown board 'nosuch'"), std::string::npos) << b.err;
  // Nothing half-written: no run is left 'running' or 'complete'.
  if (fs::exists(db)) {
    EXPECT_EQ(sqlite(db, "SELECT count(*) FROM runs WHERE status IN ('running','complete');"), "0\n");
  }
}

}  // namespace

namespace {

// The README's first command: `hilbench run` with no model, dataset or board
// (here limited to 40 images to keep the suite fast): every default board,
// each run bit-exact.
TEST(SimRun, DefaultJobRunsOnEveryDefaultBoard) {
  ASSERT_TRUE(have_sim());
  hb::test::TempDir tmp;
  auto r = hb::run_command({HB_HILBENCH_EXE, "run", "--limit", "40", "--json", "--db", (tmp / "d.db").string()},
                           std::chrono::seconds(600));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  if (!j.is_array()) j = nlohmann::json::array({j});
  std::vector<std::string> boards;
  for (const auto& s : j) {
    boards.push_back(s["board"]);
    EXPECT_EQ(s["images"], 40) << s.dump();
    EXPECT_EQ(s["labelled"], 40) << s.dump();
    EXPECT_EQ(s["bit_exact"], s["images"]) << s.dump();
    EXPECT_GT(s["top1_device"].get<double>(), 0.5) << s.dump();  // a trained model, not chance (10 %)
    EXPECT_EQ(s["top1_device"], s["top1_host"]) << s.dump();
  }
  ASSERT_FALSE(boards.empty());
  EXPECT_EQ(boards[0], "sim");
  const bool qemu_fw = std::filesystem::exists(std::string(HB_TEST_BIN_DIR) + "/target-fw/hb-fw-qemu-mps2-an500.elf");
  if (hb::have_program("qemu-system-arm") && qemu_fw) {
    EXPECT_EQ(boards, (std::vector<std::string>{"sim", "qemu-m7", "qemu-m33"}));
  }
  // As people read it: a summary per board, then one line per board.
  auto text =
      hb::run_command({HB_HILBENCH_EXE, "run", "--limit", "10", "--no-progress", "--db", (tmp / "d.db").string()},
                      std::chrono::seconds(600));
  ASSERT_EQ(text.exit_code, 0) << text.err;
  if (boards.size() > 1) {
    const size_t table = text.out.find("board         images  top-1 device  top-1 host     bit-exact");
    ASSERT_NE(table, std::string::npos) << text.out;
    for (const auto& b : boards)
      EXPECT_NE(text.out.find("\n" + b + std::string(12 - b.size() + 1, ' ') + "     10", table), std::string::npos)
          << b << "\n"
          << text.out;
  }
}

}  // namespace
