// Runs left 'running' by a process that died are recognised and marked
// 'aborted'; live runs are left alone.
#include <sys/wait.h>
#include <unistd.h>

#include "store_fixture.h"

namespace hb::store::test {
namespace {

TEST(StoreStale, RunOfACrashedProcessIsMarkedAborted) {
  TempDir tmp;
  const std::string path = tmp.file("stale.db");
  // The child writes part of a run and dies without finishing it. It forks
  // before this process opens the file: SQLite connections must not cross fork().
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    int code = 0;
    try {
      RunStore s = RunStore::open(path);
      const int64_t run = s.begin_run(run_start(seed(s)));
      s.add_samples(run, make_samples(0, 3));
    } catch (...) {
      code = 1;
    }
    _exit(code ? 1 : 42);  // no finish_run, no destructors: as if it crashed
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 42) << "child failed to write its run";

  RunStore store = RunStore::open(path);
  const int64_t mine = store.begin_run(run_start(seed(store)));

  RunFilter f;
  f.status = RunStatus::Running;
  const std::vector<RunInfo> running = store.list_runs(f);
  ASSERT_EQ(running.size(), 2u);
  const int64_t orphan = running[0].id == mine ? running[1].id : running[0].id;
  EXPECT_EQ(store.find_run(orphan)->pid, static_cast<int64_t>(child));

  EXPECT_EQ(store.mark_stale_runs_aborted(), 1);
  const RunInfo r = *store.find_run(orphan);
  EXPECT_EQ(r.status, RunStatus::Aborted);
  EXPECT_EQ(r.error,
            "process " + std::to_string(child) + " on " + this_host_name() + " ended without finishing the run");
  EXPECT_EQ(r.n_samples, 3);  // what it wrote is kept
  EXPECT_EQ(store.find_run(mine)->status, RunStatus::Running);
  EXPECT_EQ(store.mark_stale_runs_aborted(), 0);

  store.finish_run(mine, RunStatus::Complete);  // our own run was never disturbed
  EXPECT_EQ(store.find_run(mine)->status, RunStatus::Complete);
}

TEST(StoreStale, ReusedPidDoesNotKeepADeadRunAlive) {
  if (!fs::exists("/proc/self/stat")) GTEST_SKIP() << "no /proc";
  TempDir tmp;
  RunStore store = RunStore::open(tmp.file("reuse.db"));
  const Ids ids = seed(store);
  const int64_t live = store.begin_run(run_start(ids));
  const int64_t dead = store.begin_run(run_start(ids));
  // Both name this (live) pid; `dead` was written by an earlier process that had it.
  Stmt up = store.db().prepare("UPDATE runs SET proc_token = 'another-boot:12345' WHERE id = ?1");
  up.bind(1, dead).run();

  EXPECT_EQ(store.mark_stale_runs_aborted(), 1);
  EXPECT_EQ(store.find_run(live)->status, RunStatus::Running);
  const RunInfo r = *store.find_run(dead);
  EXPECT_EQ(r.status, RunStatus::Aborted);
  EXPECT_NE(r.error.find("its pid now belongs to another process"), std::string::npos) << r.error;
}

TEST(StoreStale, OtherHostsRunsNeedAnAge) {
  TempDir tmp;
  RunStore store = RunStore::open(tmp.file("hosts.db"));
  const Ids ids = seed(store);
  const int64_t old_run = store.begin_run(run_start(ids));
  const int64_t new_run = store.begin_run(run_start(ids));
  Stmt up = store.db().prepare("UPDATE runs SET host = 'lab-pc-2', pid = 1, started_at = ?2 WHERE id = ?1");
  up.bind_all(old_run, "2020-01-01T00:00:00.000Z").run();
  up.bind_all(new_run, "2999-01-01T00:00:00.000Z").run();

  EXPECT_EQ(store.mark_stale_runs_aborted(), 0);  // cannot see another host's processes
  EXPECT_EQ(store.mark_stale_runs_aborted(std::chrono::hours(24)), 1);
  EXPECT_EQ(store.find_run(old_run)->status, RunStatus::Aborted);
  EXPECT_NE(store.find_run(old_run)->error.find("lab-pc-2"), std::string::npos);
  EXPECT_EQ(store.find_run(new_run)->status, RunStatus::Running);
}

}  // namespace
}  // namespace hb::store::test
