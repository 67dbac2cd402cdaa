// Two `hilbench run`s on one exclusive board, as real processes: the second
// is refused (--lock-wait 0) naming the holder, or waits and starts after the
// holder ends; a holder killed with SIGKILL leaves no lock behind. The holder
// is held still with SIGSTOP once it has the lock, so nothing depends on how
// fast the machine is.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "board/lock.h"
#include "board_test_env.h"
#include "cli/cli_util.h"
#include "common/subprocess.h"
#include "temp_dir.h"

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

std::string read_text(const std::string& path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

std::string sqlite(const std::string& db, const std::string& sql) {
  auto r = hb::run_command({"sqlite3", db, sql}, 20s);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out;
}

class BoardLockRuns : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(std::string(HB_TEST_BIN_DIR) + "/target-fw/hb-fw-sim")) GTEST_SKIP() << "hb-fw-sim not built";
    hb::test::write_boards(tmp / "boards", {{"simx", {{"exclusive", true}}}});
  }
  std::vector<std::string> run_args(const std::string& wait) const {
    const std::string root = HB_SOURCE_DIR;
    return {HB_HILBENCH_EXE,
            "run",
            "--board",
            "simx",
            "--model",
            root + "/models/mlperf-tiny/pretrainedResnet_quant.tflite",
            "--dataset",
            root + "/models/mlperf-tiny/samples",
            "--db",
            db,
            "--no-progress",
            "--lock-wait",
            wait};
  }
  // Starts a holder run and stops it (SIGSTOP) as soon as the lock names it.
  std::unique_ptr<hb::Process> stopped_holder(const std::string& tag) {
    auto p = std::make_unique<hb::Process>(run_args("0"), tmp.file(tag + ".out"), tmp.file(tag + ".err"));
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (std::chrono::steady_clock::now() < deadline) {
      const auto h = hb::board::current_holder("simx");
      if (h && h->pid == p->pid()) {
        kill(p->pid(), SIGSTOP);
        return p;
      }
      if (!p->running()) break;
      std::this_thread::sleep_for(2ms);
    }
    ADD_FAILURE() << "holder never took the lock: " << read_text(tmp.file(tag + ".err"));
    return p;
  }

  hb::test::TempDir tmp;
  hb::test::ScopedEnv locks{"HILBENCH_LOCK_DIR", tmp.file("locks")};
  hb::test::ScopedEnv boards{"HILBENCH_BOARDS", tmp.file("boards")};
  std::string db = tmp.file("runs.db");
};

TEST_F(BoardLockRuns, NoWaitIsRefusedNamingTheHolderThenAWaiterStartsAfterIt) {
  auto holder = stopped_holder("holder");
  ASSERT_TRUE(holder->running());
  const std::string holder_pid = "pid " + std::to_string(holder->pid());

  // Refused at once, exit 2, naming the lock file and the holder; no run row.
  auto args = run_args("0");
  args.erase(args.begin());
  const auto refused = hb::test::hilbench(args, 60);
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("board simx is locked"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find(tmp.file("locks") + "/simx.lock"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find(holder_pid), std::string::npos) << refused.err;
  // `hilbench flash` honours the same lock.
  const auto flash = hb::test::hilbench({"flash", "--board", "simx", "--lock-wait", "0"}, 60);
  EXPECT_EQ(flash.exit_code, 2) << flash.err;
  EXPECT_NE(flash.err.find(holder_pid), std::string::npos) << flash.err;
  // `hilbench boards` says who holds it.
  const auto list = hb::test::hilbench({"boards", "--json", "--db", db}, 60);
  ASSERT_EQ(list.exit_code, 0) << list.err;
  bool seen = false;
  for (const auto& b : nlohmann::json::parse(list.out))
    if (b["name"] == "simx") {
      seen = true;
      ASSERT_TRUE(b["holder"].is_object()) << b.dump();
      EXPECT_EQ(b["holder"]["pid"], holder->pid());
      EXPECT_EQ(b["holder"]["command"], "run");
    }
  EXPECT_TRUE(seen);

  // A waiting run: still waiting while the holder is stopped, then runs.
  hb::Process waiter(run_args("240"), tmp.file("waiter.out"), tmp.file("waiter.err"));
  std::this_thread::sleep_for(1500ms);
  EXPECT_TRUE(waiter.running()) << read_text(tmp.file("waiter.err"));
  EXPECT_NE(read_text(tmp.file("waiter.err")).find("waiting up to 240 s for"), std::string::npos)
      << read_text(tmp.file("waiter.err"));
  kill(holder->pid(), SIGCONT);
  for (auto* p : {holder.get(), &waiter}) {
    const auto deadline = std::chrono::steady_clock::now() + 180s;
    while (p->running() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(50ms);
    ASSERT_FALSE(p->running());
  }
  EXPECT_EQ(holder->exit_code(), 0) << read_text(tmp.file("holder.err"));
  EXPECT_EQ(waiter.exit_code(), 0) << read_text(tmp.file("waiter.err"));
  // Two complete runs, the waiter's begun after the holder's finished.
  EXPECT_EQ(sqlite(db, "SELECT count(*) FROM runs WHERE status = 'complete';"), "2\n");
  EXPECT_EQ(
      sqlite(db, "SELECT (SELECT started_at FROM runs WHERE id = 2) >= (SELECT finished_at FROM runs WHERE id = 1);"),
      "1\n");
  // Each run's flash and connect were recorded against it.
  EXPECT_EQ(sqlite(db, "SELECT run_id, kind, outcome FROM board_events WHERE instance = 'simx' ORDER BY id;"),
            "1|flash|ok\n1|connect|ok\n2|flash|ok\n2|connect|ok\n");
  EXPECT_FALSE(hb::board::current_holder("simx"));
}

TEST_F(BoardLockRuns, KernelReleasesTheLockOfAKilledHolder) {
  auto holder = stopped_holder("holder");
  ASSERT_TRUE(holder->running());
  // The sim firmware the holder started would outlive it: end it ourselves.
  std::vector<pid_t> children;
  {
    std::ifstream f("/proc/" + std::to_string(holder->pid()) + "/task/" + std::to_string(holder->pid()) + "/children");
    for (pid_t c; f >> c;) children.push_back(c);
  }
  kill(holder->pid(), SIGKILL);
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (holder->running() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(10ms);
  ASSERT_FALSE(holder->running());
  for (pid_t c : children) kill(c, SIGTERM);
  EXPECT_FALSE(hb::board::current_holder("simx")) << "the kernel dropped the dead holder's flock";
  auto args = run_args("0");
  args.erase(args.begin());
  const auto next = hb::test::hilbench(args, 180);
  EXPECT_EQ(next.exit_code, 0) << next.err;
}

}  // namespace

namespace {

// A lab of two instances of one kind: with one held, `--board KIND` takes the
// other, and `boards --lab` shows both with the holder of the first.
TEST_F(BoardLockRuns, KindInALabTakesTheFreeInstance) {
  const std::string lab = tmp.file("lab.json");
  std::ofstream(lab) << nlohmann::json{{"instances",
                                        {{{"name", "simx-1"}, {"board", "simx"}},
                                         {{"name", "simx-2"}, {"board", "simx"}}}}}
                            .dump();
  auto held = hb::board::BoardLock::try_acquire("simx-1", "run");
  ASSERT_TRUE(held);
  auto args = run_args("0");
  args.erase(args.begin());
  args.insert(args.end(), {"--lab", lab});
  const auto r = hb::test::hilbench(args, 180);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(sqlite(db, "SELECT json_extract(config, '$.instance') FROM runs;"), "simx-2\n");
  EXPECT_EQ(sqlite(db, "SELECT DISTINCT instance FROM board_events;"), "simx-2\n");

  const auto list = hb::test::hilbench({"boards", "--json", "--lab", lab, "--db", db}, 60);
  ASSERT_EQ(list.exit_code, 0) << list.err;
  int instances = 0;
  for (const auto& b : nlohmann::json::parse(list.out)) {
    if (!b.value("instance", false)) continue;
    ++instances;
    EXPECT_EQ(b["board"], "simx");
    if (b["name"] == "simx-1") {
      ASSERT_TRUE(b["holder"].is_object()) << b.dump();
      EXPECT_EQ(b["holder"]["pid"], getpid());
    } else {
      EXPECT_TRUE(b["holder"].is_null()) << b.dump();
      EXPECT_NE(b["health"].get<std::string>().find("0 of last 1 attempts failed"), std::string::npos) << b.dump();
    }
  }
  EXPECT_EQ(instances, 2);
  // Both held: refused, naming both locks.
  auto other = hb::board::BoardLock::try_acquire("simx-2", "run");
  const auto refused = hb::test::hilbench(args, 60);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("every instance is locked"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("simx-2.lock held by pid " + std::to_string(getpid())), std::string::npos) << refused.err;
}

}  // namespace
