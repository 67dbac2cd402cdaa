#include "check/tick_quality.h"

#include <cmath>

#include "check/format.h"
#include "check/stats.h"

namespace hb::check {

bool looks_wrapped(int64_t ticks) {
  // Within 2^28 below 2^32: a negative difference of up to ~268 M ticks
  // taken modulo 2^32. No real inference on these boards is that close to
  // 4.29 G ticks; a long one is far below or far above.
  constexpr int64_t k32 = int64_t{1} << 32;
  return (ticks >= k32 - (int64_t{1} << 28) && ticks < k32) || ticks >= (int64_t{1} << 62);
}

TickQuality assess_ticks(const std::vector<store::SampleStat>& samples, size_t warmup) {
  TickQuality q;
  std::vector<int64_t> valid_idx;
  size_t seen = 0;
  for (const auto& s : samples) {
    if (!s.ticks) continue;  // the device gave no answer: nothing timed
    const int64_t t = *s.ticks;
    if (seen++ < warmup) {
      q.warmup.push_back(s.idx);
      q.warmup_ticks.push_back(static_cast<double>(t));
      continue;
    }
    if (t == 0) {
      q.zero.push_back(s.idx);
    } else if (looks_wrapped(t)) {
      q.wrapped.push_back(s.idx);
    } else {
      q.valid.push_back(static_cast<double>(t));
      valid_idx.push_back(s.idx);
    }
  }
  if (q.valid.empty()) return q;
  q.median = median(q.valid);
  q.mad = mad_scaled(q.valid);
  const double limit = std::max(kOutlierMads * q.mad, kOutlierFloor * q.median);
  for (size_t i = 0; i < q.valid.size(); ++i)
    if (std::fabs(q.valid[i] - q.median) > limit) q.outliers.push_back(valid_idx[i]);
  return q;
}

namespace {

std::string idx_list(const std::vector<int64_t>& v) {
  std::string s;
  for (size_t i = 0; i < v.size() && i < 5; ++i) s += (i ? ", " : "") + std::to_string(v[i]);
  if (v.size() > 5) s += ", ...";
  return s;
}

}  // namespace

std::string TickQuality::summary(const std::string& unit) const {
  std::string s;
  auto add = [&](const std::string& part) { s += (s.empty() ? "" : "; ") + part; };
  if (!warmup.empty())
    add(fmt("%zu warm-up (idx %s: %.0f %s%s, kept out of statistics)", warmup.size(), idx_list(warmup).c_str(),
            warmup_ticks[0], unit.c_str(),
            median > 0 ? fmt(" = %.2f x median", warmup_ticks[0] / median).c_str() : ""));
  if (!zero.empty()) add(fmt("%zu zero tick(s) (idx %s), excluded", zero.size(), idx_list(zero).c_str()));
  if (!wrapped.empty()) add(fmt("%zu wrapped tick(s) (idx %s), excluded", wrapped.size(), idx_list(wrapped).c_str()));
  if (!outliers.empty())
    add(fmt("%zu outlier(s) beyond max(%.0f MAD, %.0f %% of median) (idx %s), kept and flagged", outliers.size(),
            kOutlierMads, kOutlierFloor * 100, idx_list(outliers).c_str()));
  return s;
}

}  // namespace hb::check
