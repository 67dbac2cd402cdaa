// The regression rules of `hilbench check`. Each compares a checked run with
// its baseline (bit-exactness looks at the checked run alone) and returns a
// verdict with the numbers behind it. Defaults and reasoning: README.md here.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "check/run_data.h"

namespace hb::check {

enum class Verdict { Pass, Fail, Skip, Incomparable };
const char* to_string(Verdict v);  // "pass", "fail", "skip", "incomparable"

struct RuleResult {
  std::string rule;  // "timing", "accuracy", "bit-exact", "footprint"
  Verdict verdict = Verdict::Skip;
  std::string summary;                             // one line with the numbers
  std::vector<std::string> details;                // further lines (flipped images, per-class deltas, ...)
  nlohmann::json data = nlohmann::json::object();  // every number, for --json
};

struct TimingOptions {
  double rel_threshold = 0.01;    // deterministic timers: median shift that counts at all (fraction of the median)
  double noisy_threshold = 0.05;  // clock and pmu timers: the floor of their threshold
  double k_mad = 1.0;             // ... or k x the baseline's scaled MAD, whichever is larger
  double k_between = 3.0;         // clock and pmu: ... or k x the spread between comparable runs' medians
  size_t history = 10;            // comparable runs up to the baseline that give that spread
  double alpha = 0.01;            // Mann-Whitney significance level (noisy timers only)
  size_t warmup = 1;              // first inferences of a run kept out of the statistics
};

// How noisy a run's timer is, beyond the run's own spread.
struct NoiseModel {
  bool deterministic_source = true;  // dwt, systick-icount: cycles/instructions of a fixed program
  double between_rel = 0;            // scaled MAD of comparable runs' medians / their median; 0: unknown
  size_t history_runs = 0;           // how many runs gave between_rel (needs >= 3)
};
bool deterministic_timer(const std::string& timer_source);  // "dwt", "systick-icount"
// Between-run spread of a run history (runs' median ticks, warm-up excluded).
NoiseModel noise_model(const std::string& timer_source, std::span<const double> run_medians);

// The trend over the last N comparable runs (creep): Theil-Sen slope of the
// runs' median ticks, judged by the drift it implies over the window and,
// for noisy timers, Mann-Kendall significance. README.md has the why.
struct TrendOptions {
  size_t runs = 8;  // window: the checked run and the comparable runs before it
  size_t min_runs = 3;
};
struct TrendResult {
  size_t n = 0;
  double slope_rel = 0;  // Theil-Sen slope per run / fitted first value
  double drift = 0;      // fitted last / fitted first - 1 over the window
  double mk_s = 0, mk_p = 1;
  bool creep = false;
};
// `medians` in run order (oldest first).
TrendResult trend_of(std::span<const double> medians, bool deterministic, double threshold, double alpha);

struct AccuracyOptions {
  double alpha = 0.01;          // McNemar significance level
  double abs_threshold = 0.02;  // top-1 drop that fails when too few discordant pairs for the test
  int max_listed = 5;           // flipped images listed (one screen; --flips N for more)
};

struct FootprintOptions {
  double rel_threshold = 0.01;  // growth beyond this fraction fails
};

// The timing comparison on raw tick values (pure, for tests).
struct TimingComparison {
  size_t n_base = 0, n_cand = 0;
  double base_median = 0, cand_median = 0;
  double shift = 0;                   // (cand - base) / base median
  double base_mad = 0, cand_mad = 0;  // scaled MADs
  double threshold = 0;               // max(rel_threshold, k * base_mad / base median)
  bool deterministic = false;         // both MADs are 0: the medians are exact, the test is not needed
  bool noisy_source = false;          // clock/pmu: threshold also covers the between-run spread
  double between_rel = 0;             // that spread (fraction of the median); 0: unknown
  double u = 0, z = 0, p = 1;
  bool exact = false;
  bool slower = false;  // the regression verdict
  bool faster = false;  // beyond the threshold the other way (reported, not a failure)
};
TimingComparison compare_timing(std::span<const double> base, std::span<const double> cand, const TimingOptions& o,
                                const NoiseModel& nm = {});

RuleResult timing_rule(const RunData& base, const RunData& cand, const TimingOptions& o, const NoiseModel& nm = {});
// `history`: comparable runs oldest first, the checked run last.
RuleResult trend_rule(const std::vector<RunData>& history, const TimingOptions& t, const TrendOptions& o);
RuleResult accuracy_rule(const RunData& base, const RunData& cand, const AccuracyOptions& o);
// `mismatch_bytes` gives the device and host output of a sample of the checked
// run (to show where they differ); it may return empty vectors.
RuleResult bit_exact_rule(
    const RunData& cand, const RunData* base,
    const std::function<std::pair<std::vector<uint8_t>, std::vector<uint8_t>>(int64_t idx)>& mismatch_bytes);
RuleResult footprint_rule(const RunData& base, const RunData& cand, const FootprintOptions& o);

// Rules that need a baseline, when there is none.
RuleResult no_baseline(const std::string& rule, const std::string& why);

std::string percent(double fraction, int decimals = 2);  // 0.0123 -> "1.23 %"

}  // namespace hb::check
