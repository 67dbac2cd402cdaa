// Thin RAII wrapper over the SQLite C API: a connection (Db), a prepared
// statement (Stmt) and a write transaction (Transaction). Every failure
// becomes an hb::store::SqliteError whose message names the database file as
// the user spelled it, so CLI errors read "results/x.db: ... (sqlite reason)".
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

struct sqlite3;
struct sqlite3_stmt;

namespace hb::store {

class SqliteError : public hb::Error {
 public:
  SqliteError(const std::string& msg, int code) : hb::Error(msg), code_(code) {}
  int code() const { return code_; }  // extended SQLite result code

 private:
  int code_;
};

// "what failed" phrase for a result code, e.g. SQLITE_NOTADB -> "not a hilbench database".
std::string describe_sqlite_code(int code);

enum class OpenMode { ReadWrite, ReadOnly };

class Stmt;

class Db {
 public:
  // Opens (ReadWrite: creating) the file. Does not touch the schema.
  // ":memory:" gives a private in-memory database.
  static Db open(const std::string& path, OpenMode mode = OpenMode::ReadWrite);
  // A private in-memory copy of src (SQLite backup API); errors still name src's path.
  static Db memory_copy(const Db& src);

  Db(Db&& o) noexcept;
  Db& operator=(Db&& o) noexcept;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db();

  // Runs constant SQL (schema scripts, PRAGMAs). Never pass text built from values: use prepare + bind.
  void exec(const char* sql);
  Stmt prepare(std::string_view sql) const;

  int64_t last_insert_rowid() const;
  bool in_transaction() const;
  bool read_only() const { return read_only_; }
  const std::string& path() const { return path_; }
  sqlite3* handle() const { return db_; }

  // Throws SqliteError "<path>: <what> (<sqlite message>)" for result code rc.
  [[noreturn]] void fail(int rc, std::string_view what = {}) const;

 private:
  Db(sqlite3* db, std::string path, bool read_only) : db_(db), path_(std::move(path)), read_only_(read_only) {}
  sqlite3* db_ = nullptr;
  std::string path_;
  bool read_only_ = false;
};

class Stmt {
 public:
  Stmt(Stmt&& o) noexcept;
  Stmt& operator=(Stmt&& o) noexcept;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt();

  // Parameters are 1-based, as in SQL "?1".
  Stmt& bind(int i, int64_t v);
  Stmt& bind(int i, int v) { return bind(i, static_cast<int64_t>(v)); }
  Stmt& bind(int i, bool v) { return bind(i, static_cast<int64_t>(v ? 1 : 0)); }
  Stmt& bind(int i, double v);
  Stmt& bind(int i, std::string_view v);
  Stmt& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Stmt& bind(int i, std::span<const uint8_t> blob);  // empty span binds an empty blob, not NULL
  Stmt& bind(int i, const std::vector<uint8_t>& blob) { return bind(i, std::span<const uint8_t>(blob)); }
  Stmt& bind(int i, std::nullopt_t);
  template <class T>
  Stmt& bind(int i, const std::optional<T>& v) {
    return v ? bind(i, *v) : bind(i, std::nullopt);
  }
  // Binds ?1..?N in order.
  template <class... T>
  Stmt& bind_all(const T&... v) {
    int i = 0;
    (bind(++i, v), ...);
    return *this;
  }

  // Phrase used for non-environment errors (constraints...) of this
  // statement: "<path>: <what> (<sqlite message>)".
  Stmt& on_error(std::string what) {
    what_ = std::move(what);
    return *this;
  }

  bool step();   // true: a row is available; false: done. Throws on error (statement is reset).
  void run();    // step to completion, expecting no rows; then reset for reuse
  void reset();  // keeps bindings
  void clear_bindings();

  bool is_null(int col) const;
  int64_t int64(int col) const;
  double dbl(int col) const;
  std::string text(int col) const;
  std::vector<uint8_t> blob(int col) const;
  std::optional<int64_t> opt_int64(int col) const;
  std::optional<std::string> opt_text(int col) const;
  int type(int col) const;  // SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB, SQLITE_NULL
  // Binds column `col` of the current row of `from` as-is (type, NULL and all): for copying rows.
  Stmt& bind_column(int i, const Stmt& from, int col);

 private:
  friend class Db;
  Stmt(sqlite3* db, std::string path, sqlite3_stmt* s) : db_(db), path_(std::move(path)), s_(s) {}
  void check_bind(int rc, int i);
  sqlite3* db_;  // must outlive the statement
  std::string path_;
  std::string what_;
  sqlite3_stmt* s_ = nullptr;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back unless commit() ran. IMMEDIATE takes
// the write lock up front, so a concurrent writer waits in busy_timeout instead
// of failing on a read->write lock upgrade. Nested use becomes a SAVEPOINT.
class Transaction {
 public:
  explicit Transaction(Db& db);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();

 private:
  Db& db_;
  bool nested_;
  bool open_ = true;
};

}  // namespace hb::store
