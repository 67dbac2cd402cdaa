#include "report/report_data.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <set>
#include <tuple>

#include "common/error.h"
#include "report/iso_time.h"

namespace hb::report {

namespace {

struct BoardRow {
  std::string core;
  int64_t clock_hz = 0;
};

std::map<std::string, BoardRow> read_boards(store::RunStore& db) {
  std::map<std::string, BoardRow> out;
  store::Stmt s = db.db().prepare("SELECT name, core, clock_hz FROM boards");
  while (s.step()) out[s.text(0)] = {s.text(1), s.int64(2)};
  return out;
}

ModelLabels model_labels(const std::string& sha, const std::string& name, const std::string& path,
                         const nlohmann::json& io, int64_t weights, int64_t arena) {
  ModelLabels m;
  m.sha256 = sha;
  m.name = name;
  m.path = path;
  m.weight_bytes = weights;
  m.arena_bytes = arena;
  const nlohmann::json in = io.is_object() && io.contains("input") ? io["input"] : nlohmann::json();
  const std::string type = in.is_object() ? in.value("type", "") : "";
  if (type == "INT8" || type == "UINT8")
    m.format = "Int8";
  else if (!type.empty())
    m.format = type;
  else
    m.format = "n/a";
  // ST writes an image input [1,H,W,C] as "HxWxC".
  if (in.is_object() && in.contains("shape") && in["shape"].is_array() && in["shape"].size() >= 2) {
    const auto& sh = in["shape"];
    for (size_t i = 1; i < sh.size(); ++i)
      if (sh[i].is_number_integer()) m.resolution += (i > 1 ? "x" : "") + std::to_string(sh[i].get<int64_t>());
  }
  return m;
}

std::map<std::string, ModelLabels> read_models(store::RunStore& db) {
  std::map<std::string, ModelLabels> out;
  store::Stmt s = db.db().prepare("SELECT sha256, name, path, io, weight_bytes, arena_bytes FROM models");
  while (s.step()) {
    nlohmann::json io = nlohmann::json::parse(s.text(3), nullptr, /*allow_exceptions=*/false);
    out[s.text(0)] = model_labels(s.text(0), s.text(1), s.text(2), io.is_discarded() ? nlohmann::json() : io,
                                  s.int64(4), s.int64(5));
  }
  return out;
}

RunPoint run_point(const store::RunStore& db, const store::RunInfo& r) {
  RunPoint p;
  p.id = r.id;
  p.uuid = r.uuid;
  p.status = r.status;
  p.started_at = r.started_at;
  p.started_s = parse_iso_utc(r.started_at);
  if (r.finished_at && p.started_s)
    if (auto f = parse_iso_utc(*r.finished_at)) p.duration_s = std::max(0.0, *f - *p.started_s);
  p.dataset = r.dataset_path;
  p.git_rev = r.git_rev;
  p.host = r.host;
  p.firmware = r.firmware_build;
  p.error = r.error;
  p.timer_source = r.timer_source;
  p.time_unit = r.time_unit;
  p.timer_hz = r.timer_hz;
  p.summary = db.summarize(r.id);
  p.recoveries = db.recoveries(r.id);
  return p;
}

std::map<std::string, int64_t> op_kind_ticks(store::RunStore& db, int64_t run) {
  std::map<std::string, int64_t> out;
  store::Stmt s = db.db().prepare("SELECT op_kind, sum(ticks) FROM op_timings WHERE run_id = ?1 GROUP BY op_kind");
  s.bind(1, run);
  while (s.step()) out[s.text(0)] = s.int64(1);
  return out;
}

std::vector<store::RunInfo> select_runs(store::RunStore& db, const Selection& sel) {
  std::vector<store::RunInfo> out;
  if (!sel.run_ids.empty()) {
    if (sel.last > 0 || sel.board || sel.model)
      throw Error("--runs cannot be combined with --last, --board or --model");
    std::set<int64_t> seen;
    for (int64_t id : sel.run_ids) {
      if (!seen.insert(id).second) continue;
      auto r = db.find_run(id);
      if (!r) throw Error(db.path() + ": no run " + std::to_string(id));
      out.push_back(*r);
    }
    return out;
  }
  store::RunFilter f;
  f.limit = sel.last > 0 ? sel.last : 0;
  f.board = sel.board;
  f.model = sel.model;
  return db.list_runs(f);
}

std::string now_iso() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

const RunPoint* KeyReport::latest_complete() const {
  for (auto it = runs.rbegin(); it != runs.rend(); ++it)
    if (it->complete()) return &*it;
  return nullptr;
}

const RunPoint* KeyReport::previous_complete() const {
  bool seen_latest = false;
  for (auto it = runs.rbegin(); it != runs.rend(); ++it) {
    if (!it->complete()) continue;
    if (seen_latest) return &*it;
    seen_latest = true;
  }
  return nullptr;
}

Report collect(store::RunStore& db, const Selection& sel) {
  Report rep;
  rep.db_path = db.path();
  rep.generated_at = now_iso();
  const std::vector<store::RunInfo> infos = select_runs(db, sel);
  rep.n_runs = static_cast<int64_t>(infos.size());
  const auto boards = read_boards(db);
  const auto models = read_models(db);

  std::map<std::pair<std::string, std::string>, KeyReport> keys;
  PlanCache plans;
  for (const store::RunInfo& r : infos) {
    auto [it, fresh] = keys.try_emplace({r.board_name, r.model_sha256});
    KeyReport& k = it->second;
    if (fresh) {
      const auto b = boards.find(r.board_name);
      k.board = board_labels(r.board_name, b == boards.end() ? "" : b->second.core,
                             b == boards.end() ? 0 : b->second.clock_hz, r.timer_source);
      const auto m = models.find(r.model_sha256);
      k.model = m != models.end() ? m->second : model_labels(r.model_sha256, r.model_name, "", {}, 0, 0);
      k.footprint =
          footprint_for(r.board_name, k.model.path, k.model.sha256, k.model.arena_bytes, k.model.weight_bytes, plans);
    }
    k.runs.push_back(run_point(db, r));
  }

  for (auto& entry : keys) {
    KeyReport& k = entry.second;
    std::sort(k.runs.begin(), k.runs.end(), [](const RunPoint& a, const RunPoint& b) {
      return std::tie(a.started_at, a.id) < std::tie(b.started_at, b.id);
    });
    if (const RunPoint* c = k.latest_complete())
      for (const auto& s : db.sample_stats(c->id))
        if (s.ticks) k.latest_ticks.push_back(*s.ticks);
    // Per-op timing is optional (--per-op): take the newest complete run that has it.
    for (auto it = k.runs.rbegin(); it != k.runs.rend() && !k.op_run; ++it) {
      if (!it->complete()) continue;
      auto ops = op_kind_ticks(db, it->id);
      if (ops.empty()) continue;
      k.op_ticks = std::move(ops);
      k.op_run = it->id;
    }
    rep.keys.push_back(std::move(k));
  }
  std::sort(rep.keys.begin(), rep.keys.end(), [](const KeyReport& a, const KeyReport& b) {
    return std::tie(a.board.name, a.model.name, a.model.sha256) < std::tie(b.board.name, b.model.name, b.model.sha256);
  });
  return rep;
}

std::vector<int64_t> parse_run_ids(const std::string& csv) {
  std::vector<int64_t> out;
  size_t pos = 0;
  while (pos <= csv.size()) {
    const size_t end = std::min(csv.find(',', pos), csv.size());
    const std::string tok = csv.substr(pos, end - pos);
    if (tok.empty() || tok.find_first_not_of("0123456789") != std::string::npos || tok.size() > 18)
      throw Error("--runs: '" + tok + "' is not a run id (give ID,ID,...)");
    out.push_back(std::stoll(tok));
    pos = end + 1;
  }
  return out;
}

}  // namespace hb::report
