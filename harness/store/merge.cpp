#include "store/merge.h"

#include <filesystem>
#include <unordered_map>

namespace hb::store {

namespace {

using IdMap = std::unordered_map<int64_t, int64_t>;

// Finds-or-inserts in dst the row src_id of a table keyed by its first
// n_key columns. src_sql selects the columns (key first) by ?1 = id;
// insert_sql takes them all as ?1..?n and ignores a key conflict; lookup_sql
// finds the dst id by the key columns.
struct KeyedTable {
  const char* src_sql;
  const char* insert_sql;
  const char* lookup_sql;
  int n_cols;
  int n_key;
};

constexpr KeyedTable kBoards = {
    "SELECT name, core, clock_hz, descriptor FROM boards WHERE id = ?1",
    "INSERT INTO boards(name, core, clock_hz, descriptor) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
    "SELECT id FROM boards WHERE name = ?1", 4, 1};
constexpr KeyedTable kModels = {
    "SELECT sha256, name, path, io, weight_bytes, arena_bytes FROM models WHERE id = ?1",
    "INSERT INTO models(sha256, name, path, io, weight_bytes, arena_bytes) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
    "ON CONFLICT DO NOTHING",
    "SELECT id FROM models WHERE sha256 = ?1", 6, 1};
constexpr KeyedTable kDatasets = {
    "SELECT manifest_sha256, path, kind, n_samples, class_names FROM datasets WHERE id = ?1",
    "INSERT INTO datasets(manifest_sha256, path, kind, n_samples, class_names) VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT DO NOTHING",
    "SELECT id FROM datasets WHERE manifest_sha256 = ?1", 5, 1};

class Merger {
 public:
  Merger(Db& dst, const Db& src) : dst_(dst), src_(src) {}

  // NULL in src stays NULL.
  std::optional<int64_t> map(const KeyedTable& t, IdMap& cache, std::optional<int64_t> src_id) {
    if (!src_id) return std::nullopt;
    if (auto it = cache.find(*src_id); it != cache.end()) return it->second;
    Stmt s = src_.prepare(t.src_sql);
    s.bind(1, *src_id);
    if (!s.step()) throw hb::Error(src_.path() + ": dangling reference to row " + std::to_string(*src_id));
    Stmt ins = dst_.prepare(t.insert_sql);
    for (int c = 0; c < t.n_cols; ++c) ins.bind_column(c + 1, s, c);
    ins.run();
    Stmt look = dst_.prepare(t.lookup_sql);
    for (int c = 0; c < t.n_key; ++c) look.bind_column(c + 1, s, c);
    look.step();
    return cache[*src_id] = look.int64(0);
  }

  std::optional<int64_t> map_firmware(std::optional<int64_t> src_id) {
    if (!src_id) return std::nullopt;
    if (auto it = firmware_.find(*src_id); it != firmware_.end()) return it->second;
    Stmt s = src_.prepare("SELECT board_id, build_id, config, code_bytes FROM firmware_builds WHERE id = ?1");
    s.bind(1, *src_id);
    if (!s.step()) throw hb::Error(src_.path() + ": dangling firmware build " + std::to_string(*src_id));
    const int64_t board = *map(kBoards, boards_, s.int64(0));
    Stmt ins = dst_.prepare(
        "INSERT INTO firmware_builds(board_id, build_id, config, code_bytes) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT DO NOTHING");
    ins.bind(1, board).bind_column(2, s, 1).bind_column(3, s, 2).bind_column(4, s, 3).run();
    Stmt look = dst_.prepare("SELECT id FROM firmware_builds WHERE board_id = ?1 AND build_id = ?2");
    look.bind(1, board).bind_column(2, s, 1);
    look.step();
    return firmware_[*src_id] = look.int64(0);
  }

  MergeStats run() {
    MergeStats st;
    Stmt runs = src_.prepare(
        "SELECT id, uuid, status, board_id, firmware_id, model_id, dataset_id, config, git_rev, host, pid, "
        "started_at, finished_at, error, timer_source, time_unit, timer_hz, summary, proc_token "
        "FROM runs ORDER BY id");
    Stmt have = dst_.prepare("SELECT 1 FROM runs WHERE uuid = ?1");
    Stmt ins = dst_.prepare(
        "INSERT INTO runs(uuid, status, board_id, firmware_id, model_id, dataset_id, config, git_rev, host, pid, "
        "started_at, finished_at, error, timer_source, time_unit, timer_hz, summary, proc_token) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) RETURNING id");
    while (runs.step()) {
      if (runs.text(2) == "running") {
        ++st.runs_in_progress;
        continue;
      }
      have.bind_column(1, runs, 1);
      const bool present = have.step();
      have.reset();
      if (present) {
        ++st.runs_already_present;
        continue;
      }
      ins.on_error("cannot merge run " + runs.text(1));
      ins.bind_column(1, runs, 1).bind_column(2, runs, 2);
      ins.bind(3, map(kBoards, boards_, runs.opt_int64(3)));
      ins.bind(4, map_firmware(runs.opt_int64(4)));
      ins.bind(5, map(kModels, models_, runs.opt_int64(5)));
      ins.bind(6, map(kDatasets, datasets_, runs.opt_int64(6)));
      for (int c = 7; c <= 18; ++c) ins.bind_column(c, runs, c);
      ins.step();
      const int64_t dst_run = ins.int64(0);
      ins.reset();
      ++st.runs_added;
      const int64_t src_run = runs.int64(0);
      st.samples += copy_children(src_run, dst_run,
                                  "SELECT idx, sample_id, label, device_pred, host_pred, bit_exact, ticks, output, "
                                  "host_output FROM samples WHERE run_id = ?1",
                                  "INSERT INTO samples(run_id, idx, sample_id, label, device_pred, host_pred, "
                                  "bit_exact, ticks, output, host_output) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                                  9);
      st.op_timings += copy_children(
          src_run, dst_run, "SELECT sample_idx, op_index, op_kind, ticks FROM op_timings WHERE run_id = ?1",
          "INSERT INTO op_timings(run_id, sample_idx, op_index, op_kind, ticks) VALUES (?1, ?2, ?3, ?4, ?5)", 4);
      st.metrics += copy_children(src_run, dst_run, "SELECT key, value FROM run_metrics WHERE run_id = ?1",
                                  "INSERT INTO run_metrics(run_id, key, value) VALUES (?1, ?2, ?3)", 2);
    }
    return st;
  }

 private:
  // Rows of a per-run table: src columns 0..n-1 go to dst parameters ?2..?n+1 after the new run id.
  int64_t copy_children(int64_t src_run, int64_t dst_run, const char* src_sql, const char* insert_sql, int n) {
    Stmt s = src_.prepare(src_sql);
    s.bind(1, src_run);
    Stmt ins = dst_.prepare(insert_sql);
    int64_t count = 0;
    while (s.step()) {
      ins.bind(1, dst_run);
      for (int c = 0; c < n; ++c) ins.bind_column(c + 2, s, c);
      ins.run();
      ++count;
    }
    return count;
  }

  Db& dst_;
  const Db& src_;
  IdMap boards_, firmware_, models_, datasets_;
};

}  // namespace

MergeStats merge_into(RunStore& dst, const std::string& src_path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::equivalent(dst.path(), src_path, ec)) throw hb::Error(src_path + ": cannot merge a database into itself");
  RunStore src = RunStore::open(src_path, OpenMode::ReadOnly);
  Transaction tx(dst.db());
  MergeStats st = Merger(dst.db(), src.db()).run();
  tx.commit();
  return st;
}

}  // namespace hb::store
