#include <cstdio>

#include "cli/args.h"
#include "cli/commands.h"
#include "common/error.h"
#include "common/file_io.h"
#include "common/sha256.h"
#include "model/host_engine.h"
#include "model/importer.h"
#include "model/output_format.h"

namespace hb::cli {

const CommandSpec kInferSpec{
    "infer",
    {"--model M.tflite --input RAW.bin [--json]"},
    "run one raw input tensor on the host engine and print the outputs on one line",
    "int8 outputs print as integers, float outputs (models ending in DEQUANTIZE) with six significant digits.",
    {
        opt("model", "M.tflite", "int8 TFLite model (required)"),
        opt("input", "RAW.bin", "the input tensor's raw bytes, exactly the input's size (required)"),
        flag("json", "print outputs, type and shape as JSON"),
    },
    {},
    {},
    {"hilbench infer --model models/mlperf-tiny/pretrainedResnet_quant.tflite --input sample.bin"},
};

int cmd_infer(const Argv& argv) {
  Args a(argv, kInferSpec);
  if (!a.positional().empty()) throw Error("unexpected argument '" + a.positional()[0] + "'");
  const std::string model_path = a.require("model");
  const std::string input_path = a.require("input");
  model::Graph g = model::read_tflite(model_path);
  const std::string sha = sha256_hex(g.file);
  model::Plan plan = model::import_graph(g, sha);
  model::HostEngine eng(plan.blob);
  const std::vector<uint8_t> in = read_file(input_path);
  if (in.size() != eng.input().bytes)
    throw Error(input_path + ": input is " + std::to_string(in.size()) + " bytes, " + model_path + " expects " +
                std::to_string(eng.input().bytes) + " (" + model::plan_dtype_name(eng.input().dtype) + ")");
  const std::vector<uint8_t> out = eng.run(in);
  if (a.flag("json")) {
    nlohmann::json j = model::output_json(eng.output(), out);
    j["model"] = model_path;
    j["model_sha256"] = sha;
    j["input"] = input_path;
    std::printf("%s\n", j.dump().c_str());
  } else {
    std::printf("%s\n", model::format_output_line(eng.output(), out).c_str());
  }
  return kExitOk;
}

}  // namespace hb::cli
