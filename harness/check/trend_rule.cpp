// Trend: a slow creep (0.8 % a night) passes every pairwise check against
// the previous run; the series of the last N comparable runs shows it.
// Theil-Sen slope (median of pairwise slopes: one odd night cannot tilt it)
// gives the drift over the window; Mann-Kendall (rank test for a monotone
// trend) says whether a noisy timer's drift is real.
#include <algorithm>
#include <cmath>

#include "check/format.h"
#include "check/rules.h"
#include "check/stats.h"
#include "check/tick_quality.h"

namespace hb::check {

namespace {

// P(S >= s) for the Mann-Kendall statistic of n tie-free values under H0
// (every order equally likely): S = pairs - 2 x inversions, and the number
// of permutations with k inversions is the Mahonian number M(n, k).
double mk_exact_upper(size_t n, double s) {
  const size_t pairs = n * (n - 1) / 2;
  std::vector<double> m(pairs + 1, 0.0);
  m[0] = 1;
  for (size_t i = 2; i <= n; ++i) {  // add element i: 0..i-1 new inversions
    std::vector<double> next(pairs + 1, 0.0);
    for (size_t k = 0; k <= pairs; ++k)
      if (m[k] != 0)
        for (size_t j = 0; j < i && k + j <= pairs; ++j) next[k + j] += m[k];
    m = std::move(next);
  }
  double total = 0, tail = 0;
  for (size_t k = 0; k <= pairs; ++k) {
    total += m[k];
    if (static_cast<double>(pairs) - 2.0 * static_cast<double>(k) >= s - 1e-9) tail += m[k];
  }
  return tail / total;
}

}  // namespace

TrendResult trend_of(std::span<const double> y, bool deterministic, double threshold, double alpha) {
  TrendResult t;
  t.n = y.size();
  if (t.n < 2) return t;
  std::vector<double> slopes;
  bool ties = false;
  for (size_t i = 0; i < t.n; ++i)
    for (size_t j = i + 1; j < t.n; ++j) {
      slopes.push_back((y[j] - y[i]) / static_cast<double>(j - i));
      const double d = y[j] - y[i];
      t.mk_s += d > 0 ? 1 : d < 0 ? -1 : 0;
      ties |= d == 0;
    }
  const double slope = median(slopes);
  std::vector<double> icpt;
  for (size_t i = 0; i < t.n; ++i) icpt.push_back(y[i] - slope * static_cast<double>(i));
  const double first = median(icpt);
  const double ref = first > 0 ? first : 1.0;
  t.slope_rel = slope / ref;
  t.drift = slope * static_cast<double>(t.n - 1) / ref;
  // One-sided (an increase): a speed-up is no regression.
  if (!ties && t.n <= 12) {
    t.mk_p = mk_exact_upper(t.n, t.mk_s);
  } else {
    // Normal approximation with the tie correction of Kendall (1975).
    const double n = static_cast<double>(t.n);
    double var = n * (n - 1) * (2 * n + 5);
    std::vector<double> v(y.begin(), y.end());
    std::sort(v.begin(), v.end());
    for (size_t i = 0; i < v.size();) {
      size_t j = i;
      while (j < v.size() && v[j] == v[i]) ++j;
      const double g = static_cast<double>(j - i);
      var -= g * (g - 1) * (2 * g + 5);
      i = j;
    }
    var /= 18;
    t.mk_p = var > 0 && t.mk_s > 0 ? normal_sf((t.mk_s - 1) / std::sqrt(var)) : 1.0;
  }
  // The checked run must itself be past the drift's start, so a series that
  // rose and came back down is not called a creep.
  const bool last_up = y[t.n - 1] > y[0];
  // Deterministic medians are exact: the drift alone decides (a monotone
  // series of 3 can never be significant). Noisy ones need Mann-Kendall too.
  t.creep = t.drift > threshold && last_up && t.mk_s > 0 && (deterministic || t.mk_p < alpha);
  return t;
}

RuleResult trend_rule(const std::vector<RunData>& history, const TimingOptions& to, const TrendOptions& o) {
  RuleResult r;
  r.rule = "trend";
  if (history.size() < o.min_runs) {
    r.summary = fmt("skipped: %zu comparable run(s) with this timer, the trend needs %zu", history.size(), o.min_runs);
    return r;
  }
  std::vector<double> medians;
  std::vector<int64_t> ids;
  for (const auto& h : history) {
    const TickQuality q = assess_ticks(h.samples, to.warmup);
    if (q.valid.empty()) continue;
    medians.push_back(q.median);
    ids.push_back(h.info.id);
  }
  if (medians.size() < o.min_runs) {
    r.summary = fmt("skipped: only %zu comparable run(s) have timings", medians.size());
    return r;
  }
  const auto& last = history.back().info;
  const bool det = deterministic_timer(last.timer_source);
  const double threshold = det ? to.rel_threshold : to.noisy_threshold;
  const TrendResult t = trend_of(medians, det, threshold, to.alpha);
  r.verdict = t.creep ? Verdict::Fail : Verdict::Pass;
  r.summary = fmt("%zu runs (%lld..%lld): Theil-Sen %+.2f %% per run, drift %+.2f %% over the window, threshold %s",
                  t.n, static_cast<long long>(ids.front()), static_cast<long long>(ids.back()), t.slope_rel * 100,
                  t.drift * 100, percent(threshold).c_str());
  if (t.creep) r.summary += ": CREEP";
  r.details.push_back(fmt(
      "medians %s: %s; Mann-Kendall S = %.0f, one-sided p = %.3g%s", last.time_unit.c_str(),
      [&] {
        std::string s;
        for (double m : medians) s += (s.empty() ? "" : " ") + fmt("%.0f", m);
        return s;
      }()
          .c_str(),
      t.mk_s, t.mk_p,
      det ? " (deterministic timer: the drift alone decides)"
          : fmt(" (alpha %.3g, needed for a noisy timer)", to.alpha).c_str()));
  r.data = {{"runs", ids},
            {"medians", medians},
            {"slope_rel", t.slope_rel},
            {"drift", t.drift},
            {"threshold", threshold},
            {"mann_kendall_s", t.mk_s},
            {"mann_kendall_p", t.mk_p},
            {"deterministic_timer", det},
            {"creep", t.creep}};
  return r;
}

}  // namespace hb::check
