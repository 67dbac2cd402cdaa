// Which of a run's timer readings belong in its statistics: the first
// inference(s) after flashing are warm-up (caches, branch predictors, the
// sim's page faults), and zero or wrapped ticks are not measurements at all.
// Readings far outside the run's own spread are kept (the rules use medians
// and ranks) but flagged, so `show`, reports and `check` never average them
// silently.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/records.h"

namespace hb::check {

inline constexpr size_t kDefaultWarmup = 1;    // inferences after flashing kept out of statistics
inline constexpr double kOutlierMads = 10;     // "far outside": this many scaled MADs from the median...
inline constexpr double kOutlierFloor = 0.05;  // ...and at least this fraction of the median

struct TickQuality {
  std::vector<double> valid;    // ticks used in statistics (not warm-up, zero or wrapped), by idx
  std::vector<int64_t> warmup;  // sample idxs of the warm-up inferences (stored, kept apart)
  std::vector<double> warmup_ticks;
  std::vector<int64_t> zero;      // idxs with 0 ticks: the timer did not run
  std::vector<int64_t> wrapped;   // idxs whose ticks look like a 32-bit counter difference that went negative
  std::vector<int64_t> outliers;  // idxs of valid ticks far outside the run's spread (kept, flagged)
  double median = 0, mad = 0;     // of `valid` (scaled MAD); 0 when there is none
  bool clean() const { return zero.empty() && wrapped.empty() && outliers.empty(); }
  // One line, "" when there is nothing to say beyond the warm-up count:
  // "1 warm-up (idx 0: 812345 ns, kept apart); 2 zero ticks (idx 4, 7); 1 outlier (idx 9: 2.31 x median)".
  std::string summary(const std::string& unit) const;
};

// `warmup` = how many of the first samples (by idx) are warm-up.
TickQuality assess_ticks(const std::vector<store::SampleStat>& samples, size_t warmup = kDefaultWarmup);

// A 32-bit timer difference that went negative shows as a value just under
// 2^32 (or, extended to 64 bits, just under 2^64, which the store refuses).
bool looks_wrapped(int64_t ticks);

}  // namespace hb::check
