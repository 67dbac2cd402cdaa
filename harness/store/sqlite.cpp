#include "store/sqlite.h"

#include <sqlite3.h>

#include <utility>

namespace hb::store {

namespace {

constexpr int kBusyTimeoutMs = 15000;  // other writers hold the lock for one batch, well under this

// Problems with the file or its environment: the phrase for the code says
// more than what we were doing at the time.
bool is_environment_error(int primary) {
  switch (primary) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_FULL:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_PERM:
      return true;
    default:
      return false;
  }
}

[[noreturn]] void throw_error(const std::string& path, int rc, std::string_view what, const std::string& reason) {
  const int primary = rc & 0xff;
  std::string phrase = (what.empty() || is_environment_error(primary)) ? describe_sqlite_code(rc) : std::string(what);
  throw SqliteError(path + ": " + phrase + " (" + reason + ")", rc);
}

std::string errmsg(sqlite3* db, int rc) { return db ? sqlite3_errmsg(db) : sqlite3_errstr(rc); }

}  // namespace

std::string describe_sqlite_code(int code) {
  switch (code & 0xff) {
    case SQLITE_NOTADB:
      return "not a hilbench database";
    case SQLITE_CORRUPT:
      return "database is corrupt";
    case SQLITE_READONLY:
      return "database is read-only";
    case SQLITE_CANTOPEN:
      return "cannot open database";
    case SQLITE_FULL:
      return "disk is full";
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return "database is locked by another process";
    case SQLITE_IOERR:
      return "I/O error";
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return "permission denied";
    case SQLITE_CONSTRAINT:
      return "constraint violated";
    case SQLITE_MISMATCH:
      return "datatype mismatch";
    case SQLITE_RANGE:
      return "bad parameter index";
    default:
      return "database error";
  }
}

// ---- Db ----

Db Db::open(const std::string& path, OpenMode mode) {
  const bool ro = mode == OpenMode::ReadOnly;
  sqlite3* db = nullptr;
  const int flags = ro ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string reason = errmsg(db, rc);
    sqlite3_close(db);  // open allocates a handle even on failure
    throw_error(path, rc, "cannot open database", reason);
  }
  Db out(db, path, ro);
  // SQLite silently falls back to read-only for a write-protected file; say so now, not at the first write.
  if (!ro && sqlite3_db_readonly(db, "main") == 1)
    throw SqliteError(path + ": database is read-only (the file or its directory is not writable)", SQLITE_READONLY);
  sqlite3_extended_result_codes(db, 1);
  // Concurrent hilbench processes queue for the write lock instead of failing at once.
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  out.exec("PRAGMA foreign_keys = ON");
  return out;
}

Db Db::memory_copy(const Db& src) {
  Db mem = open(":memory:");
  mem.path_ = src.path_;
  sqlite3_backup* b = sqlite3_backup_init(mem.db_, "main", src.db_, "main");
  if (!b) mem.fail(sqlite3_errcode(mem.db_), "cannot copy database");
  const int rc = sqlite3_backup_step(b, -1);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) src.fail(rc, "cannot copy database");
  return mem;
}

Db::Db(Db&& o) noexcept : db_(std::exchange(o.db_, nullptr)), path_(std::move(o.path_)), read_only_(o.read_only_) {}

Db& Db::operator=(Db&& o) noexcept {
  if (this != &o) {
    if (db_) sqlite3_close_v2(db_);
    db_ = std::exchange(o.db_, nullptr);
    path_ = std::move(o.path_);
    read_only_ = o.read_only_;
  }
  return *this;
}

Db::~Db() {
  // close_v2: a leaked statement defers the close instead of leaking the file handle.
  if (db_) sqlite3_close_v2(db_);
}

void Db::exec(const char* sql) {
  char* msg = nullptr;
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &msg);
  if (rc != SQLITE_OK) {
    std::string reason = msg ? msg : sqlite3_errstr(rc);
    sqlite3_free(msg);
    throw_error(path_, rc, {}, reason);
  }
}

Stmt Db::prepare(std::string_view sql) const {
  sqlite3_stmt* s = nullptr;
  const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &s, nullptr);
  if (rc != SQLITE_OK) throw_error(path_, rc, "bad SQL", errmsg(db_, rc));
  return Stmt(db_, path_, s);
}

int64_t Db::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

bool Db::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

void Db::fail(int rc, std::string_view what) const { throw_error(path_, rc, what, errmsg(db_, rc)); }

// ---- Stmt ----

Stmt::Stmt(Stmt&& o) noexcept
    : db_(o.db_), path_(std::move(o.path_)), what_(std::move(o.what_)), s_(std::exchange(o.s_, nullptr)) {}

Stmt& Stmt::operator=(Stmt&& o) noexcept {
  if (this != &o) {
    sqlite3_finalize(s_);
    db_ = o.db_;
    path_ = std::move(o.path_);
    what_ = std::move(o.what_);
    s_ = std::exchange(o.s_, nullptr);
  }
  return *this;
}

Stmt::~Stmt() { sqlite3_finalize(s_); }

void Stmt::check_bind(int rc, int i) {
  if (rc != SQLITE_OK) throw_error(path_, rc, "cannot bind parameter " + std::to_string(i), errmsg(db_, rc));
}

Stmt& Stmt::bind(int i, int64_t v) {
  check_bind(sqlite3_bind_int64(s_, i, v), i);
  return *this;
}

Stmt& Stmt::bind(int i, double v) {
  check_bind(sqlite3_bind_double(s_, i, v), i);
  return *this;
}

Stmt& Stmt::bind(int i, std::string_view v) {
  // A null data pointer would bind SQL NULL; an empty string must stay ''.
  check_bind(sqlite3_bind_text64(s_, i, v.data() ? v.data() : "", v.size(), SQLITE_TRANSIENT, SQLITE_UTF8), i);
  return *this;
}

Stmt& Stmt::bind(int i, std::span<const uint8_t> blob) {
  const int rc = blob.empty() ? sqlite3_bind_zeroblob(s_, i, 0)
                              : sqlite3_bind_blob64(s_, i, blob.data(), blob.size(), SQLITE_TRANSIENT);
  check_bind(rc, i);
  return *this;
}

Stmt& Stmt::bind(int i, std::nullopt_t) {
  check_bind(sqlite3_bind_null(s_, i), i);
  return *this;
}

bool Stmt::step() {
  const int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  std::string reason = errmsg(db_, rc);  // reset may overwrite the message
  sqlite3_reset(s_);
  throw_error(path_, rc, what_, reason);
}

void Stmt::run() {
  while (step()) {
  }
  sqlite3_reset(s_);
}

void Stmt::reset() { sqlite3_reset(s_); }

void Stmt::clear_bindings() { sqlite3_clear_bindings(s_); }

Stmt& Stmt::bind_column(int i, const Stmt& from, int col) {
  check_bind(sqlite3_bind_value(s_, i, sqlite3_column_value(from.s_, col)), i);
  return *this;
}

bool Stmt::is_null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }

int Stmt::type(int col) const { return sqlite3_column_type(s_, col); }

int64_t Stmt::int64(int col) const { return sqlite3_column_int64(s_, col); }

double Stmt::dbl(int col) const { return sqlite3_column_double(s_, col); }

std::string Stmt::text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
  return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(s_, col))) : std::string();
}

std::vector<uint8_t> Stmt::blob(int col) const {
  const auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(s_, col));
  const int n = sqlite3_column_bytes(s_, col);
  return p ? std::vector<uint8_t>(p, p + n) : std::vector<uint8_t>();
}

std::optional<int64_t> Stmt::opt_int64(int col) const {
  if (is_null(col)) return std::nullopt;
  return int64(col);
}

std::optional<std::string> Stmt::opt_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}

// ---- Transaction ----

Transaction::Transaction(Db& db) : db_(db), nested_(db.in_transaction()) {
  db_.exec(nested_ ? "SAVEPOINT hb_nested" : "BEGIN IMMEDIATE");
}

void Transaction::commit() {
  db_.exec(nested_ ? "RELEASE hb_nested" : "COMMIT");
  open_ = false;
}

Transaction::~Transaction() {
  if (!open_) return;
  // Errors are ignored: some failures (disk full, I/O) already rolled back.
  sqlite3_exec(db_.handle(), nested_ ? "ROLLBACK TO hb_nested; RELEASE hb_nested" : "ROLLBACK", nullptr, nullptr,
               nullptr);
}

}  // namespace hb::store
