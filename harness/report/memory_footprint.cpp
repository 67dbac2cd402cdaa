#include "report/memory_footprint.h"

#include <cstdio>
#include <filesystem>

#include "board/footprint.h"
#include "common/sha256.h"
#include "model/graph.h"
#include "model/importer.h"
#include "report/board_labels.h"

namespace hb::report {

namespace {

// The plan of the exact model file the runs used; nullopt if it moved,
// changed or does not import (the report then falls back to the store).
std::optional<AlignedBytes> plan_of(const std::string& path, const std::string& sha) {
  try {
    if (path.empty() || !std::filesystem::is_regular_file(path)) return std::nullopt;
    const model::Graph g = model::read_tflite(path);
    if (sha256_hex(g.file) != sha) return std::nullopt;
    return model::import_graph(g, sha).blob;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

Footprint footprint_from_store(int64_t arena_bytes, int64_t weight_bytes) {
  Footprint f;
  f.activation_ram = arena_bytes;
  f.weights_flash = weight_bytes;
  f.source = "the run store (models.arena_bytes, models.weight_bytes; model file not available)";
  return f;
}

Footprint footprint_for(const std::string& board, const std::string& model_path, const std::string& model_sha256,
                        int64_t arena_bytes, int64_t weight_bytes, PlanCache& cache) {
  const auto d = known_descriptor(board);
  if (!d) return footprint_from_store(arena_bytes, weight_bytes);
  auto it = cache.by_sha256.find(model_sha256);
  if (it == cache.by_sha256.end()) it = cache.by_sha256.emplace(model_sha256, plan_of(model_path, model_sha256)).first;
  if (!it->second) return footprint_from_store(arena_bytes, weight_bytes);
  try {
    const board::Footprint fp = board::footprint(*d, board::model_needs(*it->second, model_path));
    Footprint f;
    f.activation_ram = static_cast<int64_t>(fp.activation_ram);
    f.weights_flash = static_cast<int64_t>(fp.weights_flash);
    if (fp.runtime_known) {
      f.runtime_ram = static_cast<int64_t>(fp.runtime_ram);
      f.total_ram = static_cast<int64_t>(fp.total_ram());
    }
    if (!fp.firmware.empty()) {
      f.code_flash = static_cast<int64_t>(fp.code_flash);
      f.total_flash = static_cast<int64_t>(fp.total_flash());
    }
    f.source = fp.firmware.empty()
                   ? std::string("hilbench footprint (model plan; firmware ELF not built, so firmware columns n/a)")
                   : "hilbench footprint (model plan and firmware ELF; Total RAM includes the input slots)";
    return f;
  } catch (const std::exception&) {
    return footprint_from_store(arena_bytes, weight_bytes);
  }
}

std::string format_kib(const std::optional<int64_t>& bytes) {
  if (!bytes) return "n/a";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.2f KiB", static_cast<double>(*bytes) / 1024.0);
  return buf;
}

}  // namespace hb::report
