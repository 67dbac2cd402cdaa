#include "store/summary.h"

#include <algorithm>
#include <cmath>

#include "common/error.h"

namespace hb::store {

std::optional<double> RunSummary::device_top1() const {
  if (labeled == 0) return std::nullopt;
  return static_cast<double>(device_correct) / static_cast<double>(labeled);
}

std::optional<double> RunSummary::host_top1() const {
  if (host_scored == 0) return std::nullopt;
  return static_cast<double>(host_correct) / static_cast<double>(host_scored);
}

double percentile(std::vector<int64_t> v, double p) {
  if (v.empty()) throw hb::Error("percentile of no values");
  if (!(p >= 0.0 && p <= 1.0)) throw hb::Error("percentile: p must be in [0, 1]");
  std::sort(v.begin(), v.end());
  const double rank = p * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<size_t>(std::floor(rank));
  const size_t hi = std::min(lo + 1, v.size() - 1);
  const double frac = rank - static_cast<double>(lo);
  return static_cast<double>(v[lo]) + frac * static_cast<double>(v[hi] - v[lo]);
}

RunSummary summarize(std::span<const SampleStat> samples) {
  RunSummary s;
  std::vector<int64_t> ticks;
  for (const SampleStat& x : samples) {
    ++s.samples;
    if (x.label >= 0) {
      ++s.labeled;
      if (x.device_pred == x.label) ++s.device_correct;
      if (x.host_pred) {
        ++s.host_scored;
        if (*x.host_pred == x.label) ++s.host_correct;
      }
    }
    if (x.bit_exact) {
      ++s.compared;
      if (*x.bit_exact) {
        ++s.bit_exact;
      } else if (!s.first_mismatch_idx || x.idx < *s.first_mismatch_idx) {
        s.first_mismatch_idx = x.idx;
        s.first_mismatch_sample = x.sample_id;
      }
    }
    if (x.ticks) ticks.push_back(*x.ticks);
  }
  if (!ticks.empty()) {
    TickStats t;
    t.n = static_cast<int64_t>(ticks.size());
    t.min = *std::min_element(ticks.begin(), ticks.end());
    t.max = *std::max_element(ticks.begin(), ticks.end());
    double sum = 0;
    for (int64_t v : ticks) sum += static_cast<double>(v);
    t.mean = sum / static_cast<double>(t.n);
    t.median = percentile(ticks, 0.5);
    t.p90 = percentile(std::move(ticks), 0.9);
    s.ticks = t;
  }
  return s;
}

nlohmann::json to_json(const RunSummary& s) {
  using nlohmann::json;
  auto opt = [](const std::optional<double>& v) { return v ? json(*v) : json(nullptr); };
  json j = {
      {"samples", s.samples},
      {"labeled", s.labeled},
      {"device_correct", s.device_correct},
      {"device_top1", opt(s.device_top1())},
      {"host_scored", s.host_scored},
      {"host_correct", s.host_correct},
      {"host_top1", opt(s.host_top1())},
      {"compared", s.compared},
      {"bit_exact", s.bit_exact},
  };
  j["first_mismatch"] = s.first_mismatch_idx
                            ? json{{"idx", *s.first_mismatch_idx}, {"sample_id", s.first_mismatch_sample}}
                            : json(nullptr);
  if (s.ticks) {
    const TickStats& t = *s.ticks;
    j["ticks"] = {{"n", t.n}, {"min", t.min}, {"max", t.max}, {"mean", t.mean}, {"median", t.median}, {"p90", t.p90}};
  } else {
    j["ticks"] = nullptr;
  }
  return j;
}

}  // namespace hb::store
