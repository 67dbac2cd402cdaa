#include "check/run_data.h"

#include <algorithm>
#include <sstream>

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

std::string config_text(const nlohmann::json& c, const char* key) {
  if (!c.is_object() || !c.contains(key)) return "";
  const auto& v = c[key];
  return v.is_string() ? v.get<std::string>() : v.dump();
}

RunSetup setup_of(const store::RunInfo& i) {
  RunSetup s;
  const nlohmann::json& c = i.config;
  if (c.is_object() && c.contains("samples"))
    s.sample_set = config_text(c, "samples") + " samples, limit " + config_text(c, "limit");
  s.preprocess = config_text(c, "preprocess");
  if (c.is_object() && c.contains("per_op")) s.per_op = c["per_op"].is_boolean() && c["per_op"] ? "on" : "off";
  parse_fw_build(i.firmware_build, s);
  // The timer's own rate goes with its source, which the timing rule compares.
  const std::string core = config_text(c, "fw_core_clock_hz");
  if (!core.empty()) s.fw_clock = (s.fw_clock.empty() ? "" : s.fw_clock + ", ") + "core " + core + " Hz";
  return s;
}

}  // namespace

void parse_fw_build(const std::string& fw_build, RunSetup& s) {
  std::istringstream in(fw_build);
  std::string tok, version;
  while (in >> tok) {
    if (tok.rfind("rev:", 0) == 0)
      s.fw_revision = tok.substr(4);
    else if (tok.rfind("cflags:", 0) == 0)
      s.fw_cflags = tok.substr(7);
    else if (tok.rfind("clk:", 0) == 0)
      s.fw_clock = tok.substr(4);
    else
      version += (version.empty() ? "" : " ") + tok;
  }
  s.fw_version = version;
}

std::vector<std::string> setup_differences(const RunData& base, const RunData& cand) {
  std::vector<std::string> d;
  auto add = [&](const char* what, const std::string& a, const std::string& b) {
    if (a != b)
      d.push_back(std::string(what) + " ('" + (a.empty() ? "unknown" : a) + "' vs '" + (b.empty() ? "unknown" : b) +
                  "')");
  };
  const RunKey &a = base.key, &b = cand.key;
  const RunSetup &x = base.setup, &y = cand.setup;
  add("board", a.board, b.board);
  add("model sha256", a.model_sha256.substr(0, 12), b.model_sha256.substr(0, 12));
  add("dataset manifest", a.dataset_sha256.substr(0, 12), b.dataset_sha256.substr(0, 12));
  add("sample set", x.sample_set, y.sample_set);
  add("preprocessing", x.preprocess, y.preprocess);
  add("per-op timing", x.per_op, y.per_op);
  add("firmware config", a.firmware_config, b.firmware_config);
  add("firmware version", x.fw_version, y.fw_version);
  add("firmware compiler flags", x.fw_cflags, y.fw_cflags);
  add("firmware clock", x.fw_clock, y.fw_clock);
  return d;
}

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
  d.setup = setup_of(d.info);
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

namespace {

// Complete runs with the same key as `run` that started before it (or, with
// `inclusive`, are it), newest first, at most `cap`.
std::vector<int64_t> same_key_before(store::RunStore& db, int64_t run, bool inclusive, int cap) {
  const RunKey k = run_key(db, run);
  const auto info = db.find_run(run);
  store::Stmt s = db.db().prepare(std::string("SELECT r.id ") + kKeyFrom +
                                  " WHERE r.status = 'complete' AND coalesce(b.name, '') = ?1 AND m.sha256 = ?2 "
                                  "AND coalesce(d.manifest_sha256, '') = ?3 AND coalesce(f.config, '') = ?4 "
                                  "AND (r.started_at < ?5 OR (r.started_at = ?5 AND r.id < ?6) OR (?7 AND r.id = ?6)) "
                                  "ORDER BY r.started_at DESC, r.id DESC LIMIT ?8");
  s.bind_all(k.board, k.model_sha256, k.dataset_sha256, k.firmware_config, info->started_at, run,
             int64_t{inclusive ? 1 : 0}, int64_t{cap});
  std::vector<int64_t> ids;
  while (s.step()) ids.push_back(s.int64(0));
  return ids;
}

// Enough candidates to find a comparable one among runs of other setups.
constexpr int kCandidates = 500;

}  // namespace

std::optional<int64_t> previous_run(store::RunStore& db, int64_t run) {
  const RunData self = load_run(db, run);
  for (int64_t id : same_key_before(db, run, false, kCandidates))
    if (setup_differences(load_run(db, id), self).empty()) return id;
  return std::nullopt;
}

std::vector<RunData> comparable_history(store::RunStore& db, int64_t run, size_t n) {
  const RunData self = load_run(db, run);
  std::vector<RunData> out;
  for (int64_t id : same_key_before(db, run, true, kCandidates)) {
    if (out.size() >= n) break;
    RunData d = id == run ? self : load_run(db, id);
    if (d.info.timer_source != self.info.timer_source || d.info.time_unit != self.info.time_unit) continue;
    if (!setup_differences(d, self).empty()) continue;
    out.push_back(std::move(d));
  }
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace hb::check
