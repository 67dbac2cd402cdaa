// Lowering: one TFLite operator -> zero or more plan ops. Each op kind has a
// lower_<op>() in ops/<op>.cpp (the "Prepare" half of a TFLM kernel: checks
// types and shapes, precomputes requantization, lays out constants) and a
// kernel in target-fw/nn/kernels/<op>.c (the "Eval" half).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <type_traits>
#include <vector>

#include "model/graph.h"

extern "C" {
#include "nn/plan_format.h"
}

namespace hb::model {

class PlanBuilder;

class LowerCtx {
 public:
  LowerCtx(const Graph& g, const Operator& op, PlanBuilder& pb) : g_(g), op_(op), pb_(pb) {}

  const Graph& graph() const { return g_; }
  const Operator& op() const { return op_; }
  int num_inputs() const { return static_cast<int>(op_.inputs.size()); }
  bool has_input(int i) const;         // present and not -1
  const Tensor& in(int i) const;       // graph tensor of input i (fails if absent)
  const Tensor& out(int i = 0) const;  // graph tensor of output i
  int in_index(int i) const { return op_.inputs.at(static_cast<size_t>(i)); }
  int out_index(int i = 0) const { return op_.outputs.at(static_cast<size_t>(i)); }

  // Throws hb::Error "<file>: op #<index> <NAME>: <why>".
  [[noreturn]] void fail(const std::string& why) const;
  // fail() unless cond.
  void require(bool cond, const std::string& why) const {
    if (!cond) fail(why);
  }

  // Constant data in the blob (16-byte aligned); returns its blob offset.
  uint32_t add_data(const void* p, size_t n);
  template <class T>
  uint32_t add_array(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    return add_data(v.data(), v.size() * sizeof(T));
  }

  // Plan tensor ids. act_*: activation tensors (placed in the arena by the
  // memory planner). const_in: a constant input copied into the blob as is.
  uint16_t act_in(int i);
  uint16_t act_out(int i = 0);
  uint16_t const_in(int i);
  // The output is the input's bytes under another shape (RESHAPE): both plan
  // tensors share one arena buffer; no op is emitted.
  void alias_out_to_in(int i);

  // Append a plan op; params is copied into the blob.
  template <class P>
  void emit(hb_op_kind kind, std::initializer_list<uint16_t> ins, uint16_t out, const P& params) {
    static_assert(std::is_trivially_copyable_v<P>);
    emit_raw(kind, ins, out, &params, sizeof(P));
  }
  void emit_raw(hb_op_kind kind, std::initializer_list<uint16_t> ins, uint16_t out, const void* params, size_t n);

  // Multiply-accumulates of this op, for `model info`.
  int64_t macs = 0;

 private:
  const Graph& g_;
  const Operator& op_;
  PlanBuilder& pb_;
};

using LowerFn = void (*)(LowerCtx&);

// Helpers shared by op lowerings.
int32_t zero_point_of(const Tensor& t);  // per-tensor zero point (0 if none)
float scale_of(const Tensor& t);         // per-tensor scale (fails if none)
// Output spatial size and padding the way TFLite computes them.
struct PadOut {
  int32_t out = 0;
  int32_t pad = 0;  // before (top/left); TFLite ignores the extra "after" padding offset
};
PadOut compute_padding(int8_t padding, int32_t in, int32_t filter, int32_t stride, int32_t dilation);

}  // namespace hb::model
