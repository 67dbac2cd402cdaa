// The .tflite reader and the importer: any bytes as a model file. Errors are
// hb::Error (one line); anything else (a crash, an ASan/UBSan report, another
// exception type) is a bug. A model that imports must give a plan the engine
// accepts.
#include <cstdlib>

#include "common/error.h"
#include "model/graph.h"
#include "model/importer.h"

extern "C" {
#include "nn/engine.h"
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    hb::model::Graph g = hb::model::parse_tflite(std::vector<uint8_t>(data, data + size), "fuzz.tflite");
    const hb::model::Plan plan = hb::model::import_graph(g);
    hb_plan p;
    if (hb_plan_open(&p, plan.blob.data(), static_cast<uint32_t>(plan.blob.size())) != HB_OK) std::abort();
  } catch (const hb::Error&) {
  }
  return 0;
}
