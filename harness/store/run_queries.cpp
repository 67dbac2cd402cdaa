// RunStore: reading runs back (list, show, summaries).
#include <sqlite3.h>

#include "store/run_store.h"

namespace hb::store {

namespace {

// Every filter is a bound parameter; NULL disables it.
constexpr const char* kRunQuery = R"sql(
SELECT r.id, r.uuid, r.status, r.board_id, r.firmware_id, r.model_id, r.dataset_id,
       coalesce(b.name, ''), coalesce(f.build_id, ''), m.name, m.sha256, coalesce(d.path, ''),
       r.config, r.git_rev, r.host, r.pid, r.started_at, r.finished_at, coalesce(r.error, ''),
       r.timer_source, r.time_unit, r.timer_hz, r.summary,
       (SELECT count(*) FROM samples s WHERE s.run_id = r.id)
FROM runs r
JOIN models m ON m.id = r.model_id
LEFT JOIN boards b ON b.id = r.board_id
LEFT JOIN firmware_builds f ON f.id = r.firmware_id
LEFT JOIN datasets d ON d.id = r.dataset_id
WHERE (?1 IS NULL OR b.name = ?1)
  AND (?2 IS NULL OR m.name = ?2 OR substr(m.sha256, 1, length(?2)) = ?2)
  AND (?3 IS NULL OR r.status = ?3)
  AND (?4 IS NULL OR r.git_rev = ?4)
  AND (?5 IS NULL OR r.id = ?5)
ORDER BY r.started_at DESC, r.id DESC
LIMIT ?6
)sql";

nlohmann::json parse_json(const std::optional<std::string>& s) {
  if (!s) return nullptr;
  // The CHECK constraints keep these valid; a hand-edited row degrades to null rather than failing `runs list`.
  nlohmann::json j = nlohmann::json::parse(*s, nullptr, /*allow_exceptions=*/false);
  return j.is_discarded() ? nlohmann::json(nullptr) : j;
}

RunInfo read_run(const Stmt& s) {
  RunInfo r;
  r.id = s.int64(0);
  r.uuid = s.text(1);
  r.status = parse_run_status(s.text(2));
  r.board_id = s.opt_int64(3);
  r.firmware_id = s.opt_int64(4);
  r.model_id = s.int64(5);
  r.dataset_id = s.opt_int64(6);
  r.board_name = s.text(7);
  r.firmware_build = s.text(8);
  r.model_name = s.text(9);
  r.model_sha256 = s.text(10);
  r.dataset_path = s.text(11);
  r.config = parse_json(s.opt_text(12));
  r.git_rev = s.text(13);
  r.host = s.text(14);
  r.pid = s.opt_int64(15);
  r.started_at = s.text(16);
  r.finished_at = s.opt_text(17);
  r.error = s.text(18);
  r.timer_source = s.text(19);
  r.time_unit = s.text(20);
  r.timer_hz = s.int64(21);
  r.summary = parse_json(s.opt_text(22));
  r.n_samples = s.int64(23);
  return r;
}

std::vector<RunInfo> query_runs(const Db& db, const RunFilter& f, std::optional<int64_t> id) {
  Stmt s = db.prepare(kRunQuery);
  std::optional<std::string> status;
  if (f.status) status = std::string(to_string(*f.status));
  s.bind_all(f.board, f.model, status, f.git_rev, id, static_cast<int64_t>(f.limit > 0 ? f.limit : -1));
  std::vector<RunInfo> out;
  while (s.step()) out.push_back(read_run(s));
  return out;
}

}  // namespace

std::vector<RunInfo> RunStore::list_runs(const RunFilter& f) const { return query_runs(db_, f, std::nullopt); }

std::optional<RunInfo> RunStore::find_run(int64_t id) const {
  RunFilter one;
  one.limit = 1;
  auto v = query_runs(db_, one, id);
  if (v.empty()) return std::nullopt;
  return std::move(v.front());
}

std::optional<int64_t> RunStore::find_run_by_uuid(const std::string& prefix) const {
  if (prefix.empty()) throw hb::Error("empty run uuid");
  Stmt s = db_.prepare("SELECT id FROM runs WHERE substr(uuid, 1, length(?1)) = lower(?1) ORDER BY id LIMIT 2");
  s.bind(1, prefix);
  if (!s.step()) return std::nullopt;
  const int64_t id = s.int64(0);
  if (s.step()) throw hb::Error(path() + ": run uuid prefix '" + prefix + "' is ambiguous");
  return id;
}

std::vector<Sample> RunStore::samples(int64_t run) const {
  Stmt s = db_.prepare(
      "SELECT idx, sample_id, label, device_pred, host_pred, bit_exact, ticks, output, host_output "
      "FROM samples WHERE run_id = ?1 ORDER BY idx");
  s.bind(1, run);
  std::vector<Sample> out;
  while (s.step()) {
    Sample x;
    x.idx = s.int64(0);
    x.sample_id = s.text(1);
    x.label = s.int64(2);
    x.device_pred = s.opt_int64(3);
    x.host_pred = s.opt_int64(4);
    x.ticks = s.opt_int64(6);
    x.output = s.blob(7);
    const std::optional<int64_t> exact = s.opt_int64(5);
    if (exact == 1)
      x.host_output = x.output;  // stored only when different
    else if (exact == 0)
      x.host_output = s.blob(8);
    out.push_back(std::move(x));
  }
  return out;
}

std::vector<SampleStat> RunStore::sample_stats(int64_t run) const {
  Stmt s = db_.prepare(
      "SELECT idx, sample_id, label, device_pred, host_pred, bit_exact, ticks FROM samples WHERE run_id = ?1 "
      "ORDER BY idx");
  s.bind(1, run);
  std::vector<SampleStat> out;
  while (s.step()) {
    SampleStat x;
    x.idx = s.int64(0);
    x.sample_id = s.text(1);
    x.label = s.int64(2);
    x.device_pred = s.opt_int64(3);
    x.host_pred = s.opt_int64(4);
    if (auto e = s.opt_int64(5)) x.bit_exact = *e != 0;
    x.ticks = s.opt_int64(6);
    out.push_back(std::move(x));
  }
  return out;
}

std::vector<OpTiming> RunStore::op_timings(int64_t run) const {
  Stmt s = db_.prepare(
      "SELECT sample_idx, op_index, op_kind, ticks FROM op_timings WHERE run_id = ?1 ORDER BY sample_idx, op_index");
  s.bind(1, run);
  std::vector<OpTiming> out;
  while (s.step()) out.push_back({s.int64(0), s.int64(1), s.text(2), s.int64(3)});
  return out;
}

std::vector<Metric> RunStore::metrics(int64_t run) const {
  Stmt s = db_.prepare("SELECT key, value FROM run_metrics WHERE run_id = ?1 ORDER BY key");
  s.bind(1, run);
  std::vector<Metric> out;
  while (s.step()) {
    MetricValue v;
    switch (s.type(1)) {
      case SQLITE_INTEGER:
        v = s.int64(1);
        break;
      case SQLITE_FLOAT:
        v = s.dbl(1);
        break;
      default:
        v = s.text(1);
        break;
    }
    out.push_back({s.text(0), std::move(v)});
  }
  return out;
}

std::optional<RunDetail> RunStore::get_run(int64_t id) const {
  std::optional<RunInfo> r = find_run(id);
  if (!r) return std::nullopt;
  return RunDetail{std::move(*r), samples(id), metrics(id)};
}

RunSummary RunStore::summarize(int64_t run) const {
  const std::vector<SampleStat> v = sample_stats(run);
  return hb::store::summarize(v);
}

}  // namespace hb::store
