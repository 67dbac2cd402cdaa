// Per-op timing profile of a run (`hilbench show RUN --ops`) and the per-op
// differences between two runs (`hilbench check`).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "store/records.h"

namespace hb::check {

struct OpStat {
  int64_t op_index = 0;
  std::string op_kind;
  int64_t samples = 0;  // samples that timed this op
  double median = 0;    // median ticks over those samples
  double share = 0;     // median / sum of all ops' medians
};

// One entry per op index, by op index. Empty when there are no per-op timings.
std::vector<OpStat> op_profile(std::span<const store::OpTiming> timings);

struct OpChange {
  int64_t op_index = 0;
  std::string op_kind;
  double base = 0, cand = 0;  // median ticks
  double delta = 0;           // cand - base
  double rel = 0;             // delta / base (0 when base is 0)
};

struct OpDiff {
  bool available = false;
  std::string why;                // when not available
  std::vector<OpChange> changes;  // every op, largest |delta| first
};
// Ops are matched by index; the op lists must have the same kinds in the same order.
OpDiff op_diff(std::span<const store::OpTiming> base, std::span<const store::OpTiming> cand);

// The `show --ops` table, most expensive first, at most `top` rows.
std::string op_profile_text(const std::vector<OpStat>& ops, size_t top, const std::string& unit);
nlohmann::json op_profile_json(const std::vector<OpStat>& ops);

}  // namespace hb::check
