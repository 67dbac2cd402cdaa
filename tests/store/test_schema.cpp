// Creating, reopening and migrating stores, and refusing files that are not
// (or not yet) usable hilbench stores.
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <functional>

#include "common/file_io.h"
#include "store/schema.h"
#include "store_fixture.h"

namespace hb::store::test {
namespace {

std::string pragma_text(RunStore& s, const char* sql) {
  Stmt q = s.db().prepare(sql);
  q.step();
  return q.text(0);
}

void write_text(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const hb::Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(StoreSchema, MigrationsAreNumberedInOrder) {
  const auto m = migrations();
  ASSERT_EQ(static_cast<int>(m.size()), kSchemaVersion);
  for (size_t i = 0; i < m.size(); ++i) EXPECT_EQ(m[i].version, static_cast<int>(i + 1));
  // Stores created by version 1 exist: its script must stay as it was.
  EXPECT_STREQ(m[0].sql, kSchemaV1Sql) << "migration 1 changed; add a new migration instead";
}

TEST(StoreSchema, CreatesParentDirsSchemaAndSettings) {
  TempDir tmp;
  const std::string path = tmp.file("results/nested/hilbench.db");
  {
    RunStore s = RunStore::open(path);
    EXPECT_EQ(schema_version(s.db()), kSchemaVersion);
    EXPECT_EQ(pragma_text(s, "PRAGMA application_id"), std::to_string(kApplicationId));
    EXPECT_EQ(pragma_text(s, "PRAGMA journal_mode"), "wal");
    EXPECT_EQ(pragma_text(s, "PRAGMA foreign_keys"), "1");
    EXPECT_EQ(pragma_text(s, "PRAGMA busy_timeout"), "15000");
    for (const char* table :
         {"boards", "firmware_builds", "models", "datasets", "runs", "samples", "op_timings", "run_metrics"}) {
      Stmt q = s.db().prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1");
      q.bind(1, table).step();
      EXPECT_EQ(q.int64(0), 1) << table;
    }
    seed(s);
  }
  ASSERT_TRUE(fs::is_regular_file(path));
  RunStore again = RunStore::open(path);  // reopen: no migration, data still there
  EXPECT_EQ(count(again, "SELECT count(*) FROM boards WHERE name = 'nucleo-h743zi'"), 1);
  EXPECT_EQ(schema_version(again.db()), kSchemaVersion);
}

TEST(StoreSchema, ForeignKeysAreEnforced) {
  TempDir tmp;
  RunStore s = RunStore::open(tmp.file("fk.db"));
  RunStart r;
  r.model_id = 999;  // no such model
  r.timer_source = "clock";
  r.time_unit = "ns";
  const std::string err = error_of([&] { s.begin_run(r); });
  EXPECT_NE(err.find("cannot begin run (FOREIGN KEY constraint failed)"), std::string::npos) << err;
  EXPECT_EQ(count(s, "SELECT count(*) FROM runs"), 0);
}

TEST(StoreSchema, MigratesVersion1StoreKeepingItsRuns) {
  TempDir tmp;
  const std::string path = tmp.file("v1.db");
  write_v1_store(path);
  ASSERT_EQ(user_version_of(path), 1);

  RunStore s = RunStore::open(path);
  EXPECT_EQ(schema_version(s.db()), kSchemaVersion);
  ASSERT_EQ(s.list_runs().size(), 2u);
  auto run = s.get_run(1);
  ASSERT_TRUE(run);
  EXPECT_EQ(run->run.uuid, "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(run->run.status, RunStatus::Complete);
  EXPECT_EQ(run->run.board_name, "old-board");
  EXPECT_EQ(run->run.model_name, "old-model");
  EXPECT_EQ(run->run.time_unit, "instructions");
  EXPECT_EQ(run->run.pid, std::nullopt);  // column added by v2
  EXPECT_EQ(run->run.summary["samples"], 2);
  ASSERT_EQ(run->samples.size(), 2u);
  EXPECT_EQ(run->samples[0].bit_exact(), true);
  EXPECT_EQ(run->samples[0].host_output, (std::vector<uint8_t>{1, 2}));
  EXPECT_EQ(run->samples[1].bit_exact(), false);
  EXPECT_EQ(run->samples[1].host_output, (std::vector<uint8_t>{3, 5}));
  EXPECT_EQ(run->samples[1].ticks, 700);

  // The v1 run left 'running' has no pid: only the age rule can retire it.
  EXPECT_EQ(s.mark_stale_runs_aborted(), 0);
  EXPECT_EQ(s.mark_stale_runs_aborted(std::chrono::hours(1)), 1);
  EXPECT_EQ(s.find_run(2)->status, RunStatus::Aborted);

  // v2 features work on the migrated file.
  const Ids ids = seed(s);
  const int64_t id = s.begin_run(run_start(ids));
  s.add_op_timings(id, std::vector<OpTiming>{{0, 0, "CONV_2D", 10}});
  s.set_metric(id, "wire_bytes", int64_t{123});
  EXPECT_EQ(s.op_timings(id).size(), 1u);
  EXPECT_EQ(s.find_run(id)->pid, static_cast<int64_t>(getpid()));
}

TEST(StoreSchema, RefusesNewerSchemaAndLeavesItAlone) {
  TempDir tmp;
  const std::string path = tmp.file("new.db");
  { RunStore::open(path); }
  {
    Db db = Db::open(path);
    db.exec(("PRAGMA user_version = " + std::to_string(kSchemaVersion + 1)).c_str());
  }
  const std::string want = path + ": schema version " + std::to_string(kSchemaVersion + 1) +
                           " is newer than this hilbench supports (" + std::to_string(kSchemaVersion) +
                           "); use a newer hilbench";
  EXPECT_EQ(error_of([&] { RunStore::open(path); }), want);
  EXPECT_EQ(error_of([&] { RunStore::open(path, OpenMode::ReadOnly); }), want);
  EXPECT_EQ(user_version_of(path), kSchemaVersion + 1);
}

TEST(StoreSchema, NonSqliteFileIsNotAHilbenchDatabase) {
  TempDir tmp;
  const std::string path = tmp.file("x.db");
  std::string junk;
  for (int i = 0; i < 200; ++i) junk += "this is a text file, not a database\n";
  write_text(path, junk);
  EXPECT_EQ(error_of([&] { RunStore::open(path); }), path + ": not a hilbench database (file is not a database)");
  EXPECT_EQ(error_of([&] { RunStore::open(path, OpenMode::ReadOnly); }),
            path + ": not a hilbench database (file is not a database)");
  const auto bytes = hb::read_file(path);
  EXPECT_EQ(std::string(bytes.begin(), bytes.end()), junk);  // untouched
}

TEST(StoreSchema, RelativePathIsReportedAsGiven) {
  TempDir tmp;
  const fs::path old = fs::current_path();
  fs::current_path(tmp.path());
  fs::create_directories("results");
  write_text("results/x.db", std::string(4096, 'Z'));
  const std::string err = error_of([] { RunStore::open("results/x.db"); });
  fs::current_path(old);
  EXPECT_EQ(err, "results/x.db: not a hilbench database (file is not a database)");
}

TEST(StoreSchema, OtherProgramsSqliteDatabaseIsRefused) {
  TempDir tmp;
  const std::string path = tmp.file("other.db");
  {
    Db db = Db::open(path);
    db.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me')");
  }
  EXPECT_EQ(error_of([&] { RunStore::open(path); }),
            path + ": not a hilbench database (it holds tables of another program)");
  Db db = Db::open(path, OpenMode::ReadOnly);
  Stmt q = db.prepare("SELECT group_concat(name) FROM sqlite_schema");
  q.step();
  EXPECT_EQ(q.text(0), "notes");

  const std::string tagged = tmp.file("tagged.db");
  {
    Db t = Db::open(tagged);
    t.exec("PRAGMA application_id = 1234");
  }
  EXPECT_EQ(error_of([&] { RunStore::open(tagged); }),
            tagged + ": not a hilbench database (application id 0x000004d2 belongs to another program)");
}

TEST(StoreSchema, UncreatableLocationIsAClearError) {
  TempDir tmp;
  write_text(tmp.file("plain"), "a file, not a directory");
  const std::string path = tmp.file("plain/results/hilbench.db");
  const std::string err = error_of([&] { RunStore::open(path); });
  EXPECT_EQ(err.rfind(path + ": cannot create directory " + tmp.file("plain/results") + " (", 0), 0u) << err;
}

TEST(StoreSchema, ReadOnlyOpenNeverWrites) {
  TempDir tmp;
  const std::string missing = tmp.file("missing.db");
  EXPECT_EQ(error_of([&] { RunStore::open(missing, OpenMode::ReadOnly); }), missing + ": no such file");
  EXPECT_FALSE(fs::exists(missing));

  const std::string path = tmp.file("ro.db");
  Ids ids;
  {
    RunStore w = RunStore::open(path);
    ids = seed(w);
  }
  RunStore r = RunStore::open(path, OpenMode::ReadOnly);
  EXPECT_TRUE(r.list_runs().empty());
  const std::string err = error_of([&] { r.begin_run(run_start(ids)); });
  EXPECT_EQ(err.rfind(path + ": database is read-only (", 0), 0u) << err;
}

TEST(StoreSchema, WriteProtectedFileIsAClearError) {
  if (geteuid() == 0) GTEST_SKIP() << "root ignores file permissions";
  TempDir tmp;
  const std::string path = tmp.file("locked.db");
  { RunStore::open(path); }
  ASSERT_EQ(chmod(path.c_str(), 0444), 0);
  EXPECT_EQ(error_of([&] { RunStore::open(path); }).rfind(path + ": database is read-only", 0), 0u);

  const std::string dir = tmp.file("ro-dir");
  fs::create_directory(dir);
  ASSERT_EQ(chmod(dir.c_str(), 0555), 0);
  const std::string in_dir = dir + "/hilbench.db";
  EXPECT_EQ(error_of([&] { RunStore::open(in_dir); }),
            in_dir + ": directory " + dir + " is not writable (Permission denied)");
  chmod(dir.c_str(), 0755);
}

TEST(StoreSchema, ReadOnlyOpenOfOlderStoreUpgradesOnlyInMemory) {
  TempDir tmp;
  const std::string path = tmp.file("v1.db");
  write_v1_store(path);
  RunStore r = RunStore::open(path, OpenMode::ReadOnly);
  EXPECT_EQ(schema_version(r.db()), kSchemaVersion);
  EXPECT_EQ(r.list_runs().size(), 2u);
  EXPECT_EQ(r.samples(1).size(), 2u);
  EXPECT_EQ(user_version_of(path), 1);  // the file itself is untouched
}

}  // namespace
}  // namespace hb::store::test
