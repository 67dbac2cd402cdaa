// A store written by hilbench is an ordinary SQLite file: the sqlite3 CLI can
// read its runs table, even while hilbench still has it open (WAL).
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/schema.h"
#include "store_fixture.h"

extern char** environ;

namespace hb::store::test {
namespace {

constexpr const char* kSqlite3 = "/usr/bin/sqlite3";

// Runs argv, returns its stdout; exit status in *status.
std::string run_capture(const std::vector<std::string>& args, int* status) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&fa, fds[0]);
  posix_spawn_file_actions_addclose(&fa, fds[1]);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(fds[1]);
  std::string out;
  if (rc == 0) {
    char buf[4096];
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
    waitpid(pid, status, 0);
  } else {
    *status = -1;
  }
  close(fds[0]);
  return out;
}

TEST(StoreCli, Sqlite3ReadsTheRunsTable) {
  if (access(kSqlite3, X_OK) != 0) GTEST_SKIP() << kSqlite3 << " not installed";
  TempDir tmp;
  const std::string path = tmp.file("cli.db");
  RunStore store = RunStore::open(path);
  const int64_t run = store.begin_run(run_start(seed(store)));
  store.add_samples(run, make_samples(0, 3));
  store.finish_run(run, RunStatus::Complete);
  const std::string uuid = store.find_run(run)->uuid;
  const std::string query =
      "SELECT r.uuid, r.status, r.timer_source, b.name, (SELECT count(*) FROM samples s WHERE s.run_id = r.id), "
      "json_extract(r.summary, '$.bit_exact') FROM runs r JOIN boards b ON b.id = r.board_id;";
  const std::string want = uuid + "|complete|dwt|nucleo-h743zi|3|3\n";

  int status = 0;
  // Still open here: the rows may live only in the -wal file.
  EXPECT_EQ(run_capture({kSqlite3, "-readonly", "-batch", path, query}, &status), want);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  store = RunStore::open(tmp.file("other.db"));  // closes cli.db (checkpoint)
  EXPECT_EQ(run_capture({kSqlite3, "-readonly", "-batch", path, query}, &status), want);
  EXPECT_EQ(run_capture({kSqlite3, "-batch", path, "PRAGMA user_version;"}, &status),
            std::to_string(kSchemaVersion) + "\n");
}

}  // namespace
}  // namespace hb::store::test
