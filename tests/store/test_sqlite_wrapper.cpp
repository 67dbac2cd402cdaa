// The RAII SQLite wrapper: binding/reading every type, NULL vs empty,
// transactions and savepoints, and error messages that name the file.
#include <sqlite3.h>

#include "store/sqlite.h"
#include "store_fixture.h"

namespace hb::store::test {
namespace {

TEST(StoreSqlite, BindsAndReadsBackEveryType) {
  TempDir tmp;
  Db db = Db::open(tmp.file("w.db"));
  db.exec("CREATE TABLE t (i, d, s, b, n)");
  const std::string with_nul("a\0b", 3);
  const std::vector<uint8_t> bytes = {0, 255, 7};
  db.prepare("INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5)")
      .bind_all(INT64_MIN, 0.25, with_nul, bytes, std::optional<int64_t>())
      .run();
  db.prepare("INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5)")
      .bind_all(INT64_MAX, -1.5, std::string(), std::vector<uint8_t>(), std::optional<int64_t>(42))
      .run();

  Stmt q = db.prepare("SELECT i, d, s, b, n, typeof(s), typeof(b) FROM t ORDER BY rowid");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.int64(0), INT64_MIN);
  EXPECT_EQ(q.dbl(1), 0.25);
  EXPECT_EQ(q.text(2), with_nul);
  EXPECT_EQ(q.blob(3), bytes);
  EXPECT_TRUE(q.is_null(4));
  EXPECT_EQ(q.opt_int64(4), std::nullopt);
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.int64(0), INT64_MAX);
  EXPECT_EQ(q.dbl(1), -1.5);
  // Empty string and empty blob are values, not NULL.
  EXPECT_EQ(q.text(5), "text");
  EXPECT_EQ(q.text(6), "blob");
  EXPECT_EQ(q.opt_text(2), std::optional<std::string>(""));
  EXPECT_TRUE(q.blob(3).empty());
  EXPECT_EQ(q.opt_int64(4), 42);
  EXPECT_FALSE(q.step());
}

TEST(StoreSqlite, TransactionRollsBackUnlessCommitted) {
  TempDir tmp;
  Db db = Db::open(tmp.file("t.db"));
  db.exec("CREATE TABLE t (x INTEGER)");
  auto n = [&] {
    Stmt s = db.prepare("SELECT count(*) FROM t");
    s.step();
    return s.int64(0);
  };
  try {
    Transaction tx(db);
    db.prepare("INSERT INTO t VALUES (1)").run();
    throw std::runtime_error("boom");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(n(), 0);
  EXPECT_FALSE(db.in_transaction());
  {
    Transaction tx(db);
    db.prepare("INSERT INTO t VALUES (1)").run();
    tx.commit();
  }
  EXPECT_EQ(n(), 1);
}

TEST(StoreSqlite, NestedTransactionIsASavepoint) {
  TempDir tmp;
  Db db = Db::open(tmp.file("n.db"));
  db.exec("CREATE TABLE t (x INTEGER)");
  {
    Transaction outer(db);
    db.prepare("INSERT INTO t VALUES (1)").run();
    {
      Transaction inner(db);
      db.prepare("INSERT INTO t VALUES (2)").run();
    }  // not committed: only the inner insert goes
    EXPECT_TRUE(db.in_transaction());
    outer.commit();
  }
  Stmt s = db.prepare("SELECT group_concat(x) FROM t");
  s.step();
  EXPECT_EQ(s.text(0), "1");
}

TEST(StoreSqlite, ErrorsNameTheFileAndTheReason) {
  TempDir tmp;
  const std::string path = tmp.file("e.db");
  Db db = Db::open(path);
  db.exec("CREATE TABLE t (x INTEGER UNIQUE)");
  db.prepare("INSERT INTO t VALUES (?1)").bind(1, 5).run();
  try {
    db.prepare("INSERT INTO t VALUES (?1)").on_error("cannot add x").bind(1, 5).run();
    FAIL() << "duplicate accepted";
  } catch (const SqliteError& e) {
    EXPECT_EQ(std::string(e.what()), path + ": cannot add x (UNIQUE constraint failed: t.x)");
    EXPECT_EQ(e.code() & 0xff, SQLITE_CONSTRAINT);
  }
  try {
    db.prepare("SELECT nope FROM t");
    FAIL() << "bad SQL accepted";
  } catch (const SqliteError& e) {
    EXPECT_EQ(std::string(e.what()), path + ": bad SQL (no such column: nope)");
  }
}

TEST(StoreSqlite, BindColumnCopiesValuesWithTheirTypes) {
  TempDir tmp;
  Db db = Db::open(tmp.file("c.db"));
  db.exec("CREATE TABLE a (v); CREATE TABLE b (v);");
  db.exec("INSERT INTO a VALUES (7), (2.5), ('x'), (x'00ff'), (NULL)");
  Stmt src = db.prepare("SELECT v FROM a ORDER BY rowid");
  Stmt ins = db.prepare("INSERT INTO b VALUES (?1)");
  while (src.step()) ins.bind_column(1, src, 0).run();
  Stmt q = db.prepare("SELECT group_concat(typeof(v) || ':' || quote(v), ' ') FROM b");
  q.step();
  EXPECT_EQ(q.text(0), "integer:7 real:2.5 text:'x' blob:X'00FF' null:NULL");
}

}  // namespace
}  // namespace hb::store::test
