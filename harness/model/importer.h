// .tflite graph -> model plan blob (see target-fw/nn/plan_format.h).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/aligned_bytes.h"
#include "model/graph.h"

namespace hb::model {

struct OpCount {
  std::string name;
  int count = 0;
};

// What the importer learned about the model, for `model info` and footprints.
struct ModelStats {
  std::map<std::string, int> ops_by_type;  // source ops, by TFLite name
  int64_t parameters = 0;                  // elements of constant tensors used by ops
  int64_t weight_bytes = 0;                // bytes of those constant tensors in the .tflite
  int64_t macs = 0;
  uint32_t arena_bytes = 0;  // peak activation memory of the static plan
  uint32_t plan_bytes = 0;
  int plan_ops = 0;
  int folded_ops = 0;  // ops evaluated at import (static-shape subgraphs, aliases)
};

struct Plan {
  AlignedBytes blob;
  ModelStats stats;
};

// Lowers the whole graph. Throws hb::Error "<file>: op #i NAME: why" for the
// first unsupported op/type/shape. model_sha256 identifies the source model.
Plan import_graph(const Graph& g, const std::string& model_sha256_hex = {});

// read_tflite + sha256 of the file + import_graph.
Plan import_tflite(const std::string& path);

}  // namespace hb::model
