// `hilbench flash` as a user types it: a real board without a probe is a
// one-line error from the real openocd; an emulated board starts and stops.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "board/descriptor.h"
#include "cli/cli_util.h"
#include "common/subprocess.h"

namespace {

using hb::test::count_lines;
using hb::test::hilbench;

const std::string kModel = std::string(HB_SOURCE_DIR) + "/models/mlperf-tiny/pretrainedResnet_quant.tflite";

TEST(CliFlash, RealBoardWithoutProbeIsOneLineExitTwo) {
  if (!hb::have_program("openocd")) GTEST_SKIP() << "openocd not installed";
  for (const char* board : {"h747", "f769", "u585"}) {
    const auto r = hilbench({"flash", "--board", board, "--model", kModel});
    EXPECT_EQ(r.exit_code, 2) << board << ": " << r.out << r.err;
    EXPECT_EQ(count_lines(r.err), 1) << r.err;
    const auto port = hb::board::find_board(board).port;
    if (std::filesystem::exists(std::string(HB_TEST_BIN_DIR) + "/target-fw/hb-fw-" + port + ".elf")) {
      EXPECT_NE(r.err.find(std::string("board ") + board + ": no debug probe found by OpenOCD"), std::string::npos)
          << r.err;
    } else {  // a build without the cross toolchain (HB_CROSS=OFF) says what is missing
      EXPECT_NE(r.err.find(std::string("board ") + board + ": firmware "), std::string::npos) << r.err;
      EXPECT_NE(r.err.find("hb-fw-" + port + ".elf not found"), std::string::npos) << r.err;
    }
  }
}

// `run` brings the board up the same way: no probe, no run row stored.
TEST(CliFlash, RunOnAnAbsentRealBoardFailsBeforeStoringARun) {
  if (!hb::have_program("openocd")) GTEST_SKIP() << "openocd not installed";
  const std::string db = (std::filesystem::temp_directory_path() / "hb-cli-flash-run.db").string();
  std::filesystem::remove(db);
  const auto r = hilbench({"run", "--board", "h747", "--limit", "2", "--db", db});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(count_lines(r.err), 1) << r.err;
  EXPECT_EQ(r.err.rfind("hilbench run: error: board h747: ", 0), 0u) << r.err;
  const auto runs = hilbench({"runs", "--json", "--db", db});
  ASSERT_EQ(runs.exit_code, 0) << runs.err;
  EXPECT_EQ(runs.out, "[]\n");  // the store exists, with no run in it
  std::filesystem::remove(db);
}

TEST(CliFlash, UnknownBoardAndMissingModelAreUsageErrors) {
  auto r = hilbench({"flash", "--board", "no-such-board"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no-such-board"), std::string::npos) << r.err;
  r = hilbench({"flash", "--board", "qemu-m7", "--model", "/nonexistent/m.tflite"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/nonexistent/m.tflite"), std::string::npos) << r.err;
}

TEST(CliFlash, EmulatedBoardStartsAndIsStoppedOnExit) {
  if (!hb::have_program("qemu-system-arm")) GTEST_SKIP() << "qemu-system-arm not installed";
  if (!std::filesystem::exists(std::string(HB_TEST_BIN_DIR) + "/target-fw/hb-fw-qemu-mps2-an500.elf"))
    GTEST_SKIP() << "QEMU firmware not built (HB_CROSS=OFF)";
  const auto r = hilbench({"flash", "--board", "qemu-m7", "--model", kModel});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("link: tcp 127.0.0.1:"), std::string::npos) << r.out;
  // The QEMU it started is gone with it (its pid is in the first line).
  const auto p = r.out.find("qemu pid ");
  ASSERT_NE(p, std::string::npos) << r.out;
  const int pid = std::stoi(r.out.substr(p + 9));
  std::ifstream cmdline("/proc/" + std::to_string(pid) + "/cmdline");
  std::string argv0;
  std::getline(cmdline, argv0, '\0');
  EXPECT_EQ(argv0.find("qemu"), std::string::npos) << "qemu pid " << pid << " still running";
}

}  // namespace
