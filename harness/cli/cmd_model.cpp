#include <cstdio>

#include "cli/args.h"
#include "cli/commands.h"
#include "common/error.h"
#include "common/sha256.h"
#include "model/describe.h"
#include "model/importer.h"

namespace hb::cli {

const CommandSpec kModelSpec{
    "model",
    {"info M.tflite [--json]"},
    "describe a model: ops by type, I/O, parameters, weights, MACs, peak arena",
    "",
    {
        flag("json", "print as JSON"),
    },
    {"info"},
    {},
    {"hilbench model info models/mlperf-tiny/pretrainedResnet_quant.tflite"},
};

int cmd_model(const Argv& argv) {
  Args a(argv, kModelSpec);
  const auto& pos = a.positional();
  if (pos.size() != 2 || pos[0] != "info") throw Error("usage: hilbench model info MODEL.tflite [--json]");
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
