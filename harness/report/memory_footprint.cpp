#include "report/memory_footprint.h"

#include <cstdio>

namespace hb::report {

Footprint footprint_from_store(int64_t arena_bytes, int64_t weight_bytes) {
  Footprint f;
  f.activation_ram = arena_bytes;
  f.weights_flash = weight_bytes;
  f.source = "run store: models.arena_bytes / models.weight_bytes";
  return f;
}

std::string format_kib(const std::optional<int64_t>& bytes) {
  if (!bytes) return "n/a";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.2f KiB", static_cast<double>(*bytes) / 1024.0);
  return buf;
}

}  // namespace hb::report
