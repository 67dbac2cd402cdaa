// The "Reference memory footprint" columns of one board x model. Without a
// firmware link map only the model's own figures are known: the activation
// arena and the weights, as the importer measured them (models.arena_bytes,
// models.weight_bytes); firmware columns stay n/a rather than guessed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace hb::report {

struct Footprint {
  std::optional<int64_t> activation_ram, runtime_ram, weights_flash, code_flash, total_ram, total_flash;  // bytes
  std::string source;  // where the numbers come from, for the table note
};

Footprint footprint_from_store(int64_t arena_bytes, int64_t weight_bytes);

// "166.78 KiB" (ST's unit and precision), "n/a" when unknown.
std::string format_kib(const std::optional<int64_t>& bytes);

}  // namespace hb::report
