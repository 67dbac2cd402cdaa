// Board locks in one process: flock conflicts between two open files of the
// same lock even within a process, so the rules can be checked here; the
// cross-process behaviour (waiting, kill -9) is in test_board_lock_runs.cpp.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <fstream>

#include "board/lock.h"
#include "board_test_env.h"
#include "common/error.h"
#include "temp_dir.h"

namespace {

using namespace std::chrono_literals;
using hb::board::BoardLock;

class BoardLockTest : public ::testing::Test {
 protected:
  hb::test::TempDir tmp;
  hb::test::ScopedEnv env{"HILBENCH_LOCK_DIR", tmp.str()};
};

TEST_F(BoardLockTest, SecondHolderIsRefusedUntilTheFirstReleases) {
  auto a = BoardLock::try_acquire("h747-a", "run");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->path(), tmp.file("h747-a.lock"));
  EXPECT_FALSE(BoardLock::try_acquire("h747-a", "run"));
  EXPECT_TRUE(BoardLock::try_acquire("h747-b", "run")) << "another instance is another lock";
  a.reset();
  EXPECT_TRUE(BoardLock::try_acquire("h747-a", "run"));
}

TEST_F(BoardLockTest, HolderRecordNamesPidHostRunAndTime) {
  auto a = BoardLock::try_acquire("u585", "flash");
  ASSERT_TRUE(a);
  auto h = hb::board::current_holder("u585");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->pid, getpid());
  EXPECT_FALSE(h->host.empty());
  EXPECT_FALSE(h->run_id);
  EXPECT_EQ(h->command, "flash");
  EXPECT_EQ(h->since.size(), 20u) << h->since;  // 2026-01-01T00:00:00Z
  a->set_run_id(42);
  h = hb::board::current_holder("u585");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->run_id, 42);
  EXPECT_NE(hb::board::describe(*h).find("run 42"), std::string::npos) << hb::board::describe(*h);
  a.reset();
  EXPECT_FALSE(hb::board::current_holder("u585")) << "a released lock has no holder";
  EXPECT_TRUE(std::filesystem::exists(tmp.file("u585.lock"))) << "the lock file is never removed";
}

TEST_F(BoardLockTest, NoWaitIsRefusedNamingTheLockAndItsHolder) {
  auto a = BoardLock::try_acquire("f769", "run");
  ASSERT_TRUE(a);
  try {
    hb::board::acquire_any({"f769"}, "run", 0s);
    FAIL() << "expected a refusal";
  } catch (const hb::Error& e) {
    const std::string m = e.what();
    EXPECT_EQ(e.exit_code(), hb::kExitUsage);
    EXPECT_NE(m.find("board f769 is locked"), std::string::npos) << m;
    EXPECT_NE(m.find(tmp.file("f769.lock")), std::string::npos) << m;
    EXPECT_NE(m.find("pid " + std::to_string(getpid())), std::string::npos) << m;
  }
}

TEST_F(BoardLockTest, WaitGivesUpAfterTheDeadlineAndTellsOnce) {
  auto a = BoardLock::try_acquire("f769", "run");
  int told = 0;
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_THROW(hb::board::acquire_any({"f769"}, "run", 1s, [&](const std::string&) { ++told; }), hb::Error);
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 1s);
  EXPECT_EQ(told, 1);
}

TEST_F(BoardLockTest, AnyTakesTheFirstFreeInstance) {
  auto a = BoardLock::try_acquire("h747-a", "run");
  auto got = hb::board::acquire_any({"h747-a", "h747-b"}, "run", 0s);
  EXPECT_EQ(got.index, 1u);
  EXPECT_EQ(got.lock.instance(), "h747-b");
  EXPECT_TRUE(got.lock.held());
}

TEST_F(BoardLockTest, BadLockDirIsAnError) {
  hb::test::ScopedEnv bad{"HILBENCH_LOCK_DIR", "/proc/hilbench-no-such"};
  try {
    BoardLock::try_acquire("x", "run");
    FAIL();
  } catch (const hb::Error& e) {
    EXPECT_NE(std::string(e.what()).find("/proc/hilbench-no-such: $HILBENCH_LOCK_DIR is not a writable folder"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
