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

// Two runs' profiles side by side (`show RUN --ops --vs OTHER`), e.g. two
// boards: medians in each run's own unit and shares of its total, which
// compare across timers; ops matched by index, largest share change first.
// Empty string plus `why` if the op lists differ.
std::string op_compare_text(const std::vector<OpStat>& a, const std::string& a_name, const std::string& a_unit,
                            const std::vector<OpStat>& b, const std::string& b_name, const std::string& b_unit,
                            size_t top, std::string* why);

}  // namespace hb::check
