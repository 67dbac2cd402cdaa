// `hilbench model-build SPEC.json OUT.tflite`: writes a .tflite from a JSON
// description plus one binary file of constant data, with hb::model's own
// writer. It is how models/fashion-mnist/train.py turns its quantized
// network into the bundled default model, without TensorFlow.
//
// SPEC.json:
//   {"description": "...",                      optional
//    "data_file": "weights.bin",                relative to SPEC.json's folder
//    "tensors": [{"name": "conv1", "type": "INT8", "shape": [1, 14, 14, 16],
//                 "quantization": {"scale": [0.02], "zero_point": [-128],
//                                  "quantized_dimension": 0},     optional
//                 "data": {"offset": 0, "size": 144},              constants only
//                 "is_variable": false}, ...],                     optional
//    "operators": [{"op": "CONV_2D", "inputs": [0, 1, 2], "outputs": [3],
//                   "options": {"padding": "SAME", "stride_w": 2, ...},
//                   "version": 1}, ...],                           optional
//    "inputs": [0], "outputs": [42]}
// Types and ops by their schema.fbs names. Option keys are the fields of
// hb::model::Options (padding and fused_activation by name); unknown keys are
// errors, absent keys keep TFLite's defaults. Unless --no-check, the written
// file is read back and imported, so a model the engine cannot run fails here.
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "cli/commands.h"
#include "common/error.h"
#include "common/file_io.h"
#include "common/sha256.h"
#include "model/importer.h"
#include "model/tflite_writer.h"

namespace hb::cli {

const CommandSpec kModelBuildSpec{
    "model-build",
    {"SPEC.json OUT.tflite [--no-check]"},
    "write a .tflite from a JSON spec (tensors, buffers, ops; see harness/cli/cmd_model_build.cpp)",
    "The written file is read back and imported to check it, unless --no-check.",
    {
        flag("no-check", "do not import the written model to check it"),
    },
    {},
    {},
    {"hilbench model-build spec.json out.tflite"},
};

namespace {

using nlohmann::json;
namespace m = hb::model;

[[noreturn]] void bad(const std::string& spec, const std::string& where, const std::string& what) {
  throw Error(spec + ": " + where + ": " + what);
}

m::TType type_named(const std::string& spec, const std::string& where, const std::string& name) {
  for (int t = 0; t <= static_cast<int>(m::TType::kInt4); ++t)
    if (name == m::ttype_name(static_cast<m::TType>(t))) return static_cast<m::TType>(t);
  bad(spec, where, "unknown tensor type '" + name + "'");
}

int32_t op_named(const std::string& spec, const std::string& where, const std::string& name) {
  for (int32_t c = 0; c <= 205; ++c)
    if (name == m::builtin_op_name(c)) return c;
  bad(spec, where, "unknown op '" + name + "'");
}

int8_t padding_named(const std::string& spec, const std::string& where, const std::string& name) {
  if (name == "SAME") return m::kPadSame;
  if (name == "VALID") return m::kPadValid;
  bad(spec, where, "unknown padding '" + name + "' (SAME, VALID)");
}

int8_t activation_named(const std::string& spec, const std::string& where, const std::string& name) {
  static const char* kNames[] = {"NONE", "RELU", "RELU_N1_TO_1", "RELU6", "TANH", "SIGN_BIT"};
  for (int8_t i = 0; i < 6; ++i)
    if (name == kNames[i]) return i;
  bad(spec, where, "unknown fused activation '" + name + "'");
}

m::Options read_options(const std::string& spec, const std::string& where, const json& j) {
  m::Options o;
  if (j.is_null()) return o;
  if (!j.is_object()) bad(spec, where, "options must be an object");
  for (const auto& [key, v] : j.items()) {
    const std::string w = where + ": option " + key;
    if (key == "padding")
      o.padding = padding_named(spec, w, v.get<std::string>());
    else if (key == "fused_activation")
      o.fused_activation = activation_named(spec, w, v.get<std::string>());
    else if (key == "stride_w")
      o.stride_w = v.get<int32_t>();
    else if (key == "stride_h")
      o.stride_h = v.get<int32_t>();
    else if (key == "dilation_w")
      o.dilation_w = v.get<int32_t>();
    else if (key == "dilation_h")
      o.dilation_h = v.get<int32_t>();
    else if (key == "depth_multiplier")
      o.depth_multiplier = v.get<int32_t>();
    else if (key == "filter_w")
      o.filter_w = v.get<int32_t>();
    else if (key == "filter_h")
      o.filter_h = v.get<int32_t>();
    else if (key == "keep_dims")
      o.keep_dims = v.get<bool>();
    else if (key == "beta")
      o.beta = v.get<float>();
    else if (key == "new_shape")
      o.new_shape = v.get<std::vector<int32_t>>();
    else if (key == "keep_num_dims")
      o.keep_num_dims = v.get<bool>();
    else if (key == "pot_scale_int16")
      o.pot_scale_int16 = v.get<bool>();
    else if (key == "axis")
      o.axis = v.get<int32_t>();
    else
      bad(spec, where, "unknown option '" + key + "'");
  }
  return o;
}

m::Quant read_quant(const json& j) {
  m::Quant q;
  if (j.is_null()) return q;
  // JSON numbers are doubles; a float32 printed with enough digits converts back exactly.
  for (double s : j.at("scale").get<std::vector<double>>()) q.scale.push_back(static_cast<float>(s));
  q.zero_point = j.at("zero_point").get<std::vector<int64_t>>();
  q.quantized_dimension = j.value("quantized_dimension", 0);
  return q;
}

m::ModelBuilder build_from_spec(const std::string& spec_path) {
  const std::vector<uint8_t> text = read_file(spec_path);
  json spec;
  try {
    spec = json::parse(text.begin(), text.end());
  } catch (const json::exception& e) {
    throw Error(spec_path + ": not valid JSON: " + e.what());
  }
  try {
    m::ModelBuilder mb(spec.value("description", std::string()));
    std::vector<uint8_t> blob;
    if (spec.contains("data_file")) {
      const auto dir = std::filesystem::path(spec_path).parent_path();
      blob = read_file((dir / spec.at("data_file").get<std::string>()).string());
    }
    const json& tensors = spec.at("tensors");
    for (size_t i = 0; i < tensors.size(); ++i) {
      const json& t = tensors[i];
      const std::string where = "tensor " + std::to_string(i);
      const std::string name = t.value("name", std::string());
      const m::TType type = type_named(spec_path, where, t.at("type").get<std::string>());
      auto shape = t.at("shape").get<std::vector<int32_t>>();
      const m::Quant q = read_quant(t.value("quantization", json()));
      int idx;
      if (t.contains("data")) {
        const auto off = t.at("data").at("offset").get<uint64_t>();
        const auto size = t.at("data").at("size").get<uint64_t>();
        if (off > blob.size() || size > blob.size() - off)
          bad(spec_path, where,
              "data [" + std::to_string(off) + ", +" + std::to_string(size) + ") lies outside the " +
                  std::to_string(blob.size()) + "-byte data file");
        idx = mb.constant(
            name, type, std::move(shape),
            std::vector<uint8_t>(blob.begin() + static_cast<long>(off), blob.begin() + static_cast<long>(off + size)),
            q);
      } else {
        idx = mb.tensor(name, type, std::move(shape), q);
      }
      mb.tensor_at(idx).is_variable = t.value("is_variable", false);
    }
    const json& ops = spec.at("operators");
    for (size_t k = 0; k < ops.size(); ++k) {
      const json& o = ops[k];
      const std::string where = "operator " + std::to_string(k);
      const int32_t code = op_named(spec_path, where, o.at("op").get<std::string>());
      mb.op(code, o.at("inputs").get<std::vector<int32_t>>(), o.at("outputs").get<std::vector<int32_t>>(),
            read_options(spec_path, where + " " + o.at("op").get<std::string>(), o.value("options", json())),
            o.value("version", 1));
    }
    mb.set_io(spec.at("inputs").get<std::vector<int32_t>>(), spec.at("outputs").get<std::vector<int32_t>>());
    return mb;
  } catch (const json::exception& e) {  // missing key or wrong JSON type
    throw Error(spec_path + ": " + e.what());
  }
}

}  // namespace

int cmd_model_build(const Argv& argv) {
  Args a(argv, kModelBuildSpec);
  const auto& pos = a.positional();
  if (pos.size() != 2) throw Error("usage: hilbench model-build SPEC.json OUT.tflite [--no-check]");
  const m::ModelBuilder mb = build_from_spec(pos[0]);
  m::write_tflite(mb.graph(), pos[1]);
  const m::Graph g = m::read_tflite(pos[1]);
  std::printf("wrote %s: %zu bytes, %zu ops, %zu tensors\n", pos[1].c_str(), g.file.size(), g.ops.size(),
              g.tensors.size());
  if (a.flag("no-check")) return kExitOk;
  const m::Plan plan = m::import_graph(g, sha256_hex(g.file));
  std::printf("imports: %lld parameters, %lld MACs, arena %u bytes, plan %u bytes\n",
              static_cast<long long>(plan.stats.parameters), static_cast<long long>(plan.stats.macs),
              plan.stats.arena_bytes, plan.stats.plan_bytes);
  return kExitOk;
}

}  // namespace hb::cli
