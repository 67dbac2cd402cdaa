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
  double rel_threshold = 0.01;  // median shift that counts at all (fraction of the baseline median)
  double k_mad = 1.0;           // ... or k x the baseline's scaled MAD, whichever is larger
  double alpha = 0.01;          // Mann-Whitney significance level (noisy timers only)
};

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
  double u = 0, z = 0, p = 1;
  bool exact = false;
  bool slower = false;  // the regression verdict
  bool faster = false;  // beyond the threshold the other way (reported, not a failure)
};
TimingComparison compare_timing(std::span<const double> base, std::span<const double> cand, const TimingOptions& o);

RuleResult timing_rule(const RunData& base, const RunData& cand, const TimingOptions& o);
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
