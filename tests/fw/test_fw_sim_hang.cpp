// The sim firmware's test switch `--hang-at K` (a board stuck inside an
// inference): the K-th inference since start never answers, the host's
// inference timeout fires on exactly that sample, and the firmware process
// still ends with the run.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "board/board_test_env.h"
#include "cli/cli_util.h"
#include "common/error.h"
#include "temp_dir.h"

namespace {

// Processes whose command line holds `needle` (from /proc, no procps needed).
int processes_with(const std::string& needle) {
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator("/proc")) {
    std::ifstream f(e.path() / "cmdline");
    std::stringstream s;
    s << f.rdbuf();
    std::string cmd = s.str();
    for (char& c : cmd) c = c ? c : ' ';
    n += cmd.find(needle) != std::string::npos;
  }
  return n;
}

TEST(FwSimHang, HangAtKStopsAnsweringOnSampleK) {
  if (!std::filesystem::exists(std::string(HB_TEST_BIN_DIR) + "/target-fw/hb-fw-sim")) GTEST_SKIP() << "no hb-fw-sim";
  hb::test::TempDir tmp;
  hb::test::write_boards(
      tmp / "boards",
      {{"simh", {{"flash", {{"method", "exec"}, {"program", "hb-fw-sim"}, {"args", {"--hang-at", "2"}}}}}}});
  hb::test::ScopedEnv boards{"HILBENCH_BOARDS", tmp.file("boards")};
  const std::string root = HB_SOURCE_DIR;
  const auto r = hb::test::hilbench(
      {"run", "--board", "simh", "--model", root + "/models/mlperf-tiny/pretrainedResnet_quant.tflite", "--dataset",
       root + "/models/mlperf-tiny/samples", "--db", tmp.file("r.db"), "--no-progress", "--timeout", "3", "--retries",
       "0"},
      120);
  // --retries 0: no recovery, so the hang ends the run as an infrastructure
  // failure (tests/run covers the recovery that the default allows).
  EXPECT_EQ(r.exit_code, hb::kExitInfra) << r.err;
  EXPECT_NE(r.err.find("no result within 3 s"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("while sample 2 was in flight"), std::string::npos) << r.err;
  // No firmware process of this board outlives the run.
  EXPECT_EQ(processes_with("--board-id simh "), 0);
}

}  // namespace
