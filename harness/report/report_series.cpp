#include "report/report_series.h"

#include <algorithm>
#include <map>

#include "report/time_units.h"
#include "store/summary.h"

namespace hb::report {

std::string key_name(const KeyReport& k) { return k.board.name + " / " + k.model.name; }

std::vector<Series> time_trend(const Report& rep) {
  std::vector<Series> out;
  for (size_t i = 0; i < rep.keys.size(); ++i) {
    const KeyReport& k = rep.keys[i];
    std::map<std::string, Series> by_unit;  // a key whose timer changed gets one series per unit
    for (const RunPoint& r : k.runs) {
      if (!r.complete() || !r.summary.ticks || !r.started_s) continue;
      const std::string unit = display_unit(r.time_unit, r.timer_hz);
      Series& s = by_unit[unit];
      s.unit = unit;
      s.key = i;
      s.points.push_back(
          {*r.started_s, to_display(r.summary.ticks->median, r.time_unit, r.timer_hz), r.id, r.started_at});
    }
    for (auto& [unit, s] : by_unit) {
      s.name = key_name(k) + (by_unit.size() > 1 ? " [" + unit + "]" : "");
      out.push_back(std::move(s));
    }
  }
  return out;
}

std::vector<Series> accuracy_trend(const Report& rep) {
  std::vector<Series> out;
  for (size_t i = 0; i < rep.keys.size(); ++i) {
    const KeyReport& k = rep.keys[i];
    Series s{key_name(k), "%", i, {}};
    for (const RunPoint& r : k.runs) {
      const auto top1 = r.summary.device_top1();
      if (!r.complete() || !top1 || !r.started_s) continue;
      s.points.push_back({*r.started_s, *top1 * 100.0, r.id, r.started_at});
    }
    if (!s.points.empty()) out.push_back(std::move(s));
  }
  return out;
}

std::vector<BoxStats> latency_boxes(const Report& rep) {
  std::vector<BoxStats> out;
  for (size_t i = 0; i < rep.keys.size(); ++i) {
    const KeyReport& k = rep.keys[i];
    const RunPoint* r = k.latest_complete();
    if (!r || k.latest_ticks.empty()) continue;
    auto conv = [&](double v) { return to_display(v, r->time_unit, r->timer_hz); };
    BoxStats b;
    b.name = key_name(k);
    b.unit = display_unit(r->time_unit, r->timer_hz);
    b.key = i;
    b.run_id = r->id;
    b.n = static_cast<int64_t>(k.latest_ticks.size());
    b.min = conv(store::percentile(k.latest_ticks, 0.0));
    b.q1 = conv(store::percentile(k.latest_ticks, 0.25));
    b.median = conv(store::percentile(k.latest_ticks, 0.5));
    b.q3 = conv(store::percentile(k.latest_ticks, 0.75));
    b.max = conv(store::percentile(k.latest_ticks, 1.0));
    out.push_back(b);
  }
  return out;
}

std::vector<OpShare> op_shares(const Report& rep) {
  std::vector<OpShare> out;
  for (size_t i = 0; i < rep.keys.size(); ++i) {
    const KeyReport& k = rep.keys[i];
    if (!k.op_run) continue;
    OpShare o{key_name(k), i, *k.op_run, 0, "", {}};
    for (const RunPoint& r : k.runs)
      if (r.id == *k.op_run) o.unit = r.time_unit;
    for (const auto& op : k.op_ticks) o.total_ticks += op.second;
    if (o.total_ticks <= 0) continue;
    for (const auto& [kind, t] : k.op_ticks)
      o.shares.emplace_back(kind, static_cast<double>(t) / static_cast<double>(o.total_ticks));
    std::stable_sort(o.shares.begin(), o.shares.end(), [](auto& a, auto& b) { return a.second > b.second; });
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace hb::report
