// Timing: did the median inference time shift beyond what the timer's noise
// explains, and is the shift statistically real? Deterministic timers (cycles,
// instructions) keep a tight threshold; clock and pmu timers also allow for
// the spread between runs seen in the baseline's history.
#include <cmath>

#include "check/format.h"
#include "check/rules.h"
#include "check/stats.h"
#include "check/tick_quality.h"

namespace hb::check {

bool deterministic_timer(const std::string& timer_source) {
  return timer_source == "dwt" || timer_source == "systick-icount";
}

NoiseModel noise_model(const std::string& timer_source, std::span<const double> run_medians) {
  NoiseModel nm;
  nm.deterministic_source = deterministic_timer(timer_source);
  nm.history_runs = run_medians.size();
  // Three runs are the fewest whose MAD says anything about a spread.
  if (run_medians.size() >= 3) {
    const double m = median(std::vector<double>(run_medians.begin(), run_medians.end()));
    if (m > 0) nm.between_rel = mad_scaled(run_medians) / m;
  }
  return nm;
}

TimingComparison compare_timing(std::span<const double> base, std::span<const double> cand, const TimingOptions& o,
                                const NoiseModel& nm) {
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
  c.noisy_source = !nm.deterministic_source;
  c.between_rel = nm.between_rel;
  // A host clock (or a PMU under an OS) also moves between runs by more than
  // within one: whole runs land on a busier moment. The floor covers that
  // until the history has measured it.
  if (c.noisy_source) c.threshold = std::max({c.threshold, o.noisy_threshold, o.k_between * nm.between_rel});
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

RuleResult timing_rule(const RunData& base, const RunData& cand, const TimingOptions& o, const NoiseModel& nm) {
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
  const TickQuality qb = assess_ticks(base.samples, o.warmup), qc = assess_ticks(cand.samples, o.warmup);
  const std::vector<double>&b = qb.valid, &c = qc.valid;
  if (b.empty() || c.empty()) {
    r.summary = std::string("no timings in the ") + (b.empty() ? "baseline" : "checked run") +
                (o.warmup ? " (after " + std::to_string(o.warmup) + " warm-up)" : std::string());
    return r;
  }
  const TimingComparison t = compare_timing(b, c, o, nm);
  const std::string unit = ci.time_unit;
  r.verdict = t.slower ? Verdict::Fail : Verdict::Pass;
  r.summary = fmt("median %.0f -> %.0f %s (%+.2f %%), threshold %s", t.base_median, t.cand_median, unit.c_str(),
                  t.shift * 100, percent(t.threshold).c_str());
  if (t.slower)
    r.summary += ": SLOWER";
  else if (t.faster)
    r.summary += ": faster";
  std::string how;
  if (t.noisy_source)
    how =
        fmt("%s is a noisy timer: threshold = max(%s floor, %.2g x run MAD %s, %.2g x between-run spread %s over "
            "%zu runs); ",
            ci.timer_source.c_str(), percent(o.noisy_threshold).c_str(), o.k_mad,
            percent(t.base_mad / std::max(t.base_median, 1.0)).c_str(), o.k_between,
            nm.history_runs >= 3 ? percent(t.between_rel).c_str() : "unknown", nm.history_runs);
  else
    how = fmt("threshold = max(%s, %.2g x baseline MAD %.0f %s = %s); ", percent(o.rel_threshold).c_str(), o.k_mad,
              t.base_mad, unit.c_str(), percent(t.base_mad / std::max(t.base_median, 1.0)).c_str());
  if (t.deterministic)
    how += "MAD 0 in both runs (" + ci.timer_source + "): deterministic, the shift alone decides";
  else
    how += fmt("Mann-Whitney %s p = %.3g (alpha %.3g)", t.exact ? "exact" : "normal approx.", t.p, o.alpha);
  how += fmt("; n %zu vs %zu", t.n_base, t.n_cand);
  r.details.push_back(how);
  if (!t.deterministic && std::fabs(t.shift) > t.threshold && !(t.p < o.alpha))
    r.details.push_back("the shift is past the threshold but not significant (too few samples or too noisy)");
  if (const std::string s = qc.summary(unit); !s.empty()) r.details.push_back("this run: " + s);
  if (!qb.clean()) r.details.push_back("baseline: " + qb.summary(unit));
  auto quality = [](const TickQuality& q) {
    return nlohmann::json{{"warmup", q.warmup},
                          {"warmup_ticks", q.warmup_ticks},
                          {"zero", q.zero},
                          {"wrapped", q.wrapped},
                          {"outliers", q.outliers}};
  };
  r.data.update({{"n_base", t.n_base},
                 {"n_cand", t.n_cand},
                 {"base_median", t.base_median},
                 {"cand_median", t.cand_median},
                 {"shift", t.shift},
                 {"base_mad_scaled", t.base_mad},
                 {"cand_mad_scaled", t.cand_mad},
                 {"threshold", t.threshold},
                 {"rel_threshold", o.rel_threshold},
                 {"noisy_threshold", o.noisy_threshold},
                 {"k_mad", o.k_mad},
                 {"k_between", o.k_between},
                 {"noisy_source", t.noisy_source},
                 {"between_run_rel", t.between_rel},
                 {"history_runs", nm.history_runs},
                 {"deterministic", t.deterministic},
                 {"mann_whitney", {{"u", t.u}, {"z", t.z}, {"p", t.p}, {"exact", t.exact}, {"alpha", o.alpha}}},
                 {"tick_quality", {{"baseline", quality(qb)}, {"run", quality(qc)}}},
                 {"slower", t.slower},
                 {"faster", t.faster}});
  return r;
}

}  // namespace hb::check
