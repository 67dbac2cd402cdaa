// Issue 10 on the QEMU boards: two boards run at once (their runs overlap in
// time and both complete), and SIGTERM to a run on qemu-m7 ends QEMU, marks
// the run aborted and keeps its samples; --resume then completes it.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/cli_util.h"
#include "run/run_process.h"

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using hb::test::sql;
using hb::test::sql_long;

namespace {

#define REQUIRE_QEMU_JOB()                                                                        \
  do {                                                                                            \
    if (!hb::test::have_fashion_mnist()) GTEST_SKIP() << "dataset-fashion-mnist not installed";   \
    if (!hb::have_program("qemu-system-arm")) GTEST_SKIP() << "qemu-system-arm not installed";    \
    if (!hb::test::have_qemu_fw("qemu-mps2-an500") || !hb::test::have_qemu_fw("qemu-mps2-an505")) \
      GTEST_SKIP() << "QEMU firmware not built (configure with HB_CROSS=ON)";                     \
  } while (0)

TEST(ParallelBoards, QemuM7AndM33RunAtTheSameTimeAndBothComplete) {
  REQUIRE_QEMU_JOB();
  hb::test::TempDir tmp;
  const std::string db = tmp.file("runs.db");
  auto r = hb::test::hilbench(
      {"run", "--board", "qemu-m7,qemu-m33", "--limit", "40", "--db", db, "--json", "--no-progress"}, 600);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_TRUE(j.is_array());
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["board"], "qemu-m7");
  EXPECT_EQ(j[1]["board"], "qemu-m33");
  for (const auto& s : j) {
    EXPECT_EQ(s["status"], "complete");
    EXPECT_EQ(s["images"], 40);
    EXPECT_EQ(s["bit_exact"], 40);
  }
  // Overlap: each started before the other finished (ISO-8601 UTC strings
  // with milliseconds compare as times).
  const std::string s0 = j[0]["started_at"], f0 = j[0]["finished_at"];
  const std::string s1 = j[1]["started_at"], f1 = j[1]["finished_at"];
  EXPECT_LT(s0, f1);
  EXPECT_LT(s1, f0);
  EXPECT_EQ(sql_long(db, "SELECT count(*) FROM runs WHERE status = 'complete';"), 2);
}

TEST(ParallelBoards, AFailingBoardDoesNotStopTheOthersAndTheTableListsEveryBoard) {
  if (!hb::test::have_fashion_mnist()) GTEST_SKIP() << "dataset-fashion-mnist not installed";
  ASSERT_TRUE(hb::test::have_sim_fw());
  hb::test::TempDir tmp;
  const std::string db = tmp.file("runs.db");
  // A board whose firmware is missing fails at bring-up; sim runs anyway.
  nlohmann::json bad = nlohmann::json::parse(std::ifstream(std::string(HB_SOURCE_DIR) + "/boards/sim.json"));
  bad["name"] = "sim-nofw";
  bad["flash"]["program"] = "/nonexistent/hb-fw-sim";
  std::ofstream(tmp.file("sim-nofw.json")) << bad.dump();
  auto r = hb::test::hilbench(
      {"run", "--board", tmp.file("sim-nofw.json") + ",sim", "--limit", "20", "--db", db, "--no-progress"}, 300);
  EXPECT_EQ(r.exit_code, 2) << r.err;  // the worst: an environment error
  EXPECT_NE(r.err.find("board sim-nofw: board sim-nofw: firmware /nonexistent/hb-fw-sim not found"), std::string::npos)
      << r.err;
  const size_t table = r.out.find("board         images");
  ASSERT_NE(table, std::string::npos) << r.out;
  EXPECT_NE(r.out.find("sim-nofw           -  not started", table), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nsim               20", table), std::string::npos) << r.out;
  EXPECT_EQ(sql(db, "SELECT status FROM runs;"), "complete\n");
}

TEST(ParallelBoards, SigtermOnQemuM7EndsQemuKeepsSamplesAndResumeCompletes) {
  REQUIRE_QEMU_JOB();
  hb::test::TempDir tmp;
  fs::create_directories(tmp / "tmpdir");
  const std::string db = tmp.file("runs.db");
  setenv("TMPDIR", (tmp / "tmpdir").c_str(), 1);  // hilbench's work folder lands here
  hb::test::BackgroundRun run(tmp, {"run", "--board", "qemu-m7", "--limit", "400", "--db", db, "--no-progress"});
  unsetenv("TMPDIR");
  std::vector<pid_t> kids;
  ASSERT_TRUE(run.wait_for(
      [&] {
        for (pid_t c : hb::test::children_of(run.pid()))
          if (hb::test::comm_of(c).starts_with("qemu") && std::find(kids.begin(), kids.end(), c) == kids.end())
            kids.push_back(c);
        return sql_long(db, "SELECT count(*) FROM samples;") >= 64;
      },
      300s))
      << run.err();
  ASSERT_FALSE(kids.empty());
  const auto t0 = std::chrono::steady_clock::now();
  ::kill(run.pid(), SIGTERM);
  EXPECT_EQ(run.wait(30s), 143) << run.err();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(secs, 5.0) << "stopping took " << secs << " s";
  for (pid_t k : kids) {
    EXPECT_FALSE(hb::test::process_alive(k)) << "qemu " << k << " outlived hilbench";
    EXPECT_FALSE(hb::test::group_alive(k));
  }
  EXPECT_EQ(sql(db, "SELECT status || ' ' || error FROM runs;"), "aborted interrupted by SIGTERM\n");
  const long id = sql_long(db, "SELECT id FROM runs;");
  const long kept = sql_long(db, "SELECT count(*) FROM samples;");
  EXPECT_GE(kept, 64);
  EXPECT_LT(kept, 400);
  EXPECT_TRUE(fs::is_empty(tmp / "tmpdir")) << "work folder left behind";

  auto r = hb::test::hilbench({"run", "--resume", std::to_string(id), "--db", db, "--json"}, 600);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["status"], "complete");
  EXPECT_EQ(j["images"], 400);
  EXPECT_EQ(j["bit_exact"], 400);
  EXPECT_EQ(sql_long(db, "SELECT count(DISTINCT idx) FROM samples WHERE run_id = " + std::to_string(id) + ";"), 400);
  EXPECT_EQ(sql_long(db, "SELECT count(*) FROM samples WHERE run_id = " + std::to_string(id) + ";"), 400);
}

}  // namespace
