#include <algorithm>

#include "common/error.h"
#include "model/lower.h"
#include "model/plan_builder.h"

namespace hb::model {

bool LowerCtx::has_input(int i) const { return i >= 0 && i < num_inputs() && op_.inputs[static_cast<size_t>(i)] >= 0; }

const Tensor& LowerCtx::in(int i) const {
  if (!has_input(i)) fail("input " + std::to_string(i) + " is missing");
  return g_.tensors.at(static_cast<size_t>(op_.inputs[static_cast<size_t>(i)]));
}

const Tensor& LowerCtx::out(int i) const {
  if (i < 0 || i >= static_cast<int>(op_.outputs.size()) || op_.outputs[static_cast<size_t>(i)] < 0)
    fail("output " + std::to_string(i) + " is missing");
  return g_.tensors.at(static_cast<size_t>(op_.outputs[static_cast<size_t>(i)]));
}

void LowerCtx::fail(const std::string& why) const {
  throw Error(g_.path + ": op #" + std::to_string(op_.index) + " " + op_.name() + ": " + why);
}

uint32_t LowerCtx::add_data(const void* p, size_t n) { return pb_.add_data(p, n); }

uint16_t LowerCtx::act_in(int i) {
  const Tensor& t = in(i);
  if (t.is_const()) fail("input " + std::to_string(i) + " ('" + t.name + "') is a constant, expected an activation");
  const uint16_t id = pb_.activation(in_index(i), t);
  pb_.mark_use(id, pb_.next_op_position());
  return id;
}

uint16_t LowerCtx::act_out(int i) {
  const uint16_t id = pb_.activation(out_index(i), out(i));
  pb_.mark_def(id, pb_.next_op_position());
  return id;
}

uint16_t LowerCtx::const_in(int i) {
  const Tensor& t = in(i);
  if (!t.is_const()) fail("input " + std::to_string(i) + " ('" + t.name + "') must be a constant");
  return pb_.constant(in_index(i), t);
}

void LowerCtx::alias_out_to_in(int i) {
  const Tensor& t = in(i);
  if (t.is_const()) fail("cannot alias a constant input");
  pb_.alias(out_index(0), out(0), in_index(i), t);
}

void LowerCtx::emit_raw(hb_op_kind kind, std::initializer_list<uint16_t> ins, uint16_t out, const void* params,
                        size_t n) {
  if (ins.size() > HB_OP_MAX_IN) fail("internal: too many plan op inputs");
  hb_op o{};
  o.kind = static_cast<uint16_t>(kind);
  o.n_in = static_cast<uint8_t>(ins.size());
  o.n_out = 1;
  std::copy(ins.begin(), ins.end(), o.in);
  o.out = out;
  o.params_off = pb_.add_data(params, n);
  o.params_bytes = static_cast<uint32_t>(n);
  o.src_index = static_cast<uint32_t>(op_.index);
  pb_.add_op(o);
}

int32_t zero_point_of(const Tensor& t) { return t.q.zero_point.empty() ? 0 : static_cast<int32_t>(t.q.zero_point[0]); }

float scale_of(const Tensor& t) {
  if (t.q.scale.empty()) throw Error("tensor '" + t.name + "' has no quantization scale");
  return t.q.scale[0];
}

PadOut compute_padding(int8_t padding, int32_t in, int32_t filter, int32_t stride, int32_t dilation) {
  PadOut r;
  const int32_t effective = (filter - 1) * dilation + 1;
  r.out = padding == kPadSame ? (in + stride - 1) / stride : (in + stride - effective) / stride;
  const int32_t total = std::max(0, (r.out - 1) * stride + effective - in);
  r.pad = total / 2;
  return r;
}

}  // namespace hb::model
