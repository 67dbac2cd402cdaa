#include "check/run_data.h"

#include "common/error.h"

namespace hb::check {

namespace {

// The key columns of a run, NULL parts as "".
constexpr const char* kKeyFrom = R"sql(
FROM runs r
JOIN models m ON m.id = r.model_id
LEFT JOIN boards b ON b.id = r.board_id
LEFT JOIN datasets d ON d.id = r.dataset_id
LEFT JOIN firmware_builds f ON f.id = r.firmware_id
)sql";

std::string short_hash(const std::string& h) { return h.empty() ? std::string("none") : h.substr(0, 12); }

int64_t metric_int(const std::vector<store::Metric>& ms, const std::string& key) {
  for (const auto& m : ms)
    if (m.key == key) {
      if (auto* i = std::get_if<int64_t>(&m.value)) return *i;
      if (auto* d = std::get_if<double>(&m.value)) return static_cast<int64_t>(*d);
    }
  return 0;
}

}  // namespace

std::string describe(const RunKey& k) {
  return "board " + (k.board.empty() ? std::string("none") : k.board) + ", model " + short_hash(k.model_sha256) +
         ", dataset " + short_hash(k.dataset_sha256) + ", firmware config '" + k.firmware_config + "'";
}

int64_t resolve_run(const store::RunStore& db, const std::string& ref) {
  if (ref == "last" || ref == "latest") {
    store::RunFilter f;
    f.limit = 1;
    auto runs = db.list_runs(f);
    if (runs.empty()) throw Error(db.path() + ": no runs stored yet");
    return runs[0].id;
  }
  if (!ref.empty() && ref.size() < 19 && ref.find_first_not_of("0123456789") == std::string::npos) {
    const int64_t id = std::stoll(ref);
    if (db.find_run(id)) return id;
  }
  if (!ref.empty() && ref.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos)
    if (auto id = db.find_run_by_uuid(ref)) return *id;
  throw Error(db.path() + ": no run '" + ref + "' (give a run id, a uuid prefix, or 'last')");
}

RunKey run_key(store::RunStore& db, int64_t run) {
  store::Stmt s = db.db().prepare(std::string("SELECT coalesce(b.name, ''), m.sha256, coalesce(d.manifest_sha256, ''), "
                                              "coalesce(f.config, '') ") +
                                  kKeyFrom + " WHERE r.id = ?1");
  s.bind(1, run);
  if (!s.step()) throw Error(db.path() + ": no run " + std::to_string(run));
  return {s.text(0), s.text(1), s.text(2), s.text(3)};
}

RunData load_run(store::RunStore& db, int64_t run) {
  RunData d;
  auto info = db.find_run(run);
  if (!info) throw Error(db.path() + ": no run " + std::to_string(run));
  d.info = std::move(*info);
  d.key = run_key(db, run);
  d.samples = db.sample_stats(run);
  d.ops = db.op_timings(run);

  store::Stmt s = db.db().prepare(std::string("SELECT coalesce(d.class_names, '[]'), m.arena_bytes, m.weight_bytes, "
                                              "coalesce(f.code_bytes, 0) ") +
                                  kKeyFrom + " WHERE r.id = ?1");
  s.bind(1, run);
  s.step();
  const auto names = nlohmann::json::parse(s.text(0), nullptr, /*allow_exceptions=*/false);
  if (names.is_array())
    for (const auto& n : names) d.class_names.push_back(n.is_string() ? n.get<std::string>() : n.dump());
  // A per-run metric wins over the tables: models rows are keyed by sha256 and
  // overwritten by every import, so only a metric records what this run had.
  const auto metrics = db.metrics(run);
  auto item = [&](const char* name, int64_t table_value, const char* table) {
    const int64_t m = metric_int(metrics, name);
    if (m > 0) return FootprintItem{name, m, "run metric"};
    if (table_value > 0) return FootprintItem{name, table_value, table};
    return FootprintItem{name, 0, ""};
  };
  d.footprint = {item("arena_bytes", s.int64(1), "models table"), item("plan_bytes", 0, ""),
                 item("weight_bytes", s.int64(2), "models table"), item("code_bytes", s.int64(3), "firmware table")};
  return d;
}

std::optional<int64_t> previous_run(store::RunStore& db, int64_t run) {
  const RunKey k = run_key(db, run);
  const auto info = db.find_run(run);
  store::Stmt s = db.db().prepare(
      std::string("SELECT r.id ") + kKeyFrom +
      " WHERE r.status = 'complete' AND coalesce(b.name, '') = ?1 AND m.sha256 = ?2 "
      "AND coalesce(d.manifest_sha256, '') = ?3 AND coalesce(f.config, '') = ?4 "
      "AND (r.started_at < ?5 OR (r.started_at = ?5 AND r.id < ?6)) ORDER BY r.started_at DESC, r.id DESC LIMIT 1");
  s.bind_all(k.board, k.model_sha256, k.dataset_sha256, k.firmware_config, info->started_at, run);
  if (!s.step()) return std::nullopt;
  return s.int64(0);
}

}  // namespace hb::check
