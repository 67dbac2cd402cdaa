// Assembles a model plan blob: constant data, the tensor table, the op table,
// the header and its CRC. Also tracks which graph tensors became which plan
// tensors and, for activations, the arena buffer and its lifetime that the
// memory planner places.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/aligned_bytes.h"
#include "model/graph.h"
#include "model/memory_planner.h"

extern "C" {
#include "nn/plan_format.h"
}

namespace hb::model {

class PlanBuilder {
 public:
  explicit PlanBuilder(std::string context) : context_(std::move(context)) {}

  // Appends 16-byte aligned constant data; returns its offset in the final blob.
  uint32_t add_data(const void* p, size_t n);

  // Plan tensor for a graph activation tensor (created on first use).
  uint16_t activation(int graph_index, const Tensor& t);
  // Plan tensor for a graph constant tensor (bytes copied into the blob once).
  uint16_t constant(int graph_index, const Tensor& t);
  // out_graph_index becomes a view of in_graph_index's buffer with its own shape.
  void alias(int out_graph_index, const Tensor& out, int in_graph_index, const Tensor& in);

  // Lifetime marks, in plan-op positions (position of the op being emitted).
  void mark_def(uint16_t id, int pos);
  void mark_use(uint16_t id, int pos);
  int next_op_position() const { return static_cast<int>(ops_.size()); }

  void add_op(const hb_op& op) { ops_.push_back(op); }
  size_t num_ops() const { return ops_.size(); }
  size_t data_bytes() const { return data_.size(); }

  // Places activations and writes the blob. input/output are graph indices.
  AlignedBytes finish(int graph_input, int graph_output, const uint8_t sha256[32], const std::string& name,
                      uint32_t* arena_bytes);

 private:
  hb_tensor describe(const Tensor& t) const;
  std::string context_;  // for error messages ("file.tflite")
  std::vector<uint8_t> data_;
  std::vector<hb_tensor> tensors_;
  std::vector<int> buffer_of_;  // plan tensor -> buffer index (-1 for constants)
  std::vector<PlannedBuffer> buffers_;
  std::vector<hb_op> ops_;
  std::map<int, uint16_t> by_graph_index_;
};

}  // namespace hb::model
