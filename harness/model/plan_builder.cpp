#include "model/plan_builder.h"

#include <algorithm>
#include <cstring>

#include "common/error.h"

extern "C" {
#include "nn/engine.h"
}

namespace hb::model {
namespace {

uint8_t to_plan_dtype(TType t) {
  switch (t) {
    case TType::kInt8:
      return HB_DT_INT8;
    case TType::kUInt8:
      return HB_DT_UINT8;
    case TType::kInt16:
      return HB_DT_INT16;
    case TType::kInt32:
      return HB_DT_INT32;
    case TType::kFloat32:
      return HB_DT_FLOAT32;
    default:
      return 0;
  }
}

size_t align_up(size_t v) { return (v + HB_PLAN_ALIGN - 1) / HB_PLAN_ALIGN * HB_PLAN_ALIGN; }

}  // namespace

uint32_t PlanBuilder::add_data(const void* p, size_t n) {
  data_.resize(align_up(data_.size()), 0);
  const size_t at = data_.size();
  data_.resize(at + n);
  if (n) std::memcpy(data_.data() + at, p, n);
  if (sizeof(hb_plan_header) + data_.size() > 0x7FFFFFFFu) throw Error(context_ + ": model plan exceeds 2 GiB");
  return static_cast<uint32_t>(sizeof(hb_plan_header) + at);
}

hb_tensor PlanBuilder::describe(const Tensor& t) const {
  hb_tensor pt{};
  if (t.shape.size() > HB_MAX_DIMS)
    throw Error(context_ + ": tensor '" + t.name + "' has " + std::to_string(t.shape.size()) +
                " dimensions (at most 4 supported)");
  const uint8_t dt = to_plan_dtype(t.type);
  if (!dt) throw Error(context_ + ": tensor '" + t.name + "' has unsupported type " + ttype_name(t.type));
  for (int& d : pt.dims) d = 1;
  pt.ndim = static_cast<uint8_t>(t.shape.size());
  uint64_t bytes = static_cast<uint64_t>(ttype_size(t.type));
  for (size_t i = 0; i < t.shape.size(); ++i) {
    if (t.shape[i] <= 0) throw Error(context_ + ": tensor '" + t.name + "' has a dynamic or empty dimension");
    pt.dims[i] = t.shape[i];
    bytes *= static_cast<uint64_t>(t.shape[i]);
  }
  if (bytes > 0x7FFFFFFFu) throw Error(context_ + ": tensor '" + t.name + "' is larger than 2 GiB");
  pt.dtype = dt;
  pt.bytes = static_cast<uint32_t>(bytes);
  pt.scale = t.q.scale.empty() ? 0.0f : t.q.scale[0];
  pt.zero_point = t.q.zero_point.empty() ? 0 : static_cast<int32_t>(t.q.zero_point[0]);
  return pt;
}

uint16_t PlanBuilder::activation(int graph_index, const Tensor& t) {
  if (auto it = by_graph_index_.find(graph_index); it != by_graph_index_.end()) return it->second;
  if (tensors_.size() >= 0xFFFF) throw Error(context_ + ": too many tensors for a model plan");
  hb_tensor pt = describe(t);
  pt.where = HB_IN_ARENA;
  const auto id = static_cast<uint16_t>(tensors_.size());
  tensors_.push_back(pt);
  buffer_of_.push_back(static_cast<int>(buffers_.size()));
  buffers_.push_back(PlannedBuffer{pt.bytes, INT32_MAX, INT32_MIN, 0});
  by_graph_index_[graph_index] = id;
  return id;
}

uint16_t PlanBuilder::constant(int graph_index, const Tensor& t) {
  if (auto it = by_graph_index_.find(graph_index); it != by_graph_index_.end()) return it->second;
  if (tensors_.size() >= 0xFFFF) throw Error(context_ + ": too many tensors for a model plan");
  hb_tensor pt = describe(t);
  if (t.data.size() != pt.bytes)
    throw Error(context_ + ": constant tensor '" + t.name + "' holds " + std::to_string(t.data.size()) +
                " bytes, shape needs " + std::to_string(pt.bytes));
  pt.where = HB_IN_BLOB;
  pt.offset = add_data(t.data.data(), t.data.size());
  const auto id = static_cast<uint16_t>(tensors_.size());
  tensors_.push_back(pt);
  buffer_of_.push_back(-1);
  by_graph_index_[graph_index] = id;
  return id;
}

void PlanBuilder::alias(int out_graph_index, const Tensor& out, int in_graph_index, const Tensor& in) {
  const uint16_t src = activation(in_graph_index, in);
  hb_tensor pt = describe(out);
  if (pt.bytes != tensors_[src].bytes)
    throw Error(context_ + ": reshape of '" + in.name + "' to '" + out.name + "' changes the byte size");
  if (by_graph_index_.count(out_graph_index)) throw Error(context_ + ": tensor '" + out.name + "' is produced twice");
  pt.where = HB_IN_ARENA;
  const auto id = static_cast<uint16_t>(tensors_.size());
  tensors_.push_back(pt);
  buffer_of_.push_back(buffer_of_[src]);
  by_graph_index_[out_graph_index] = id;
}

void PlanBuilder::mark_def(uint16_t id, int pos) {
  const int b = buffer_of_.at(id);
  if (b < 0) return;
  buffers_[static_cast<size_t>(b)].first = std::min(buffers_[static_cast<size_t>(b)].first, pos);
  buffers_[static_cast<size_t>(b)].last = std::max(buffers_[static_cast<size_t>(b)].last, pos);
}

void PlanBuilder::mark_use(uint16_t id, int pos) { mark_def(id, pos); }

AlignedBytes PlanBuilder::finish(int graph_input, int graph_output, const uint8_t sha256[32], const std::string& name,
                                 uint32_t* arena_bytes) {
  auto in_it = by_graph_index_.find(graph_input);
  auto out_it = by_graph_index_.find(graph_output);
  if (in_it == by_graph_index_.end()) throw Error(context_ + ": the model input is not used by any supported op");
  if (out_it == by_graph_index_.end()) throw Error(context_ + ": the model output is not produced by any op");
  if (tensors_[in_it->second].where != HB_IN_ARENA || tensors_[out_it->second].where != HB_IN_ARENA)
    throw Error(context_ + ": the model input and output must be activations");
  // The input is written before op 0; the output is read after the last op.
  mark_def(in_it->second, -1);
  mark_use(out_it->second, static_cast<int>(ops_.size()));
  for (auto& b : buffers_)
    if (b.first > b.last) b.first = b.last = 0;  // created but never touched
  const uint32_t arena = plan_memory(buffers_, HB_PLAN_ALIGN);
  for (size_t i = 0; i < tensors_.size(); ++i)
    if (buffer_of_[i] >= 0) tensors_[i].offset = buffers_[static_cast<size_t>(buffer_of_[i])].offset;

  hb_plan_header h{};
  h.magic = HB_PLAN_MAGIC;
  h.version = HB_PLAN_VERSION;
  h.n_tensors = static_cast<uint32_t>(tensors_.size());
  h.n_ops = static_cast<uint32_t>(ops_.size());
  h.arena_bytes = arena;
  h.input_tensor = in_it->second;
  h.output_tensor = out_it->second;
  std::memcpy(h.model_sha256, sha256, 32);
  std::strncpy(h.name, name.c_str(), sizeof h.name - 1);
  size_t off = align_up(sizeof h + data_.size());
  h.tensors_off = static_cast<uint32_t>(off);
  off = align_up(off + tensors_.size() * sizeof(hb_tensor));
  h.ops_off = static_cast<uint32_t>(off);
  off = align_up(off + ops_.size() * sizeof(hb_op));
  h.total_bytes = static_cast<uint32_t>(off);

  AlignedBytes blob(off);
  uint8_t* p = blob.data();
  std::memcpy(p + sizeof h, data_.data(), data_.size());
  if (!tensors_.empty()) std::memcpy(p + h.tensors_off, tensors_.data(), tensors_.size() * sizeof(hb_tensor));
  if (!ops_.empty()) std::memcpy(p + h.ops_off, ops_.data(), ops_.size() * sizeof(hb_op));
  std::memcpy(p, &h, sizeof h);
  h.crc32 = hb_plan_crc(p, h.total_bytes);  // covers the header (crc32 read as 0)
  std::memcpy(p, &h, sizeof h);
  *arena_bytes = arena;
  return blob;
}

}  // namespace hb::model
