// The "Reference memory footprint" columns of one board x model. When the
// board's descriptor is known and the model file the run used is still at
// its stored path with the same sha256, harness/board/footprint computes
// them (`hilbench footprint`: plan + the port's firmware ELF when built).
// Otherwise only the model's own figures are known, from the run store
// (models.arena_bytes, models.weight_bytes), and the firmware columns stay
// n/a rather than guessed.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "common/aligned_bytes.h"

namespace hb::report {

struct Footprint {
  std::optional<int64_t> activation_ram, runtime_ram, weights_flash, code_flash, total_ram, total_flash;  // bytes
  std::string source;  // where the numbers come from, for the table note
};

Footprint footprint_from_store(int64_t arena_bytes, int64_t weight_bytes);

// Plans imported once per model file for the whole report.
struct PlanCache {
  std::map<std::string, std::optional<AlignedBytes>> by_sha256;  // nullopt: file gone or changed
};

Footprint footprint_for(const std::string& board, const std::string& model_path, const std::string& model_sha256,
                        int64_t arena_bytes, int64_t weight_bytes, PlanCache& cache);

// "166.78 KiB" (ST's unit and precision), "n/a" when unknown.
std::string format_kib(const std::optional<int64_t>& bytes);

}  // namespace hb::report
