#include "model/importer.h"

#include <filesystem>
#include <set>

#include "common/error.h"
#include "common/sha256.h"
#include "model/const_fold.h"
#include "model/ops/ops.h"
#include "model/plan_builder.h"

namespace hb::model {
namespace {

LowerFn lowering_for(int32_t builtin) {
  switch (builtin) {
    case kOpConv2D:
      return lower_conv2d;
    case kOpDepthwiseConv2D:
      return lower_dwconv2d;
    case kOpFullyConnected:
      return lower_fully_connected;
    case kOpAveragePool2D:
      return lower_avg_pool2d;
    case kOpMaxPool2D:
      return lower_max_pool2d;
    case kOpPad:
      return lower_pad;
    case kOpAdd:
      return lower_add;
    case kOpMul:
      return lower_mul;
    case kOpMean:
      return lower_mean;
    case kOpSoftmax:
      return lower_softmax;
    case kOpLogistic:
      return lower_logistic;
    case kOpHardSwish:
      return lower_hard_swish;
    case kOpMinimum:
      return lower_minimum;
    case kOpMaximum:
      return lower_maximum;
    case kOpQuantize:
      return lower_quantize;
    case kOpDequantize:
      return lower_dequantize;
    case kOpReshape:
      return lower_reshape;
    default:
      return nullptr;
  }
}

std::array<uint8_t, 32> parse_sha(const std::string& hex) {
  std::array<uint8_t, 32> out{};
  if (hex.size() != 64) return out;
  for (size_t i = 0; i < 32; ++i) out[i] = static_cast<uint8_t>(std::stoul(hex.substr(2 * i, 2), nullptr, 16));
  return out;
}

}  // namespace

Plan import_graph(const Graph& src, const std::string& model_sha256_hex) {
  // Work on a copy whose tensors may gain folded constant data; the spans of
  // file-backed constants still point into src.file.
  Graph g;
  g.path = src.path;
  g.schema_version = src.schema_version;
  g.tensors = src.tensors;
  g.ops = src.ops;
  g.inputs = src.inputs;
  g.outputs = src.outputs;
  if (g.inputs.size() != 1 || g.outputs.size() != 1)
    throw Error(g.path + ": model has " + std::to_string(g.inputs.size()) + " inputs and " +
                std::to_string(g.outputs.size()) + " outputs (exactly one of each is supported)");

  Plan plan;
  ModelStats& st = plan.stats;
  std::set<int32_t> weights;
  for (const Operator& op : src.ops) {
    ++st.ops_by_type[op.name()];
    for (int32_t i : op.inputs)
      if (i >= 0 && src.tensors.at(static_cast<size_t>(i)).is_const()) weights.insert(i);
  }
  // Tensors may share one buffer in the file: count each buffer's bytes once.
  std::set<const uint8_t*> buffers;
  for (int32_t i : weights) {
    const Tensor& t = src.tensors[static_cast<size_t>(i)];
    if (!buffers.insert(t.data.data()).second) continue;
    st.parameters += t.elements();
    st.weight_bytes += static_cast<int64_t>(t.data.size());
  }

  FoldResult folded = fold_static_ops(g);
  PlanBuilder pb(g.path);
  for (size_t k = 0; k < g.ops.size(); ++k) {
    const Operator& op = g.ops[k];
    if (folded.folded_op[k]) {
      ++st.folded_ops;
      continue;
    }
    LowerFn fn = op.custom_code.empty() ? lowering_for(op.builtin) : nullptr;
    if (!fn)
      throw Error(g.path + ": op #" + std::to_string(op.index) + " " + op.name() +
                  ": operator not supported by the hilbench engine");
    const size_t before = pb.num_ops();
    LowerCtx c(g, op, pb);
    fn(c);
    if (pb.num_ops() == before) ++st.folded_ops;  // e.g. reshape became an alias
    st.macs += c.macs;
  }
  const auto sha = parse_sha(model_sha256_hex);
  const std::string name = std::filesystem::path(g.path).stem().string();
  plan.blob = pb.finish(g.inputs[0], g.outputs[0], sha.data(), name, &st.arena_bytes);
  st.plan_bytes = static_cast<uint32_t>(plan.blob.size());
  st.plan_ops = static_cast<int>(pb.num_ops());
  return plan;
}

Plan import_tflite(const std::string& path) {
  Graph g = read_tflite(path);
  return import_graph(g, sha256_hex(g.file));
}

}  // namespace hb::model
