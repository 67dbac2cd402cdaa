#include "check/op_profile.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "check/format.h"
#include "check/stats.h"

namespace hb::check {

std::vector<OpStat> op_profile(std::span<const store::OpTiming> timings) {
  std::map<int64_t, std::pair<std::string, std::vector<double>>> by_op;
  for (const auto& t : timings) {
    auto& e = by_op[t.op_index];
    e.first = t.op_kind;
    e.second.push_back(static_cast<double>(t.ticks));
  }
  std::vector<OpStat> out;
  double total = 0;
  for (auto& [idx, e] : by_op) {
    OpStat s;
    s.op_index = idx;
    s.op_kind = e.first;
    s.samples = static_cast<int64_t>(e.second.size());
    s.median = median(std::move(e.second));
    total += s.median;
    out.push_back(std::move(s));
  }
  for (auto& s : out) s.share = total > 0 ? s.median / total : 0;
  return out;
}

OpDiff op_diff(std::span<const store::OpTiming> base, std::span<const store::OpTiming> cand) {
  OpDiff d;
  if (base.empty() || cand.empty()) {
    d.why = std::string("no per-op timings in ") +
            (base.empty() && cand.empty() ? "either run"
             : base.empty()               ? "the baseline"
                                          : "the checked run") +
            " (hilbench run --per-op)";
    return d;
  }
  const auto b = op_profile(base), c = op_profile(cand);
  bool same = b.size() == c.size();
  for (size_t i = 0; same && i < b.size(); ++i) same = b[i].op_index == c[i].op_index && b[i].op_kind == c[i].op_kind;
  if (!same) {
    d.why = fmt("the runs have different op lists (%zu vs %zu ops)", b.size(), c.size());
    return d;
  }
  d.available = true;
  for (size_t i = 0; i < b.size(); ++i) {
    OpChange ch;
    ch.op_index = b[i].op_index;
    ch.op_kind = b[i].op_kind;
    ch.base = b[i].median;
    ch.cand = c[i].median;
    ch.delta = ch.cand - ch.base;
    ch.rel = ch.base > 0 ? ch.delta / ch.base : 0;
    d.changes.push_back(std::move(ch));
  }
  std::stable_sort(d.changes.begin(), d.changes.end(),
                   [](const OpChange& x, const OpChange& y) { return std::fabs(x.delta) > std::fabs(y.delta); });
  return d;
}

std::string op_profile_text(const std::vector<OpStat>& ops, size_t top, const std::string& unit) {
  if (ops.empty()) return "no per-op timings in this run (record them with hilbench run --per-op)\n";
  std::vector<OpStat> v = ops;
  std::stable_sort(v.begin(), v.end(), [](const OpStat& a, const OpStat& b) { return a.median > b.median; });
  double total = 0;
  for (const auto& s : ops) total += s.median;
  std::string o = fmt("per-op time: %zu ops, sum of medians %.0f %s (median over samples per op)\n", ops.size(), total,
                      unit.c_str());
  o += fmt("  %5s  %-20s %14s %8s %8s\n", "op", "kind", "median", "share", "cum.");
  double cum = 0;
  for (size_t i = 0; i < v.size() && i < top; ++i) {
    cum += v[i].share;
    o += fmt("  %5lld  %-20.20s %14.0f %7.2f%% %7.2f%%\n", static_cast<long long>(v[i].op_index), v[i].op_kind.c_str(),
             v[i].median, v[i].share * 100, cum * 100);
  }
  if (v.size() > top) o += fmt("  ... %zu more ops (%.2f%% of the time)\n", v.size() - top, (1 - cum) * 100);
  return o;
}

std::string op_compare_text(const std::vector<OpStat>& a, const std::string& a_name, const std::string& a_unit,
                            const std::vector<OpStat>& b, const std::string& b_name, const std::string& b_unit,
                            size_t top, std::string* why) {
  if (a.empty() || b.empty()) {
    *why = "no per-op timings in " + (a.empty() ? a_name : b_name) + " (record them with hilbench run --per-op)";
    return {};
  }
  if (a.size() != b.size()) {
    *why = a_name + " has " + std::to_string(a.size()) + " timed ops, " + b_name + " " + std::to_string(b.size());
    return {};
  }
  std::vector<size_t> order(a.size());
  for (size_t i = 0; i < a.size(); ++i) {
    order[i] = i;
    if (a[i].op_index != b[i].op_index || a[i].op_kind != b[i].op_kind) {
      *why = "op " + std::to_string(a[i].op_index) + " is " + a[i].op_kind + " in " + a_name + " but op " +
             std::to_string(b[i].op_index) + " is " + b[i].op_kind + " in " + b_name + " (different models?)";
      return {};
    }
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    return std::fabs(b[x].share - a[x].share) > std::fabs(b[y].share - a[y].share);
  });
  std::string o = fmt("per-op profile, %s vs %s (shares of each run's summed op medians compare across timers)\n",
                      a_name.c_str(), b_name.c_str());
  o += fmt("  %5s  %-16s %14s %8s %14s %8s %9s\n", "op", "kind", a_unit.c_str(), "share", b_unit.c_str(), "share",
           "d share");
  for (size_t k = 0; k < order.size() && k < top; ++k) {
    const size_t i = order[k];
    o += fmt("  %5lld  %-16.16s %14.0f %7.2f%% %14.0f %7.2f%% %+8.2f\n", static_cast<long long>(a[i].op_index),
             a[i].op_kind.c_str(), a[i].median, a[i].share * 100, b[i].median, b[i].share * 100,
             (b[i].share - a[i].share) * 100);
  }
  if (order.size() > top) o += fmt("  ... %zu more ops\n", order.size() - top);
  return o;
}

nlohmann::json op_profile_json(const std::vector<OpStat>& ops) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& s : ops)
    a.push_back({{"op_index", s.op_index},
                 {"op_kind", s.op_kind},
                 {"samples", s.samples},
                 {"median_ticks", s.median},
                 {"share", s.share}});
  return a;
}

}  // namespace hb::check
