// Issue 10 on the sim board, with real signals and real processes: SIGTERM
// and SIGINT end `hilbench run` cleanly (no child left, row aborted, samples
// kept), --resume completes the run with every sample exactly once, and a
// board that dies (kill -9) or hangs (--hang-at) is recovered.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/cli_util.h"
#include "run/run_process.h"

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using hb::test::BackgroundRun;
using hb::test::sql;
using hb::test::sql_long;

namespace {

#define REQUIRE_SIM_JOB()                                                                       \
  do {                                                                                          \
    if (!hb::test::have_fashion_mnist()) GTEST_SKIP() << "dataset-fashion-mnist not installed"; \
    ASSERT_TRUE(hb::test::have_sim_fw());                                                       \
  } while (0)

std::string stored(long run) { return "FROM samples WHERE run_id = " + std::to_string(run); }

// The firmware processes hilbench started for its board.
std::vector<pid_t> board_children(pid_t hilbench) {
  std::vector<pid_t> v;
  for (pid_t c : hb::test::children_of(hilbench))
    if (hb::test::comm_of(c).starts_with("hb-fw") || hb::test::comm_of(c).starts_with("qemu")) v.push_back(c);
  return v;
}

// Starts `args`, waits until at least `min_samples` are stored, sends `sig`;
// checks the clean stop and returns the run id.
long interrupt_run(const hb::test::TempDir& tmp, const std::string& db, std::vector<std::string> args, int sig,
                   long min_samples, std::chrono::seconds startup) {
  BackgroundRun run(tmp, args);
  std::vector<pid_t> kids;
  EXPECT_TRUE(run.wait_for(
      [&] {
        for (pid_t k : board_children(run.pid()))
          if (std::find(kids.begin(), kids.end(), k) == kids.end()) kids.push_back(k);
        return sql_long(db, "SELECT count(*) FROM samples;") >= min_samples;
      },
      startup))
      << run.err();
  EXPECT_FALSE(kids.empty()) << "no board process seen under hilbench " << run.pid();
  const auto t0 = std::chrono::steady_clock::now();
  ::kill(run.pid(), sig);
  const int rc = run.wait(30s);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(rc, 128 + sig) << run.err();
  // Issue 10 asks for 2 s; the margin is for a loaded CI machine.
  EXPECT_LT(secs, 5.0) << "stopping took " << secs << " s";
  ::testing::Test::RecordProperty("stop_seconds", std::to_string(secs));
  for (pid_t k : kids) {
    EXPECT_FALSE(hb::test::process_alive(k)) << "board process " << k << " outlived hilbench";
    EXPECT_FALSE(hb::test::group_alive(k)) << "process group " << k << " outlived hilbench";
  }
  const std::string name = sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "SIGHUP";
  EXPECT_EQ(sql(db, "SELECT status || ' ' || error FROM runs;"), "aborted interrupted by " + name + "\n");
  const long id = sql_long(db, "SELECT id FROM runs;");
  // Verified samples are kept, each once.
  const long n = sql_long(db, "SELECT count(*) " + stored(id) + ";");
  EXPECT_GE(n, min_samples);
  EXPECT_EQ(sql_long(db, "SELECT count(DISTINCT idx) " + stored(id) + ";"), n);
  // The work folder (under TMPDIR) is gone.
  size_t left = 0;
  for (auto& e : fs::directory_iterator(tmp / "tmpdir"))
    left += e.path().filename().string().starts_with("hilbench-run");
  EXPECT_EQ(left, 0u);
  return id;
}

class RunLifecycle : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(tmp_ / "tmpdir");
    setenv("TMPDIR", (tmp_ / "tmpdir").c_str(), 1);  // inherited by hilbench: its work folders land here
  }
  void TearDown() override { unsetenv("TMPDIR"); }
  hb::test::TempDir tmp_;
};

TEST_F(RunLifecycle, SigtermOnSimAbortsCleanlyThenResumeCompletesEachSampleOnce) {
  REQUIRE_SIM_JOB();
  const std::string db = tmp_.file("runs.db");
  const long id = interrupt_run(tmp_, db, {"run", "--board", "sim", "--limit", "4000", "--db", db, "--no-progress"},
                                SIGTERM, 128, 120s);
  const long before = sql_long(db, "SELECT count(*) " + stored(id) + ";");
  ASSERT_LT(before, 4000);

  auto r = hb::test::hilbench({"run", "--resume", std::to_string(id), "--db", db, "--json"}, 300);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["run_id"], id);
  EXPECT_EQ(j["status"], "complete");
  EXPECT_EQ(j["images"], 4000);
  EXPECT_EQ(j["bit_exact"], 4000);
  EXPECT_EQ(sql_long(db, "SELECT count(*) FROM runs;"), 1);
  EXPECT_EQ(sql_long(db, "SELECT count(*) " + stored(id) + ";"), 4000);
  EXPECT_EQ(sql_long(db, "SELECT count(DISTINCT idx) " + stored(id) + ";"), 4000);
  EXPECT_EQ(sql_long(db, "SELECT max(idx) " + stored(id) + ";"), 3999);

  // A complete run cannot be resumed; nor one with other options.
  auto again = hb::test::hilbench({"run", "--resume", std::to_string(id), "--db", db});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("it is complete"), std::string::npos) << again.err;
}

TEST_F(RunLifecycle, SigintOnSimAbortsAndResumeRefusesADifferentSelection) {
  REQUIRE_SIM_JOB();
  const std::string db = tmp_.file("runs.db");
  const long id = interrupt_run(tmp_, db, {"run", "--board", "sim", "--limit", "4000", "--db", db, "--no-progress"},
                                SIGINT, 64, 120s);
  auto r = hb::test::hilbench({"run", "--resume", std::to_string(id), "--limit", "3000", "--db", db});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("selected samples differs"), std::string::npos) << r.err;
  auto p = hb::test::hilbench({"run", "--resume", std::to_string(id), "--rescale", "0.5", "--db", db});
  EXPECT_EQ(p.exit_code, 2) << p.err;
  EXPECT_NE(p.err.find("preprocessing differs"), std::string::npos) << p.err;
  EXPECT_EQ(sql(db, "SELECT status FROM runs;"), "aborted\n");  // refused resumes change nothing
}

TEST_F(RunLifecycle, KilledSimFirmwareIsRecoveredAndEverySampleIsBitExact) {
  REQUIRE_SIM_JOB();
  const std::string db = tmp_.file("runs.db");
  BackgroundRun run(tmp_, {"run", "--board", "sim", "--limit", "3000", "--db", db, "--json"});
  pid_t fw = 0;
  ASSERT_TRUE(run.wait_for(
      [&] {
        const auto k = board_children(run.pid());
        if (!k.empty()) fw = k.front();
        return fw && sql_long(db, "SELECT count(*) FROM samples;") >= 64;
      },
      120s))
      << run.err();
  ::kill(fw, SIGKILL);  // a board that hard-faults
  ASSERT_EQ(run.wait(300s), 0) << run.err();
  const auto j = nlohmann::json::parse(run.out());
  EXPECT_EQ(j["status"], "complete");
  EXPECT_EQ(j["images"], 3000);
  EXPECT_EQ(j["bit_exact"], 3000);
  ASSERT_EQ(j["recoveries"].size(), 1u) << j.dump();
  EXPECT_EQ(j["recoveries"][0]["attempt"], 1);
  EXPECT_EQ(j["recoveries"][0]["ok"], true);
  const std::string cause = j["recoveries"][0]["cause"];
  EXPECT_TRUE(cause == "process-died" || cause == "link-lost") << cause;
  const long id = j["run_id"];
  EXPECT_EQ(sql_long(db, "SELECT count(DISTINCT idx) " + stored(id) + ";"), 3000);
  EXPECT_EQ(sql_long(db, "SELECT count(*) FROM recoveries WHERE run_id = " + std::to_string(id) + ";"), 1);
  EXPECT_FALSE(hb::test::process_alive(fw));
  // `show` says so.
  auto show = hb::test::hilbench({"show", std::to_string(id), "--db", db});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("recoveries    1: sample "), std::string::npos) << show.out;
}

// A board descriptor for the sim firmware with extra firmware arguments.
std::string sim_board_with(const hb::test::TempDir& tmp, const std::string& name,
                           const std::vector<std::string>& args) {
  std::ifstream in(std::string(HB_SOURCE_DIR) + "/boards/sim.json");
  nlohmann::json j = nlohmann::json::parse(in);
  j["name"] = name;
  j["flash"]["args"] = args;
  const std::string path = tmp.file(name + ".json");
  std::ofstream(path) << j.dump(2);
  return path;
}

TEST_F(RunLifecycle, HungSimFirmwareTimesOutIsResetAndTheRunCompletes) {
  REQUIRE_SIM_JOB();
  const std::string db = tmp_.file("runs.db");
  // Inference 60 of the first process hangs; the restarted process serves
  // the remaining 40 samples (fewer than 60), so exactly one recovery.
  const std::string board = sim_board_with(tmp_, "sim-hang", {"--hang-at", "60"});
  auto r = hb::test::hilbench(
      {"run", "--board", board, "--limit", "100", "--timeout", "2", "--db", db, "--json", "--no-progress"}, 300);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["images"], 100);
  EXPECT_EQ(j["bit_exact"], 100);
  ASSERT_EQ(j["recoveries"].size(), 1u) << j.dump();
  EXPECT_EQ(j["recoveries"][0]["cause"], "timeout");
  EXPECT_EQ(j["recoveries"][0]["sample_idx"], 60);
  EXPECT_NE(r.err.find("timeout at sample 60: resetting it"), std::string::npos) << r.err;
}

TEST_F(RunLifecycle, ABoardThatKeepsHangingFailsAfterItsRetriesAsAnInfrastructureFailure) {
  REQUIRE_SIM_JOB();
  const std::string db = tmp_.file("runs.db");
  const std::string board = sim_board_with(tmp_, "sim-stuck", {"--hang-at", "0"});
  auto r = hb::test::hilbench(
      {"run", "--board", board, "--limit", "5", "--timeout", "1", "--retries", "1", "--db", db, "--no-progress"}, 300);
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("sample 0 failed 2 times (--retries 1)"), std::string::npos) << r.err;
  EXPECT_EQ(sql(db, "SELECT status FROM runs;"), "failed\n");
  EXPECT_EQ(sql_long(db, "SELECT count(*) FROM recoveries;"), 1);
}

}  // namespace
