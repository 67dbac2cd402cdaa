// Accuracy, bit-exactness and timing figures of one run, computed from its
// samples; stored as the run's summary JSON and used by `runs compare`.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "store/records.h"

namespace hb::store {

struct TickStats {
  int64_t n = 0;
  int64_t min = 0, max = 0;
  double mean = 0, median = 0, p90 = 0;
};

struct RunSummary {
  int64_t samples = 0;
  int64_t labeled = 0;         // samples with label >= 0
  int64_t device_correct = 0;  // labelled samples whose device_pred == label
  int64_t host_scored = 0;     // labelled samples the host engine ran on
  int64_t host_correct = 0;
  int64_t compared = 0;  // samples with both device and host output
  int64_t bit_exact = 0;
  std::optional<int64_t> first_mismatch_idx;  // lowest idx whose outputs differ
  std::string first_mismatch_sample;
  std::optional<TickStats> ticks;  // over samples that have ticks

  // A sample the device gave no answer for counts as wrong; host top-1 is only
  // over samples the host ran on. nullopt when the denominator is 0.
  std::optional<double> device_top1() const;
  std::optional<double> host_top1() const;
};

// p-th quantile (p in [0,1]) with linear interpolation between closest ranks
// (numpy's default): rank p*(n-1). Median is p = 0.5. Throws on empty input.
double percentile(std::vector<int64_t> values, double p);

RunSummary summarize(std::span<const SampleStat> samples);
nlohmann::json to_json(const RunSummary& s);

}  // namespace hb::store
