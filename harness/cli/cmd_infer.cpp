#include <cstdio>
#include <memory>

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
    {"--model M.tflite --input RAW.bin [--json]", "--plan P.plan --input RAW.bin [--json]"},
    "run one raw input tensor on the host engine and print the outputs on one line",
    "int8 outputs print as integers, float outputs (models ending in DEQUANTIZE) with six significant digits.",
    {
        opt("model", "M.tflite", "int8 TFLite model (this or --plan)"),
        opt("plan", "P.plan", "a model plan file (hilbench model plan), behind the firmware's validation"),
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
  if (a.get("model").has_value() == a.get("plan").has_value())
    throw Error("infer needs exactly one of --model M.tflite or --plan P.plan");
  const std::string input_path = a.require("input");
  std::string model_path, sha;
  AlignedBytes blob;
  if (a.get("plan")) {
    // A plan file as a board would get it: the firmware's validation (hb_plan_open), nothing more.
    model_path = *a.get("plan");
    const std::vector<uint8_t> bytes = read_file(model_path);
    blob.assign(bytes.data(), bytes.size());
  } else {
    model_path = a.require("model");
    model::Graph g = model::read_tflite(model_path);
    sha = sha256_hex(g.file);
    blob = model::import_graph(g, sha).blob;
  }
  std::unique_ptr<model::HostEngine> engine;
  try {
    engine = std::make_unique<model::HostEngine>(blob);
  } catch (const Error& e) {
    throw Error(model_path + ": " + e.what());
  }
  model::HostEngine& eng = *engine;
  if (sha.empty()) sha = to_hex(std::span<const uint8_t>(eng.plan().hdr->model_sha256, 32));
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
