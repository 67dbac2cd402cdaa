#include <cstdio>
#include <cstring>

#include "cli/args.h"
#include "cli/commands.h"
#include "common/error.h"
#include "common/file_io.h"
#include "common/sha256.h"
#include "model/describe.h"
#include "model/importer.h"

extern "C" {
#include "nn/plan_format.h"
}

namespace hb::cli {

namespace {

// The plan run and flash program for this model (import_tflite, as they call
// it), written as a file: for `infer --plan` or for other flashing tools.
int model_plan(const std::string& model_path, const std::string& out_path) {
  const model::Plan plan = model::import_tflite(model_path);
  write_file_atomic(out_path, plan.blob.data(), plan.blob.size());
  hb_plan_header h;
  std::memcpy(&h, plan.blob.data(), sizeof h);
  std::printf("%s: %zu bytes, %u ops, arena %u bytes\n", out_path.c_str(), plan.blob.size(), h.n_ops, h.arena_bytes);
  return kExitOk;
}

}  // namespace

const CommandSpec kModelSpec{
    "model",
    {"info M.tflite [--json]", "plan M.tflite OUT.plan"},
    "describe a model (ops by type, I/O, parameters, weights, MACs, peak arena) or write its plan",
    "",
    {
        flag("json", "print as JSON"),
    },
    {"info", "plan"},
    {},
    {"hilbench model info models/mlperf-tiny/pretrainedResnet_quant.tflite"},
};

int cmd_model(const Argv& argv) {
  Args a(argv, kModelSpec);
  const auto& pos = a.positional();
  if (pos.size() == 3 && pos[0] == "plan") return model_plan(pos[1], pos[2]);
  if (pos.size() != 2 || pos[0] != "info")
    throw Error("usage: hilbench model info MODEL.tflite [--json] | model plan MODEL.tflite OUT.plan");
  model::Graph g = model::read_tflite(pos[1]);
  const std::string sha = sha256_hex(g.file);
  model::Plan plan = model::import_graph(g, sha);
  if (a.flag("json"))
    std::printf("%s\n", model::model_info_json(g, plan.stats, sha).dump(2).c_str());
  else
    std::printf("%s", model::model_info_text(g, plan.stats, sha).c_str());
  return kExitOk;
}

}  // namespace hb::cli
