// Graph -> .tflite. Field ids are the declaration order of each table in
// tensorflow/lite/schema/schema.fbs (a union takes two ids: type, then
// value); the wire format is described in model/flatbuffer_view.h.
#include "model/tflite_writer.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "common/error.h"
#include "common/file_io.h"
#include "model/tflite_options.h"

namespace hb::model {

// ---------------------------------------------------------------------------
// fb::Builder

namespace fb {

uint8_t* Builder::prepend(size_t n) {
  if (head_ < n) {  // grow at the front: the data lives at the end of buf_
    const size_t used = buf_.size() - head_;
    const size_t cap = std::max<size_t>({buf_.size() * 2, used + n, 1024});
    std::vector<uint8_t> bigger(cap);
    std::copy(buf_.begin() + static_cast<std::ptrdiff_t>(head_), buf_.end(),
              bigger.begin() + static_cast<std::ptrdiff_t>(cap - used));
    buf_ = std::move(bigger);
    head_ = cap - used;
  }
  if (buf_.size() - head_ + n > UINT32_MAX / 2) throw hb::Error("model too large for a FlatBuffer (over 2 GB)");
  head_ -= n;
  return buf_.data() + head_;
}

void Builder::pad_for(size_t n, size_t align) {
  minalign_ = std::max(minalign_, align);
  const size_t pad = (align - (size() + n) % align) % align;
  if (pad) std::memset(prepend(pad), 0, pad);  // prepend(0) on an empty buffer is null
}

void Builder::push_u32(uint32_t v) {
  uint8_t* p = prepend(4);
  for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}

void Builder::push_u16(uint16_t v) {
  uint8_t* p = prepend(2);
  p[0] = static_cast<uint8_t>(v);
  p[1] = static_cast<uint8_t>(v >> 8);
}

Builder::Ref Builder::raw_vector(const uint8_t* data, size_t bytes, size_t count, size_t align) {
  if (in_table_) throw hb::Error("fb::Builder: vector created inside a table");
  // The elements must start on `align` and the count before them on 4.
  pad_for(bytes, std::max<size_t>(align, 4));
  if (bytes) std::memcpy(prepend(bytes), data, bytes);
  push_u32(static_cast<uint32_t>(count));
  return size();
}

Builder::Ref Builder::string(std::string_view s) {
  if (in_table_) throw hb::Error("fb::Builder: string created inside a table");
  pad_for(s.size() + 1, 4);
  uint8_t* p = prepend(s.size() + 1);
  if (!s.empty()) std::memcpy(p, s.data(), s.size());
  p[s.size()] = 0;  // strings are NUL-terminated on the wire; the count excludes it
  push_u32(static_cast<uint32_t>(s.size()));
  return size();
}

Builder::Ref Builder::vector_of_refs(std::span<const Ref> refs) {
  if (in_table_) throw hb::Error("fb::Builder: vector created inside a table");
  pad_for(4 * refs.size(), 4);
  for (size_t i = refs.size(); i-- > 0;) push_u32(ref_value(refs[i]));
  push_u32(static_cast<uint32_t>(refs.size()));
  return size();
}

void Builder::start_table() {
  if (in_table_) throw hb::Error("fb::Builder: tables cannot nest");
  in_table_ = true;
  fields_.clear();
  table_start_ = size();
}

void Builder::add_raw(int id, const uint8_t* v, size_t n) {
  pad_for(n, n);  // scalars are naturally aligned
  if (n) std::memcpy(prepend(n), v, n);
  fields_.emplace_back(id, size());
}

void Builder::add_ref(int id, Ref r) {
  if (r == 0) return;
  pad_for(4, 4);
  push_u32(ref_value(r));
  fields_.emplace_back(id, size());
}

Builder::Ref Builder::end_table() {
  if (!in_table_) throw hb::Error("fb::Builder: end_table without start_table");
  pad_for(4, 4);
  push_u32(0);  // soffset to the vtable, patched below
  const Ref table = size();
  int nfields = 0;
  for (const auto& f : fields_) nfields = std::max(nfields, f.first + 1);
  std::vector<uint16_t> slots(static_cast<size_t>(nfields), 0);
  for (const auto& [id, pos] : fields_) slots[static_cast<size_t>(id)] = static_cast<uint16_t>(table - pos);
  const uint32_t inline_size = table - table_start_;
  if (inline_size > UINT16_MAX) throw hb::Error("fb::Builder: table too large");
  // vtable: [vtable bytes, table bytes, field offsets...], written last first.
  for (size_t i = slots.size(); i-- > 0;) push_u16(slots[i]);
  push_u16(static_cast<uint16_t>(inline_size));
  push_u16(static_cast<uint16_t>(4 + 2 * slots.size()));
  const Ref vtable = size();
  // The vtable lies before the table: vtable = table - soffset, so soffset > 0.
  const uint32_t soff = vtable - table;
  uint8_t* p = buf_.data() + (buf_.size() - table);
  for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(soff >> (8 * i));
  in_table_ = false;
  return table;
}

std::vector<uint8_t> Builder::finish(Ref root, std::string_view identifier) {
  if (in_table_) throw hb::Error("fb::Builder: finish inside a table");
  if (identifier.size() != 4) throw hb::Error("fb::Builder: file identifier must be 4 bytes");
  // Root uoffset + identifier; the whole buffer ends up a multiple of the
  // largest alignment used, so offsets from the file start keep every alignment.
  pad_for(8, std::max<size_t>(minalign_, 4));
  std::memcpy(prepend(4), identifier.data(), 4);
  push_u32(ref_value(root));
  return std::vector<uint8_t>(buf_.begin() + static_cast<std::ptrdiff_t>(head_), buf_.end());
}

}  // namespace fb

// ---------------------------------------------------------------------------
// Options

namespace {

using fb::Builder;
using Ref = Builder::Ref;

// SQUEEZE and TRANSPOSE are written without options (their options tables
// are optional in the schema and Graph does not model them).
int options_tag(int32_t op) {
  if (op == kOpSqueeze || op == kOpTranspose) return kOptNone;
  return builtin_options_tag(op);
}

// Writes the options table for tag; defaults are the schema's, so a field
// equal to its default is omitted exactly as TFLite's own writer omits it.
Ref write_options(Builder& b, int tag, const Options& o) {
  Ref new_shape = 0;
  if (tag == kOptReshape && !o.new_shape.empty()) new_shape = b.vector<int32_t>(o.new_shape);
  b.start_table();
  switch (tag) {
    case kOptConv2D:
      b.add<int8_t>(0, o.padding, kPadSame);
      b.add<int32_t>(1, o.stride_w, 0);
      b.add<int32_t>(2, o.stride_h, 0);
      b.add<int8_t>(3, o.fused_activation, kActNone);
      b.add<int32_t>(4, o.dilation_w, 1);
      b.add<int32_t>(5, o.dilation_h, 1);
      b.add<int8_t>(6, o.quantized_bias_type, 0);
      break;
    case kOptDepthwiseConv2D:
      b.add<int8_t>(0, o.padding, kPadSame);
      b.add<int32_t>(1, o.stride_w, 0);
      b.add<int32_t>(2, o.stride_h, 0);
      b.add<int32_t>(3, o.depth_multiplier, 0);
      b.add<int8_t>(4, o.fused_activation, kActNone);
      b.add<int32_t>(5, o.dilation_w, 1);
      b.add<int32_t>(6, o.dilation_h, 1);
      break;
    case kOptPool2D:
      b.add<int8_t>(0, o.padding, kPadSame);
      b.add<int32_t>(1, o.stride_w, 0);
      b.add<int32_t>(2, o.stride_h, 0);
      b.add<int32_t>(3, o.filter_w, 0);
      b.add<int32_t>(4, o.filter_h, 0);
      b.add<int8_t>(5, o.fused_activation, kActNone);
      break;
    case kOptFullyConnected:
      b.add<int8_t>(0, o.fused_activation, kActNone);
      b.add<int8_t>(1, o.weights_format, 0);
      b.add_bool(2, o.keep_num_dims, false);
      b.add_bool(3, o.asymmetric_quantize_inputs, false);
      b.add<int8_t>(4, o.quantized_bias_type, 0);
      break;
    case kOptSoftmax:
      b.add<float>(0, o.beta, 0.0f);
      break;
    case kOptConcatenation:
      b.add<int32_t>(0, o.axis, 0);
      b.add<int8_t>(1, o.fused_activation, kActNone);
      break;
    case kOptAdd:
    case kOptSub:
      b.add<int8_t>(0, o.fused_activation, kActNone);
      b.add_bool(1, o.pot_scale_int16, true);
      break;
    case kOptMul:
    case kOptDiv:
      b.add<int8_t>(0, o.fused_activation, kActNone);
      break;
    case kOptReshape:
      b.add_ref(0, new_shape);
      break;
    case kOptReducer:
      b.add_bool(0, o.keep_dims, false);
      break;
    case kOptStridedSlice:
      b.add<int32_t>(0, o.begin_mask, 0);
      b.add<int32_t>(1, o.end_mask, 0);
      b.add<int32_t>(2, o.ellipsis_mask, 0);
      b.add<int32_t>(3, o.new_axis_mask, 0);
      b.add<int32_t>(4, o.shrink_axis_mask, 0);
      b.add_bool(5, o.offset, false);
      break;
    case kOptPack:
      b.add<int32_t>(0, o.values_count, 0);
      b.add<int32_t>(1, o.axis, 0);
      break;
    case kOptShape:
      b.add<int8_t>(0, o.out_type, 0);
      break;
    default:  // empty tables: Pad, PadV2, Quantize, Dequantize, MaximumMinimum, HardSwish
      break;
  }
  return b.end_table();
}

// ---------------------------------------------------------------------------
// Graph checks: fail here, naming the fault, rather than write a file the
// reader (or TFLite) would reject.

std::string where(const Graph& g) { return g.path.empty() ? std::string("tflite writer") : g.path; }

void check_graph(const Graph& g) {
  const auto n = static_cast<int64_t>(g.tensors.size());
  auto check_index = [&](int32_t t, bool allow_absent, const std::string& what) {
    if (t == -1 && allow_absent) return;
    if (t < 0 || t >= n)
      throw hb::Error(where(g) + ": " + what + " is tensor " + std::to_string(t) + ", but the graph has " +
                      std::to_string(n) + " tensors");
  };
  for (size_t i = 0; i < g.inputs.size(); ++i) check_index(g.inputs[i], false, "input " + std::to_string(i));
  for (size_t i = 0; i < g.outputs.size(); ++i) check_index(g.outputs[i], false, "output " + std::to_string(i));
  for (size_t k = 0; k < g.ops.size(); ++k) {
    const Operator& op = g.ops[k];
    const std::string what = "op #" + std::to_string(k) + " " + op.name();
    for (size_t i = 0; i < op.inputs.size(); ++i) check_index(op.inputs[i], true, what + " input " + std::to_string(i));
    for (size_t i = 0; i < op.outputs.size(); ++i)
      check_index(op.outputs[i], false, what + " output " + std::to_string(i));
    if (op.custom_code.empty() && options_tag(op.builtin) < 0)
      throw hb::Error(where(g) + ": " + what + ": the writer does not know this op's options");
  }
  for (size_t i = 0; i < g.tensors.size(); ++i) {
    const Tensor& t = g.tensors[i];
    const std::string what = "tensor " + std::to_string(i) + " '" + t.name + "'";
    if (t.q.scale.size() != t.q.zero_point.size())
      throw hb::Error(where(g) + ": " + what + ": " + std::to_string(t.q.scale.size()) + " scales but " +
                      std::to_string(t.q.zero_point.size()) + " zero points");
    const int64_t elems = t.elements();
    if (elems < 0) throw hb::Error(where(g) + ": " + what + ": invalid shape");
    if (!t.is_const()) continue;
    int64_t want = -1;
    if (t.type == TType::kInt4)
      want = (elems + 1) / 2;
    else if (int sz = ttype_size(t.type); sz > 0)
      want = elems * sz;
    if (want >= 0 && static_cast<int64_t>(t.data.size()) != want)
      throw hb::Error(where(g) + ": " + what + ": holds " + std::to_string(t.data.size()) + " bytes, its shape needs " +
                      std::to_string(want));
  }
}

Ref write_tensor(Builder& b, const Tensor& t, uint32_t buffer) {
  const Ref shape = b.vector<int32_t>(t.shape);
  const Ref name = t.name.empty() ? 0 : b.string(t.name);
  Ref quant = 0;
  if (!t.q.scale.empty() || t.q.quantized_dimension != 0) {
    const Ref scale = b.vector<float>(t.q.scale);
    const Ref zp = b.vector<int64_t>(t.q.zero_point);
    b.start_table();
    b.add_ref(2, scale);
    b.add_ref(3, zp);
    b.add<int32_t>(6, t.q.quantized_dimension, 0);
    quant = b.end_table();
  }
  b.start_table();
  b.add_ref(0, shape);
  b.add<int8_t>(1, static_cast<int8_t>(t.type), 0);
  b.add<uint32_t>(2, buffer, 0);
  b.add_ref(3, name);
  b.add_ref(4, quant);
  b.add_bool(5, t.is_variable, false);
  return b.end_table();
}

}  // namespace

int writer_options_tag(int32_t builtin) { return options_tag(builtin); }

std::vector<uint8_t> serialize_tflite(const Graph& g) {
  check_graph(g);
  Builder b;

  // Constant data first: built back to front, it lands at the end of the
  // file, after the structure, as in files from TFLite's converter.
  std::vector<Ref> buffers;
  std::vector<uint32_t> buffer_of(g.tensors.size(), 0);
  std::map<std::pair<const uint8_t*, size_t>, uint32_t> seen;  // tensors sharing bytes share a buffer
  b.start_table();
  buffers.push_back(b.end_table());  // buffer 0: the empty sentinel
  for (size_t i = 0; i < g.tensors.size(); ++i) {
    const Tensor& t = g.tensors[i];
    if (!t.is_const()) continue;
    auto key = std::make_pair(t.data.data(), t.data.size());
    if (auto it = seen.find(key); it != seen.end()) {
      buffer_of[i] = it->second;
      continue;
    }
    const Ref data = b.bytes_vector(t.data, 16);  // schema.fbs: force_align 16
    b.start_table();
    b.add_ref(0, data);
    buffers.push_back(b.end_table());
    buffer_of[i] = seen[key] = static_cast<uint32_t>(buffers.size() - 1);
  }
  const Ref buffers_vec = b.vector_of_refs(buffers);

  std::vector<Ref> tensors;
  for (size_t i = 0; i < g.tensors.size(); ++i) tensors.push_back(write_tensor(b, g.tensors[i], buffer_of[i]));
  const Ref tensors_vec = b.vector_of_refs(tensors);

  // Operator codes, in order of first use.
  std::map<std::tuple<int32_t, std::string, int32_t>, uint32_t> code_index;
  std::vector<std::tuple<int32_t, std::string, int32_t>> codes;
  std::vector<uint32_t> op_code(g.ops.size());
  for (size_t k = 0; k < g.ops.size(); ++k) {
    const Operator& op = g.ops[k];
    auto key = op.custom_code.empty() ? std::make_tuple(op.builtin, std::string(), op.version)
                                      : std::make_tuple(int32_t{kOpCustom}, op.custom_code, op.version);
    auto [it, added] = code_index.emplace(key, static_cast<uint32_t>(codes.size()));
    if (added) codes.push_back(key);
    op_code[k] = it->second;
  }
  std::vector<Ref> code_refs;
  for (const auto& [builtin, custom, version] : codes) {
    const Ref custom_ref = custom.empty() ? 0 : b.string(custom);
    b.start_table();
    // The int8 field predates builtin codes above 127; TFLite writes both
    // and readers take the larger, so it saturates at 127 (PLACEHOLDER_FOR_GREATER_OP_CODES).
    b.add<int8_t>(0, static_cast<int8_t>(std::min(builtin, int32_t{127})), 0);
    b.add_ref(1, custom_ref);
    b.add<int32_t>(2, version, 1);
    b.add<int32_t>(3, builtin, 0);
    code_refs.push_back(b.end_table());
  }
  const Ref codes_vec = b.vector_of_refs(code_refs);

  std::vector<Ref> ops;
  for (size_t k = 0; k < g.ops.size(); ++k) {
    const Operator& op = g.ops[k];
    const Ref ins = b.vector<int32_t>(op.inputs);
    const Ref outs = b.vector<int32_t>(op.outputs);
    const int tag = op.custom_code.empty() ? options_tag(op.builtin) : kOptNone;
    const Ref opts = tag > 0 ? write_options(b, tag, op.opt) : 0;
    b.start_table();
    b.add<uint32_t>(0, op_code[k], 0);
    b.add_ref(1, ins);
    b.add_ref(2, outs);
    b.add<uint8_t>(3, static_cast<uint8_t>(tag > 0 ? tag : 0), 0);
    b.add_ref(4, opts);
    ops.push_back(b.end_table());
  }
  const Ref ops_vec = b.vector_of_refs(ops);

  const Ref sg_inputs = b.vector<int32_t>(g.inputs);
  const Ref sg_outputs = b.vector<int32_t>(g.outputs);
  const Ref sg_name = b.string("main");
  b.start_table();
  b.add_ref(0, tensors_vec);
  b.add_ref(1, sg_inputs);
  b.add_ref(2, sg_outputs);
  b.add_ref(3, ops_vec);
  b.add_ref(4, sg_name);
  const Ref subgraph = b.end_table();
  const Ref subgraphs_vec = b.vector_of_refs(std::vector<Ref>{subgraph});

  const Ref description = g.description.empty() ? 0 : b.string(g.description);
  b.start_table();
  b.add<uint32_t>(0, 3, 0);  // schema version
  b.add_ref(1, codes_vec);
  b.add_ref(2, subgraphs_vec);
  b.add_ref(3, description);
  b.add_ref(4, buffers_vec);
  const Ref model = b.end_table();
  return b.finish(model, "TFL3");
}

void write_tflite(const Graph& g, const std::string& path) {
  const std::vector<uint8_t> bytes = serialize_tflite(g);
  write_file_atomic(path, bytes.data(), bytes.size());
}

// ---------------------------------------------------------------------------
// ModelBuilder

Quant per_tensor(float scale, int64_t zero_point) {
  Quant q;
  q.scale = {scale};
  q.zero_point = {zero_point};
  return q;
}

Quant per_channel(std::vector<float> scales, int32_t dim) {
  Quant q;
  q.zero_point.assign(scales.size(), 0);
  q.scale = std::move(scales);
  q.quantized_dimension = dim;
  return q;
}

ModelBuilder::ModelBuilder(std::string description) { g_.description = std::move(description); }

int ModelBuilder::tensor(std::string name, TType type, std::vector<int32_t> shape, Quant q) {
  Tensor t;
  t.name = std::move(name);
  t.type = type;
  t.shape = std::move(shape);
  t.q = std::move(q);
  g_.tensors.push_back(std::move(t));
  return static_cast<int>(g_.tensors.size()) - 1;
}

int ModelBuilder::constant(std::string name, TType type, std::vector<int32_t> shape, std::vector<uint8_t> bytes,
                           Quant q) {
  const int i = tensor(std::move(name), type, std::move(shape), std::move(q));
  const std::vector<uint8_t>& held = store_.emplace_back(std::move(bytes));
  g_.tensors.back().data = std::span<const uint8_t>(held.data(), held.size());
  return i;
}

int ModelBuilder::op(int32_t builtin, std::vector<int32_t> inputs, std::vector<int32_t> outputs, Options opt,
                     int32_t version) {
  const int index = static_cast<int>(g_.ops.size());
  Operator o;
  o.index = index;
  o.builtin = builtin;
  o.version = version;
  o.inputs = std::move(inputs);
  o.outputs = std::move(outputs);
  o.opt = std::move(opt);
  const int tag = options_tag(builtin);
  o.opt.options_type = static_cast<uint8_t>(tag > 0 ? tag : 0);  // what a reader of the written file sees
  g_.ops.push_back(std::move(o));
  return index;
}

void ModelBuilder::set_io(std::vector<int32_t> inputs, std::vector<int32_t> outputs) {
  g_.inputs = std::move(inputs);
  g_.outputs = std::move(outputs);
}

}  // namespace hb::model
