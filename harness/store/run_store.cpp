// RunStore: opening the file and everything that writes a run.
#include "store/run_store.h"

#include <signal.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "store/schema.h"

namespace hb::store {

namespace {

constexpr const char* kNow = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

// Switching to WAL needs a moment of exclusive access, and SQLite reports
// SQLITE_BUSY for it without consulting the busy handler: retry for a while.
void enable_wal(Db& db) {
  for (int attempt = 0;; ++attempt) {
    try {
      Stmt s = db.prepare("PRAGMA journal_mode = WAL");
      s.step();
      return;
    } catch (const SqliteError& e) {
      if ((e.code() & 0xff) != SQLITE_BUSY || attempt >= 1000) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
}

bool is_lower_hex(const std::string& s, size_t n) {
  if (s.size() != n) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

void require_sha256(const std::string& what, const std::string& v) {
  if (!is_lower_hex(v, 64)) throw hb::Error(what + " must be 64 lowercase hex digits, got '" + v + "'");
}

bool process_exists(int64_t pid) {
  if (pid <= 0) return false;
  return kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;  // EPERM: exists, owned by someone else
}

std::string read_small_file(const std::string& path) {
  std::ifstream f(path);
  std::string s;
  std::getline(f, s, '\0');
  return s;
}

// "<boot id>:<start time>" of a process, "" where /proc cannot tell. A pid
// alone is ambiguous: after a reboot or enough forks it names another process.
std::string process_token(int64_t pid) {
  const std::string boot = read_small_file("/proc/sys/kernel/random/boot_id");
  const std::string stat = read_small_file("/proc/" + std::to_string(pid) + "/stat");
  const size_t paren = stat.rfind(')');  // the command name may hold spaces and parentheses
  if (boot.empty() || paren == std::string::npos) return "";
  std::istringstream fields(stat.substr(paren + 1));
  std::string f;
  for (int i = 3; i <= 22 && fields >> f; ++i) {  // field 22: start time in clock ticks since boot
    if (i == 22) return boot.substr(0, boot.find('\n')) + ":" + f;
  }
  return "";
}

// For INSERT ... RETURNING id: read the id, then finish the statement so an
// autocommit write is committed (and its errors reported) here.
int64_t returned_id(Stmt& s) {
  s.step();
  const int64_t id = s.int64(0);
  while (s.step()) {
  }
  return id;
}

}  // namespace

std::string this_host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

std::string_view to_string(RunStatus s) {
  switch (s) {
    case RunStatus::Running:
      return "running";
    case RunStatus::Complete:
      return "complete";
    case RunStatus::Failed:
      return "failed";
    case RunStatus::Aborted:
      return "aborted";
  }
  return "?";
}

RunStatus parse_run_status(std::string_view s) {
  for (RunStatus v : {RunStatus::Running, RunStatus::Complete, RunStatus::Failed, RunStatus::Aborted})
    if (to_string(v) == s) return v;
  throw hb::Error("unknown run status '" + std::string(s) + "' (running, complete, failed, aborted)");
}

RunStore RunStore::open(const std::string& path, OpenMode mode) {
  namespace fs = std::filesystem;
  const bool ro = mode == OpenMode::ReadOnly;
  if (ro) {
    if (!fs::exists(path)) throw hb::Error(path + ": no such file");
  } else {
    const fs::path parent = fs::path(path).parent_path();
    if (!parent.empty()) {
      std::error_code ec;
      fs::create_directories(parent, ec);
      if (ec) throw hb::Error(path + ": cannot create directory " + parent.string() + " (" + ec.message() + ")");
    }
    // WAL keeps -wal and -shm files next to the database: the directory must be writable too.
    const std::string dir = parent.empty() ? "." : parent.string();
    if (path != ":memory:" && access(dir.c_str(), W_OK) != 0)
      throw hb::Error(path + ": directory " + dir + " is not writable (" + std::strerror(errno) + ")");
  }
  Db db = Db::open(path, mode);
  check_store(db);  // before any write, so a foreign file is reported as such and left untouched
  if (!ro) {
    enable_wal(db);
    db.exec("PRAGMA synchronous = NORMAL");  // WAL + NORMAL: a crash of the process loses nothing committed
    migrate(db);
  } else if (schema_version(db) < kSchemaVersion) {
    db = Db::memory_copy(db);
    migrate(db);
  }
  return RunStore(std::move(db));
}

int64_t RunStore::upsert_board(const Board& b) {
  if (b.name.empty()) throw hb::Error("board name is empty");
  Stmt s = db_.prepare(
      "INSERT INTO boards(name, core, clock_hz, descriptor) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT(name) DO UPDATE SET core = excluded.core, clock_hz = excluded.clock_hz, "
      "descriptor = excluded.descriptor RETURNING id");
  s.on_error("cannot record board " + b.name).bind_all(b.name, b.core, b.clock_hz, b.descriptor.dump());
  return returned_id(s);
}

int64_t RunStore::upsert_firmware(const FirmwareBuild& f) {
  if (f.build_id.empty()) throw hb::Error("firmware build id is empty");
  Stmt s = db_.prepare(
      "INSERT INTO firmware_builds(board_id, build_id, config, code_bytes) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT(board_id, build_id) DO UPDATE SET config = excluded.config, code_bytes = excluded.code_bytes "
      "RETURNING id");
  s.on_error("cannot record firmware build " + f.build_id).bind_all(f.board_id, f.build_id, f.config, f.code_bytes);
  return returned_id(s);
}

int64_t RunStore::upsert_model(const Model& m) {
  require_sha256("model sha256", m.sha256);
  Stmt s = db_.prepare(
      "INSERT INTO models(sha256, name, path, io, weight_bytes, arena_bytes) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
      "ON CONFLICT(sha256) DO UPDATE SET name = excluded.name, path = excluded.path, io = excluded.io, "
      "weight_bytes = excluded.weight_bytes, arena_bytes = excluded.arena_bytes RETURNING id");
  s.on_error("cannot record model " + m.name)
      .bind_all(m.sha256, m.name, m.path, m.io.dump(), m.weight_bytes, m.arena_bytes);
  return returned_id(s);
}

int64_t RunStore::upsert_dataset(const Dataset& d) {
  require_sha256("dataset manifest sha256", d.manifest_sha256);
  Stmt s = db_.prepare(
      "INSERT INTO datasets(manifest_sha256, path, kind, n_samples, class_names) VALUES (?1, ?2, ?3, ?4, ?5) "
      "ON CONFLICT(manifest_sha256) DO UPDATE SET path = excluded.path, kind = excluded.kind, "
      "n_samples = excluded.n_samples, class_names = excluded.class_names RETURNING id");
  s.on_error("cannot record dataset " + d.path)
      .bind_all(d.manifest_sha256, d.path, d.kind, d.n_samples, d.class_names.dump());
  return returned_id(s);
}

int64_t RunStore::begin_run(const RunStart& r) {
  Transaction tx(db_);
  if (r.firmware_id) {
    Stmt f = db_.prepare("SELECT board_id FROM firmware_builds WHERE id = ?1");
    f.bind(1, *r.firmware_id);
    if (!f.step()) throw hb::Error(path() + ": firmware build " + std::to_string(*r.firmware_id) + " does not exist");
    if (r.board_id && f.int64(0) != *r.board_id)
      throw hb::Error(path() + ": firmware build " + std::to_string(*r.firmware_id) + " is not for board " +
                      std::to_string(*r.board_id));
  }
  Stmt s = db_.prepare(
      "INSERT INTO runs(board_id, firmware_id, model_id, dataset_id, config, git_rev, host, pid, timer_source, "
      "time_unit, timer_hz, proc_token) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id");
  s.on_error("cannot begin run")
      .bind_all(r.board_id, r.firmware_id, r.model_id, r.dataset_id, r.config.dump(), r.git_rev, this_host_name(),
                static_cast<int64_t>(getpid()), r.timer_source, r.time_unit, r.timer_hz, process_token(getpid()));
  const int64_t id = returned_id(s);
  tx.commit();
  return id;
}

void RunStore::require_running(int64_t run) const {
  Stmt s = db_.prepare("SELECT status FROM runs WHERE id = ?1");
  s.bind(1, run);
  if (!s.step()) throw hb::Error(path() + ": run " + std::to_string(run) + " does not exist");
  const std::string st = s.text(0);
  if (st != "running")
    throw hb::Error(path() + ": run " + std::to_string(run) + " is " + st + "; only a running run takes results");
}

void RunStore::add_samples(int64_t run, std::span<const Sample> batch) {
  Transaction tx(db_);
  require_running(run);
  Stmt ins = db_.prepare(
      "INSERT INTO samples(run_id, idx, sample_id, label, device_pred, host_pred, bit_exact, ticks, output, "
      "host_output) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  const std::optional<std::vector<uint8_t>> none;
  for (const Sample& x : batch) {
    const std::optional<bool> exact = x.bit_exact();
    // Host bytes equal to the device's would only double the file.
    const auto& host = (exact && !*exact) ? x.host_output : none;
    ins.on_error("cannot add sample " + std::to_string(x.idx) + " to run " + std::to_string(run))
        .bind_all(run, x.idx, x.sample_id, x.label, x.device_pred, x.host_pred, exact, x.ticks, x.output, host)
        .run();
  }
  tx.commit();
}

void RunStore::add_op_timings(int64_t run, std::span<const OpTiming> batch) {
  Transaction tx(db_);
  require_running(run);
  Stmt ins =
      db_.prepare("INSERT INTO op_timings(run_id, sample_idx, op_index, op_kind, ticks) VALUES (?1, ?2, ?3, ?4, ?5)");
  for (const OpTiming& t : batch)
    ins.on_error("cannot add timing of op " + std::to_string(t.op_index) + " sample " + std::to_string(t.sample_idx))
        .bind_all(run, t.sample_idx, t.op_index, t.op_kind, t.ticks)
        .run();
  tx.commit();
}

void RunStore::set_metric(int64_t run, const std::string& key, const MetricValue& value) {
  Stmt s = db_.prepare(
      "INSERT INTO run_metrics(run_id, key, value) VALUES (?1, ?2, ?3) "
      "ON CONFLICT(run_id, key) DO UPDATE SET value = excluded.value");
  s.on_error("cannot set metric " + key + " of run " + std::to_string(run)).bind(1, run).bind(2, key);
  std::visit([&](const auto& v) { s.bind(3, v); }, value);
  s.run();
}

void RunStore::finish_run(int64_t run, RunStatus status, std::optional<nlohmann::json> summary,
                          const std::string& error) {
  if (status == RunStatus::Running) throw hb::Error("finish_run: a finished run cannot be 'running'");
  Transaction tx(db_);
  require_running(run);
  const nlohmann::json sum = summary ? *summary : to_json(summarize(run));
  Stmt s = db_.prepare(std::string("UPDATE runs SET status = ?2, summary = ?3, error = ?4, finished_at = ") + kNow +
                       " WHERE id = ?1 AND status = 'running'");
  s.on_error("cannot finish run " + std::to_string(run));
  s.bind_all(run, to_string(status), sum.dump());
  if (error.empty())
    s.bind(4, std::nullopt);
  else
    s.bind(4, error);
  s.run();
  tx.commit();
}

void RunStore::reopen_run(int64_t run) {
  Transaction tx(db_);
  Stmt q = db_.prepare("SELECT status FROM runs WHERE id = ?1");
  q.bind(1, run);
  if (!q.step()) throw hb::Error(path() + ": run " + std::to_string(run) + " does not exist");
  const std::string st = q.text(0);
  if (st != "aborted" && st != "failed")
    throw hb::Error(path() + ": run " + std::to_string(run) + " is '" + st +
                    "': only an aborted or failed run can be resumed");
  Stmt u = db_.prepare(
      "UPDATE runs SET status = 'running', error = NULL, summary = NULL, finished_at = NULL, host = ?2, pid = ?3, "
      "proc_token = ?4 WHERE id = ?1");
  u.on_error("cannot reopen run " + std::to_string(run));
  u.bind_all(run, this_host_name(), static_cast<int64_t>(getpid()), process_token(getpid()));
  u.run();
  tx.commit();
}

std::vector<int64_t> RunStore::sample_indices(int64_t run) const {
  Stmt s = db_.prepare("SELECT idx FROM samples WHERE run_id = ?1 ORDER BY idx");
  s.bind(1, run);
  std::vector<int64_t> v;
  while (s.step()) v.push_back(s.int64(0));
  return v;
}

void RunStore::add_recovery(int64_t run, const Recovery& r) {
  Transaction tx(db_);
  require_running(run);
  Stmt s = db_.prepare(
      "INSERT INTO recoveries(run_id, seq, sample_idx, attempt, cause, detail, ok) VALUES (?1, (SELECT "
      "coalesce(max(seq), 0) + 1 FROM recoveries WHERE run_id = ?1), ?2, ?3, ?4, ?5, ?6)");
  s.on_error("cannot store a recovery of run " + std::to_string(run));
  s.bind_all(run, r.sample_idx, r.attempt, r.cause, r.detail, static_cast<int64_t>(r.ok ? 1 : 0));
  s.run();
  tx.commit();
}

std::vector<Recovery> RunStore::recoveries(int64_t run) const {
  Stmt s =
      db_.prepare("SELECT sample_idx, attempt, cause, detail, ok, at FROM recoveries WHERE run_id = ?1 ORDER BY seq");
  s.bind(1, run);
  std::vector<Recovery> v;
  while (s.step()) v.push_back({s.int64(0), s.int64(1), s.text(2), s.text(3), s.int64(4) != 0, s.text(5)});
  return v;
}

int RunStore::mark_stale_runs_aborted(std::optional<std::chrono::seconds> other_hosts_older_than) {
  const std::string me = this_host_name();
  Transaction tx(db_);
  std::vector<std::pair<int64_t, std::string>> stale;  // run id, reason
  {
    Stmt q = db_.prepare(
        "SELECT id, host, pid, started_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?1), coalesce(proc_token, '') "
        "FROM runs WHERE status = 'running'");
    const int64_t age = other_hosts_older_than ? other_hosts_older_than->count() : 0;
    q.bind(1, "-" + std::to_string(age) + " seconds");
    while (q.step()) {
      const std::string host = q.text(1);
      const std::optional<int64_t> pid = q.opt_int64(2);
      if (host == me && pid) {
        const std::string token = q.text(4);
        const std::string ended =
            "process " + std::to_string(*pid) + " on " + host + " ended without finishing the run";
        if (!process_exists(*pid))
          stale.emplace_back(q.int64(0), ended);
        else if (!token.empty() && process_token(*pid) != token)
          stale.emplace_back(q.int64(0), ended + " (its pid now belongs to another process)");
      } else if (other_hosts_older_than && q.int64(3)) {
        stale.emplace_back(q.int64(0), "still running after " + std::to_string(age) + " s on " +
                                           (host.empty() ? std::string("an unknown host") : host) + "; presumed dead");
      }
    }
  }
  Stmt up = db_.prepare(std::string("UPDATE runs SET status = 'aborted', error = ?2, finished_at = ") + kNow +
                        " WHERE id = ?1 AND status = 'running'");
  for (const auto& [id, why] : stale) up.bind_all(id, why).run();
  tx.commit();
  return static_cast<int>(stale.size());
}

}  // namespace hb::store
