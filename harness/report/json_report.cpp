#include "report/json_report.h"

#include "report/model_card_tables.h"
#include "report/report_series.h"
#include "report/time_units.h"

namespace hb::report {

namespace {

using nlohmann::json;

template <class T>
json opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

json run_json(const RunPoint& r) {
  const auto& s = r.summary;
  json j{{"run_id", r.id},
         {"uuid", r.uuid},
         {"status", std::string(store::to_string(r.status))},
         {"started_at", r.started_at},
         {"duration_s", opt(r.duration_s)},
         {"dataset", r.dataset},
         {"git_rev", r.git_rev},
         {"host", r.host},
         {"firmware", r.firmware},
         {"images", s.samples},
         {"labelled", s.labeled},
         {"compared", s.compared},
         {"bit_exact", s.bit_exact},
         {"fully_bit_exact", r.fully_bit_exact()},
         {"top1_device", opt(s.device_top1())},
         {"top1_host", opt(s.host_top1())},
         {"timer_source", r.timer_source},
         {"timer", timer_label(r.timer_source)},
         {"time_unit", r.time_unit},
         {"timer_hz", r.timer_hz}};
  if (s.ticks) {
    j["time"] = {{"n", s.ticks->n},
                 {"min", s.ticks->min},
                 {"max", s.ticks->max},
                 {"mean", s.ticks->mean},
                 {"median", s.ticks->median},
                 {"p90", s.ticks->p90},
                 {"median_ms", opt(ticks_to_ms(s.ticks->median, r.time_unit, r.timer_hz))},
                 {"p90_ms", opt(ticks_to_ms(s.ticks->p90, r.time_unit, r.timer_hz))}};
  } else {
    j["time"] = nullptr;
  }
  if (!r.error.empty()) j["error"] = r.error;
  j["recoveries"] = json::array();
  for (const auto& x : r.recoveries)
    j["recoveries"].push_back({{"sample_idx", x.sample_idx},
                               {"attempt", x.attempt},
                               {"cause", x.cause},
                               {"ok", x.ok},
                               {"at", x.at},
                               {"detail", x.detail}});
  return j;
}

json key_json(const KeyReport& k) {
  const Footprint& f = k.footprint;
  json j{{"board", k.board.name},
         {"board_title", k.board.title},
         {"series", k.board.series},
         {"core", k.board.core},
         {"clock_hz", k.board.clock_hz},
         {"emulated", k.board.emulated},
         {"execution_engine", k.board.engine},
         {"frequency", k.board.frequency},
         {"model", k.model.name},
         {"model_sha256", k.model.sha256},
         {"format", k.model.format},
         {"resolution", k.model.resolution},
         {"memory_footprint",
          {{"activation_ram", opt(f.activation_ram)},
           {"runtime_ram", opt(f.runtime_ram)},
           {"weights_flash", opt(f.weights_flash)},
           {"code_flash", opt(f.code_flash)},
           {"total_ram", opt(f.total_ram)},
           {"total_flash", opt(f.total_flash)},
           {"source", f.source}}},
         {"latest_run", k.latest() ? run_json(*k.latest()) : json(nullptr)},
         {"latest_complete_run", k.latest_complete() ? run_json(*k.latest_complete()) : json(nullptr)},
         {"runs", json::array()}};
  for (const RunPoint& r : k.runs) j["runs"].push_back(run_json(r));
  return j;
}

json series_json(const std::vector<Series>& v) {
  json a = json::array();
  for (const Series& s : v) {
    json pts = json::array();
    for (const TrendPoint& p : s.points)
      pts.push_back({{"run_id", p.run_id}, {"started_at", p.started_at}, {"value", p.value}});
    a.push_back({{"name", s.name}, {"unit", s.unit}, {"points", pts}});
  }
  return a;
}

}  // namespace

json json_report(const Report& rep) {
  json j{{"generator", "hilbench report"},
         {"generated_at", rep.generated_at},
         {"db", rep.db_path},
         {"runs_selected", rep.n_runs},
         {"keys", json::array()},
         {"tables", json::array()},
         {"series", json::object()}};
  for (const KeyReport& k : rep.keys) j["keys"].push_back(key_json(k));
  for (const Table& t : model_card_tables(rep))
    j["tables"].push_back(
        {{"id", t.id}, {"title", t.title}, {"header", t.header}, {"rows", t.rows}, {"notes", t.notes}});
  j["series"]["time_trend"] = series_json(time_trend(rep));
  j["series"]["accuracy_trend"] = series_json(accuracy_trend(rep));
  j["series"]["latency"] = json::array();
  for (const BoxStats& b : latency_boxes(rep))
    j["series"]["latency"].push_back({{"name", b.name},
                                      {"unit", b.unit},
                                      {"run_id", b.run_id},
                                      {"n", b.n},
                                      {"min", b.min},
                                      {"q1", b.q1},
                                      {"median", b.median},
                                      {"q3", b.q3},
                                      {"max", b.max}});
  j["series"]["op_share"] = json::array();
  for (const OpShare& o : op_shares(rep)) {
    json shares = json::object();
    for (const auto& [kind, f] : o.shares) shares[kind] = f;
    j["series"]["op_share"].push_back(
        {{"name", o.name}, {"run_id", o.run_id}, {"total_ticks", o.total_ticks}, {"unit", o.unit}, {"shares", shares}});
  }
  return j;
}

}  // namespace hb::report
