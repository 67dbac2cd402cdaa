// Timing: did the median inference time shift beyond what the baseline's own
// noise explains, and is the shift statistically real?
#include <cmath>

#include "check/format.h"
#include "check/rules.h"
#include "check/stats.h"

namespace hb::check {

TimingComparison compare_timing(std::span<const double> base, std::span<const double> cand, const TimingOptions& o) {
  TimingComparison c;
  c.n_base = base.size();
  c.n_cand = cand.size();
  c.base_median = median(std::vector<double>(base.begin(), base.end()));
  c.cand_median = median(std::vector<double>(cand.begin(), cand.end()));
  c.base_mad = mad_scaled(base);
  c.cand_mad = mad_scaled(cand);
  const double ref = c.base_median > 0 ? c.base_median : 1.0;  // zero ticks: compare in absolute ticks
  c.shift = (c.cand_median - c.base_median) / ref;
  // A single inference's spread is the yardstick, not the median's standard
  // error: separate runs on a shared host drift by about that much, and a
  // nightly job must not fail on drift.
  c.threshold = std::max(o.rel_threshold, o.k_mad * c.base_mad / ref);
  const MannWhitney mw = mann_whitney(base, cand);
  c.u = mw.u;
  c.z = mw.z;
  c.p = mw.p;
  c.exact = mw.exact;
  // Zero dispersion (cycle or instruction counts of data-independent code):
  // the medians are exact, so any shift past the threshold is real, however
  // few samples there are.
  c.deterministic = c.base_mad == 0 && c.cand_mad == 0;
  const bool significant = c.deterministic || c.p < o.alpha;
  c.slower = c.shift > c.threshold && significant;
  c.faster = -c.shift > c.threshold && significant;
  return c;
}

namespace {

std::vector<double> ticks_of(const RunData& r) {
  std::vector<double> v;
  for (const auto& s : r.samples)
    if (s.ticks) v.push_back(static_cast<double>(*s.ticks));
  return v;
}

}  // namespace

RuleResult timing_rule(const RunData& base, const RunData& cand, const TimingOptions& o) {
  RuleResult r;
  r.rule = "timing";
  const auto& bi = base.info;
  const auto& ci = cand.info;
  r.data["timer_source"] = {bi.timer_source, ci.timer_source};
  r.data["time_unit"] = {bi.time_unit, ci.time_unit};
  if (bi.timer_source != ci.timer_source || bi.time_unit != ci.time_unit) {
    r.verdict = Verdict::Incomparable;
    r.summary = "not comparable: baseline timed by " + bi.timer_source + " in " + bi.time_unit + ", this run by " +
                ci.timer_source + " in " + ci.time_unit;
    return r;
  }
  const std::vector<double> b = ticks_of(base), c = ticks_of(cand);
  if (b.empty() || c.empty()) {
    r.summary = std::string("no timings in the ") + (b.empty() ? "baseline" : "checked run");
    return r;
  }
  const TimingComparison t = compare_timing(b, c, o);
  const std::string unit = ci.time_unit;
  r.verdict = t.slower ? Verdict::Fail : Verdict::Pass;
  r.summary = fmt("median %.0f -> %.0f %s (%+.2f %%), threshold %s", t.base_median, t.cand_median, unit.c_str(),
                  t.shift * 100, percent(t.threshold).c_str());
  if (t.slower)
    r.summary += ": SLOWER";
  else if (t.faster)
    r.summary += ": faster";
  std::string how = fmt("threshold = max(%s, %.2g x baseline MAD %.0f %s = %s); ", percent(o.rel_threshold).c_str(),
                        o.k_mad, t.base_mad, unit.c_str(), percent(t.base_mad / std::max(t.base_median, 1.0)).c_str());
  if (t.deterministic)
    how += "MAD 0 in both runs (" + ci.timer_source + "): deterministic, the shift alone decides";
  else
    how += fmt("Mann-Whitney %s p = %.3g (alpha %.3g)", t.exact ? "exact" : "normal approx.", t.p, o.alpha);
  how += fmt("; n %zu vs %zu", t.n_base, t.n_cand);
  r.details.push_back(how);
  if (!t.deterministic && std::fabs(t.shift) > t.threshold && !(t.p < o.alpha))
    r.details.push_back("the shift is past the threshold but not significant (too few samples or too noisy)");
  r.data.update({{"n_base", t.n_base},
                 {"n_cand", t.n_cand},
                 {"base_median", t.base_median},
                 {"cand_median", t.cand_median},
                 {"shift", t.shift},
                 {"base_mad_scaled", t.base_mad},
                 {"cand_mad_scaled", t.cand_mad},
                 {"threshold", t.threshold},
                 {"rel_threshold", o.rel_threshold},
                 {"k_mad", o.k_mad},
                 {"deterministic", t.deterministic},
                 {"mann_whitney", {{"u", t.u}, {"z", t.z}, {"p", t.p}, {"exact", t.exact}, {"alpha", o.alpha}}},
                 {"slower", t.slower},
                 {"faster", t.faster}});
  return r;
}

}  // namespace hb::check
