// .tflite -> Graph. Reads the FlatBuffer through flatbuffer_view.h, which
// bounds-checks every access, and validates what the lowering passes rely on
// (indices in range, constant sizes match shapes), so any malformed file ends
// in a one-line hb::Error naming the file and the fault.
#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "common/error.h"
#include "model/flatbuffer_view.h"
#include "model/graph.h"
#include "model/tflite_options.h"

namespace hb::model {

const char* ttype_name(TType t) {
  static constexpr std::array<const char*, 18> kNames = {
      "FLOAT32", "FLOAT16", "INT32",      "UINT8",  "INT64",    "STRING",  "BOOL",   "INT16",  "COMPLEX64",
      "INT8",    "FLOAT64", "COMPLEX128", "UINT64", "RESOURCE", "VARIANT", "UINT32", "UINT16", "INT4"};
  auto i = static_cast<int>(t);
  return (i >= 0 && i < static_cast<int>(kNames.size())) ? kNames[static_cast<size_t>(i)] : "UNKNOWN_TYPE";
}

int ttype_size(TType t) {
  switch (t) {
    case TType::kBool:
    case TType::kUInt8:
    case TType::kInt8:
      return 1;
    case TType::kFloat16:
    case TType::kInt16:
    case TType::kUInt16:
      return 2;
    case TType::kFloat32:
    case TType::kInt32:
    case TType::kUInt32:
      return 4;
    case TType::kInt64:
    case TType::kUInt64:
    case TType::kFloat64:
    case TType::kComplex64:
      return 8;
    case TType::kComplex128:
      return 16;
    default:  // STRING, RESOURCE, VARIANT: variable size; INT4: packed
      return 0;
  }
}

namespace {

// Index = BuiltinOperator value. Values 0..205 are contiguous in the schema.
constexpr const char* kOpNames[] = {
    "ADD",
    "AVERAGE_POOL_2D",
    "CONCATENATION",
    "CONV_2D",
    "DEPTHWISE_CONV_2D",  // 0
    "DEPTH_TO_SPACE",
    "DEQUANTIZE",
    "EMBEDDING_LOOKUP",
    "FLOOR",
    "FULLY_CONNECTED",  // 5
    "HASHTABLE_LOOKUP",
    "L2_NORMALIZATION",
    "L2_POOL_2D",
    "LOCAL_RESPONSE_NORMALIZATION",
    "LOGISTIC",  // 10
    "LSH_PROJECTION",
    "LSTM",
    "MAX_POOL_2D",
    "MUL",
    "RELU",  // 15
    "RELU_N1_TO_1",
    "RELU6",
    "RESHAPE",
    "RESIZE_BILINEAR",
    "RNN",  // 20
    "SOFTMAX",
    "SPACE_TO_DEPTH",
    "SVDF",
    "TANH",
    "CONCAT_EMBEDDINGS",  // 25
    "SKIP_GRAM",
    "CALL",
    "CUSTOM",
    "EMBEDDING_LOOKUP_SPARSE",
    "PAD",  // 30
    "UNIDIRECTIONAL_SEQUENCE_RNN",
    "GATHER",
    "BATCH_TO_SPACE_ND",
    "SPACE_TO_BATCH_ND",
    "TRANSPOSE",  // 35
    "MEAN",
    "SUB",
    "DIV",
    "SQUEEZE",
    "UNIDIRECTIONAL_SEQUENCE_LSTM",  // 40
    "STRIDED_SLICE",
    "BIDIRECTIONAL_SEQUENCE_RNN",
    "EXP",
    "TOPK_V2",
    "SPLIT",  // 45
    "LOG_SOFTMAX",
    "DELEGATE",
    "BIDIRECTIONAL_SEQUENCE_LSTM",
    "CAST",
    "PRELU",  // 50
    "MAXIMUM",
    "ARG_MAX",
    "MINIMUM",
    "LESS",
    "NEG",  // 55
    "PADV2",
    "GREATER",
    "GREATER_EQUAL",
    "LESS_EQUAL",
    "SELECT",  // 60
    "SLICE",
    "SIN",
    "TRANSPOSE_CONV",
    "SPARSE_TO_DENSE",
    "TILE",  // 65
    "EXPAND_DIMS",
    "EQUAL",
    "NOT_EQUAL",
    "LOG",
    "SUM",  // 70
    "SQRT",
    "RSQRT",
    "SHAPE",
    "POW",
    "ARG_MIN",  // 75
    "FAKE_QUANT",
    "REDUCE_PROD",
    "REDUCE_MAX",
    "PACK",
    "LOGICAL_OR",  // 80
    "ONE_HOT",
    "LOGICAL_AND",
    "LOGICAL_NOT",
    "UNPACK",
    "REDUCE_MIN",  // 85
    "FLOOR_DIV",
    "REDUCE_ANY",
    "SQUARE",
    "ZEROS_LIKE",
    "FILL",  // 90
    "FLOOR_MOD",
    "RANGE",
    "RESIZE_NEAREST_NEIGHBOR",
    "LEAKY_RELU",
    "SQUARED_DIFFERENCE",  // 95
    "MIRROR_PAD",
    "ABS",
    "SPLIT_V",
    "UNIQUE",
    "CEIL",  // 100
    "REVERSE_V2",
    "ADD_N",
    "GATHER_ND",
    "COS",
    "WHERE",  // 105
    "RANK",
    "ELU",
    "REVERSE_SEQUENCE",
    "MATRIX_DIAG",
    "QUANTIZE",  // 110
    "MATRIX_SET_DIAG",
    "ROUND",
    "HARD_SWISH",
    "IF",
    "WHILE",  // 115
    "NON_MAX_SUPPRESSION_V4",
    "NON_MAX_SUPPRESSION_V5",
    "SCATTER_ND",
    "SELECT_V2",
    "DENSIFY",  // 120
    "SEGMENT_SUM",
    "BATCH_MATMUL",
    "PLACEHOLDER_FOR_GREATER_OP_CODES",
    "CUMSUM",
    "CALL_ONCE",  // 125
    "BROADCAST_TO",
    "RFFT2D",
    "CONV_3D",
    "IMAG",
    "REAL",  // 130
    "COMPLEX_ABS",
    "HASHTABLE",
    "HASHTABLE_FIND",
    "HASHTABLE_IMPORT",
    "HASHTABLE_SIZE",  // 135
    "REDUCE_ALL",
    "CONV_3D_TRANSPOSE",
    "VAR_HANDLE",
    "READ_VARIABLE",
    "ASSIGN_VARIABLE",  // 140
    "BROADCAST_ARGS",
    "RANDOM_STANDARD_NORMAL",
    "BUCKETIZE",
    "RANDOM_UNIFORM",
    "MULTINOMIAL",  // 145
    "GELU",
    "DYNAMIC_UPDATE_SLICE",
    "RELU_0_TO_1",
    "UNSORTED_SEGMENT_PROD",
    "UNSORTED_SEGMENT_MAX",  // 150
    "UNSORTED_SEGMENT_SUM",
    "ATAN2",
    "UNSORTED_SEGMENT_MIN",
    "SIGN",
    "BITCAST",  // 155
    "BITWISE_XOR",
    "RIGHT_SHIFT",
    "STABLEHLO_LOGISTIC",
    "STABLEHLO_ADD",
    "STABLEHLO_DIVIDE",  // 160
    "STABLEHLO_MULTIPLY",
    "STABLEHLO_MAXIMUM",
    "STABLEHLO_RESHAPE",
    "STABLEHLO_CLAMP",
    "STABLEHLO_CONCATENATE",  // 165
    "STABLEHLO_BROADCAST_IN_DIM",
    "STABLEHLO_CONVOLUTION",
    "STABLEHLO_SLICE",
    "STABLEHLO_CUSTOM_CALL",
    "STABLEHLO_REDUCE",  // 170
    "STABLEHLO_ABS",
    "STABLEHLO_AND",
    "STABLEHLO_COSINE",
    "STABLEHLO_EXPONENTIAL",
    "STABLEHLO_FLOOR",  // 175
    "STABLEHLO_LOG",
    "STABLEHLO_MINIMUM",
    "STABLEHLO_NEGATE",
    "STABLEHLO_OR",
    "STABLEHLO_POWER",  // 180
    "STABLEHLO_REMAINDER",
    "STABLEHLO_RSQRT",
    "STABLEHLO_SELECT",
    "STABLEHLO_SUBTRACT",
    "STABLEHLO_TANH",  // 185
    "STABLEHLO_SCATTER",
    "STABLEHLO_COMPARE",
    "STABLEHLO_CONVERT",
    "STABLEHLO_DYNAMIC_SLICE",
    "STABLEHLO_DYNAMIC_UPDATE_SLICE",  // 190
    "STABLEHLO_PAD",
    "STABLEHLO_IOTA",
    "STABLEHLO_DOT_GENERAL",
    "STABLEHLO_REDUCE_WINDOW",
    "STABLEHLO_SORT",  // 195
    "STABLEHLO_WHILE",
    "STABLEHLO_GATHER",
    "STABLEHLO_TRANSPOSE",
    "DILATE",
    "STABLEHLO_RNG_BIT_GENERATOR",  // 200
    "REDUCE_WINDOW",                // 205
};
static_assert(std::size(kOpNames) == 206, "one name per BuiltinOperator value 0..205");

}  // namespace

std::string builtin_op_name(int32_t code) {
  if (code >= 0 && code < static_cast<int32_t>(std::size(kOpNames))) return kOpNames[static_cast<size_t>(code)];
  if (code == 225) return "TEMP_STREAMING_CONV_2D";
  return "BUILTIN_" + std::to_string(code);
}

std::string Operator::name() const { return custom_code.empty() ? builtin_op_name(builtin) : custom_code; }

int64_t Tensor::elements() const {
  int64_t n = 1;
  for (int32_t d : shape) {
    if (d < 0 || __builtin_mul_overflow(n, static_cast<int64_t>(d), &n)) return -1;
  }
  return n;
}

// ---------------------------------------------------------------------------
// The reader. Field ids are the declaration order of each table in
// tensorflow/lite/schema/schema.fbs (a union takes two ids: type, then value).

namespace {

using fb::Buffer;
using fb::Ctx;
using fb::Table;
using fb::Vec;

constexpr uint64_t kMaxFileBytes = uint64_t{256} << 20;  // far above any MCU model; stops accidental huge reads

std::string printable(std::span<const uint8_t> s) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (uint8_t c : s) {
    if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

struct OpCode {
  int32_t builtin = 0;
  std::string custom;
  int32_t version = 1;
};

class Reader {
 public:
  explicit Reader(Graph& g) : g_(g), b_(g.file, g.path) {}

  void run() {
    check_header();
    Table model = Table::at(b_, b_.u32(0));
    g_.schema_version = model.scalar<uint32_t>(0, 0);
    if (g_.schema_version != 3)
      b_.fail("unsupported schema version " + std::to_string(g_.schema_version) + " (expected 3)");
    {
      Ctx c(b_, "description");
      g_.description = model.str(3, "string");
    }
    read_opcodes(model);
    read_buffers(model);
    Vec subgraphs = model.vec(2, 4, "subgraphs vector");
    if (subgraphs.empty()) b_.fail("model has no subgraphs");
    if (subgraphs.size() > 1)
      b_.fail("model has " + std::to_string(subgraphs.size()) +
              " subgraphs; only single-subgraph models are supported (no control-flow ops)");
    Ctx c(b_, "subgraph 0");
    read_subgraph(Table::element(b_, subgraphs, 0));
  }

 private:
  void check_header() {
    if (b_.size() == 0) b_.fail("empty file");
    if (b_.size() < 8)
      b_.fail("truncated: " + std::to_string(b_.size()) + " bytes is too short for a FlatBuffer header");
    std::span<const uint8_t> id(b_.data() + 4, 4);
    if (std::memcmp(id.data(), "TFL3", 4) != 0)
      b_.fail("not a TFLite model (file identifier '" + printable(id) + "', expected 'TFL3')");
  }

  void read_opcodes(const Table& model) {
    Vec v = model.vec(1, 4, "operator_codes vector");
    for (uint32_t i = 0; i < v.size(); ++i) {
      Ctx c(b_, "operator code " + std::to_string(i));
      Table t = Table::element(b_, v, i);
      b_.charge(sizeof(OpCode));
      OpCode oc;
      // builtin_code (id 3) superseded the int8 field (id 0) once ops passed
      // 127; writers fill both, older ones only the int8, so take the larger.
      int32_t dep = t.scalar<int8_t>(0, 0);
      int32_t ext = t.scalar<int32_t>(3, 0);
      oc.builtin = std::max(dep, ext);
      if (oc.builtin < 0) b_.fail("invalid builtin code " + std::to_string(oc.builtin));
      oc.custom = t.str(1, "custom_code string");
      oc.version = t.scalar<int32_t>(2, 1);
      if (oc.builtin == kOpCustom && oc.custom.empty()) oc.custom = "CUSTOM";
      if (oc.builtin != kOpCustom) oc.custom.clear();  // TFLite ignores it for builtins
      opcodes_.push_back(std::move(oc));
    }
  }

  // All buffers are checked, not only those tensors use, so that a file cut
  // short inside trailing (e.g. metadata) data is still reported as truncated.
  void read_buffers(const Table& model) {
    Vec v = model.vec(4, 4, "buffers vector");
    for (uint32_t i = 0; i < v.size(); ++i) {
      Ctx c(b_, "buffer " + std::to_string(i));
      b_.charge(sizeof(std::span<const uint8_t>));
      buffers_.push_back(buffer_data(Table::element(b_, v, i)));
    }
  }

  void read_subgraph(const Table& sg) {
    Vec tensors = sg.vec(0, 4, "tensors vector");
    ntensors_ = tensors.size();
    if (ntensors_ > static_cast<uint32_t>(INT32_MAX)) b_.fail("too many tensors");
    for (uint32_t i = 0; i < ntensors_; ++i) {
      Ctx c(b_, "tensor " + std::to_string(i));
      b_.charge(sizeof(Tensor));
      g_.tensors.push_back(read_tensor(Table::element(b_, tensors, i)));
    }
    g_.inputs = tensor_list(sg, 1, "inputs", false);
    g_.outputs = tensor_list(sg, 2, "outputs", false);
    Vec ops = sg.vec(3, 4, "operators vector");
    for (uint32_t i = 0; i < ops.size(); ++i) {
      Ctx c(b_, "op #" + std::to_string(i));
      b_.charge(sizeof(Operator));
      g_.ops.push_back(read_op(Table::element(b_, ops, i), static_cast<int>(i)));
    }
  }

  // A list of tensor indices; -1 (optional input absent) only where allowed.
  std::vector<int32_t> tensor_list(const Table& t, int id, const char* what, bool allow_absent) {
    std::vector<int32_t> v = t.vec(id, 4, what).to_vector<int32_t>();
    for (size_t k = 0; k < v.size(); ++k) {
      if (v[k] == -1 && allow_absent) continue;
      if (v[k] < 0 || static_cast<uint32_t>(v[k]) >= ntensors_)
        b_.fail(std::string(what) + "[" + std::to_string(k) + "] is tensor " + std::to_string(v[k]) +
                ", but the subgraph has " + std::to_string(ntensors_) + " tensors");
    }
    return v;
  }

  Tensor read_tensor(const Table& t) {
    Tensor out;
    out.shape = t.vec(0, 4, "shape vector").to_vector<int32_t>();
    int64_t elems = 1;
    for (size_t k = 0; k < out.shape.size(); ++k) {
      int32_t d = out.shape[k];
      if (d < 0) b_.fail("shape dimension " + std::to_string(k) + " is negative (" + std::to_string(d) + ")");
      // Cap well below INT64_MAX so elements * 16-byte type size cannot overflow either.
      if (__builtin_mul_overflow(elems, static_cast<int64_t>(d), &elems) || elems > (int64_t{1} << 58))
        b_.fail("shape has too many elements (product overflows)");
    }
    int8_t type = t.scalar<int8_t>(1, 0);
    if (type < 0 || type > static_cast<int8_t>(TType::kInt4)) b_.fail("unknown tensor type " + std::to_string(type));
    out.type = static_cast<TType>(type);
    out.name = t.str(3, "name string");
    out.is_variable = t.boolean(5, false);
    if (t.has_table(6)) b_.fail("sparse tensors are not supported");
    if (t.has_table(4)) {
      Ctx c(b_, "quantization");
      out.q = read_quant(t.table(4), out.shape);
    }
    uint32_t buf = t.scalar<uint32_t>(2, 0);
    if (buf >= buffers_.size())
      b_.fail("buffer index " + std::to_string(buf) + " out of range (model has " + std::to_string(buffers_.size()) +
              " buffers)");
    out.data = buffers_[buf];
    if (!out.data.empty()) {
      Ctx c(b_, "buffer " + std::to_string(buf));
      check_data_size(out, elems);
    }
    return out;
  }

  Quant read_quant(const Table& t, const std::vector<int32_t>& shape) {
    Quant q;
    if (t.scalar<uint8_t>(4, 0) != 0) b_.fail("custom quantization details are not supported");
    q.scale = t.vec(2, 4, "scale vector").to_vector<float>();
    q.zero_point = t.vec(3, 8, "zero_point vector").to_vector<int64_t>();
    q.quantized_dimension = t.scalar<int32_t>(6, 0);
    if (q.zero_point.size() != q.scale.size())
      b_.fail(std::to_string(q.scale.size()) + " scales but " + std::to_string(q.zero_point.size()) + " zero points");
    if (q.scale.size() > 1) {  // per-channel: one scale per slice along quantized_dimension
      int32_t qd = q.quantized_dimension;
      if (qd < 0 || static_cast<size_t>(qd) >= shape.size())
        b_.fail("quantized_dimension " + std::to_string(qd) + " outside rank " + std::to_string(shape.size()));
      if (static_cast<size_t>(shape[static_cast<size_t>(qd)]) != q.scale.size())
        b_.fail(std::to_string(q.scale.size()) + " scales for dimension " + std::to_string(qd) + " of size " +
                std::to_string(shape[static_cast<size_t>(qd)]));
    }
    return q;
  }

  // A buffer's bytes: the `data` vector, or, in files written with constants
  // appended after the FlatBuffer (schema 3c, for models over 2 GB), the
  // offset/size pair; offset is from the start of the file and "only valid
  // if > 1" per the schema.
  std::span<const uint8_t> buffer_data(const Table& bt) {
    uint64_t off = bt.scalar<uint64_t>(1, 0);
    if (off > 1) {
      uint64_t size = bt.scalar<uint64_t>(2, 0);
      b_.need(off, size, "data");
      return {b_.data() + off, static_cast<size_t>(size)};
    }
    Vec v = bt.vec(0, 1, "data");
    return {b_.data() + v.elems_at(), v.size()};
  }

  void check_data_size(const Tensor& t, int64_t elems) {
    int64_t want;
    if (t.type == TType::kInt4) {
      want = (elems + 1) / 2;
    } else if (int sz = ttype_size(t.type); sz > 0) {
      want = elems * sz;
    } else {
      return;  // variable-size types: no fixed relation to the shape
    }
    if (static_cast<int64_t>(t.data.size()) != want) {
      std::string dims;
      for (size_t k = 0; k < t.shape.size(); ++k) dims += (k ? "x" : "") + std::to_string(t.shape[k]);
      if (dims.empty()) dims = "scalar";
      b_.fail("holds " + std::to_string(t.data.size()) + " bytes, but a " + dims + " " + ttype_name(t.type) +
              " tensor needs " + std::to_string(want));
    }
  }

  Operator read_op(const Table& t, int index) {
    Operator op;
    op.index = index;
    uint32_t oc = t.scalar<uint32_t>(0, 0);
    if (oc >= opcodes_.size())
      b_.fail("opcode_index " + std::to_string(oc) + " out of range (model has " + std::to_string(opcodes_.size()) +
              " operator codes)");
    op.builtin = opcodes_[oc].builtin;
    op.custom_code = opcodes_[oc].custom;
    op.version = opcodes_[oc].version;
    b_.context().back() +=
        " " + printable({reinterpret_cast<const uint8_t*>(op.name().data()), std::min<size_t>(op.name().size(), 64)});
    op.inputs = tensor_list(t, 1, "inputs", true);
    op.outputs = tensor_list(t, 2, "outputs", false);
    uint8_t tag = t.scalar<uint8_t>(3, 0);
    op.opt.options_type = tag;
    int want = op.custom_code.empty() ? builtin_options_tag(op.builtin) : -1;
    if (want < 0) return op;  // options of ops we do not interpret stay unread
    if (tag != kOptNone && tag != want)
      b_.fail("builtin options are union type " + std::to_string(tag) + ", expected " + builtin_options_name(want) +
              " (" + std::to_string(want) + ")");
    bool present = tag != kOptNone && t.has_table(4);
    bool required = want == kOptConv2D || want == kOptDepthwiseConv2D || want == kOptPool2D;
    if (required && !present) b_.fail(std::string("missing ") + builtin_options_name(want));
    if (present) {
      Ctx c(b_, builtin_options_name(want));
      read_options(t.table(4), want, op.opt);
    }
    return op;
  }

  int8_t padding(const Table& t, int id) {
    int8_t p = t.scalar<int8_t>(id, kPadSame);
    if (p != kPadSame && p != kPadValid) b_.fail("unknown padding " + std::to_string(p));
    return p;
  }
  int8_t activation(const Table& t, int id) {
    int8_t a = t.scalar<int8_t>(id, kActNone);
    if (a < kActNone || a > kActSignBit) b_.fail("unknown fused activation " + std::to_string(a));
    return a;
  }
  int32_t positive(const Table& t, int id, int32_t def, const char* what) {
    int32_t v = t.scalar<int32_t>(id, def);
    if (v < 1) b_.fail(std::string(what) + " is " + std::to_string(v) + ", must be >= 1");
    return v;
  }

  // Schema defaults are passed explicitly: they are what TFLite uses when a
  // writer omitted a field (FlatBuffers omits fields equal to the default).
  void read_options(const Table& t, int tag, Options& o) {
    switch (tag) {
      case kOptConv2D:
        o.padding = padding(t, 0);
        o.stride_w = positive(t, 1, 0, "stride_w");
        o.stride_h = positive(t, 2, 0, "stride_h");
        o.fused_activation = activation(t, 3);
        o.dilation_w = positive(t, 4, 1, "dilation_w_factor");
        o.dilation_h = positive(t, 5, 1, "dilation_h_factor");
        o.quantized_bias_type = t.scalar<int8_t>(6, 0);
        break;
      case kOptDepthwiseConv2D:
        o.padding = padding(t, 0);
        o.stride_w = positive(t, 1, 0, "stride_w");
        o.stride_h = positive(t, 2, 0, "stride_h");
        o.depth_multiplier = t.scalar<int32_t>(3, 0);
        o.fused_activation = activation(t, 4);
        o.dilation_w = positive(t, 5, 1, "dilation_w_factor");
        o.dilation_h = positive(t, 6, 1, "dilation_h_factor");
        break;
      case kOptPool2D:
        o.padding = padding(t, 0);
        o.stride_w = positive(t, 1, 0, "stride_w");
        o.stride_h = positive(t, 2, 0, "stride_h");
        o.filter_w = positive(t, 3, 0, "filter_width");
        o.filter_h = positive(t, 4, 0, "filter_height");
        o.fused_activation = activation(t, 5);
        break;
      case kOptFullyConnected:
        o.fused_activation = activation(t, 0);
        o.weights_format = t.scalar<int8_t>(1, 0);
        o.keep_num_dims = t.boolean(2, false);
        o.asymmetric_quantize_inputs = t.boolean(3, false);
        o.quantized_bias_type = t.scalar<int8_t>(4, 0);
        break;
      case kOptSoftmax:
        o.beta = t.scalar<float>(0, 0.0f);
        break;
      case kOptConcatenation:
        o.axis = t.scalar<int32_t>(0, 0);
        o.fused_activation = activation(t, 1);
        break;
      case kOptAdd:
      case kOptSub:
        o.fused_activation = activation(t, 0);
        o.pot_scale_int16 = t.boolean(1, true);
        break;
      case kOptMul:
      case kOptDiv:
        o.fused_activation = activation(t, 0);
        break;
      case kOptReshape:
        o.new_shape = t.vec(0, 4, "new_shape vector").to_vector<int32_t>();
        break;
      case kOptReducer:
        o.keep_dims = t.boolean(0, false);
        break;
      case kOptStridedSlice:
        o.begin_mask = t.scalar<int32_t>(0, 0);
        o.end_mask = t.scalar<int32_t>(1, 0);
        o.ellipsis_mask = t.scalar<int32_t>(2, 0);
        o.new_axis_mask = t.scalar<int32_t>(3, 0);
        o.shrink_axis_mask = t.scalar<int32_t>(4, 0);
        o.offset = t.boolean(5, false);
        break;
      case kOptPack:
        o.values_count = t.scalar<int32_t>(0, 0);
        o.axis = t.scalar<int32_t>(1, 0);
        break;
      case kOptShape:
        o.out_type = t.scalar<int8_t>(0, 0);
        break;
      default:  // empty tables: Pad, PadV2, Quantize, Dequantize, MaximumMinimum, HardSwish
        break;
    }
  }

  Graph& g_;
  Buffer b_;
  std::vector<OpCode> opcodes_;
  std::vector<std::span<const uint8_t>> buffers_;
  uint32_t ntensors_ = 0;
};

}  // namespace

Graph parse_tflite(std::vector<uint8_t> bytes, const std::string& path) {
  Graph g;
  g.path = path;
  g.file = std::move(bytes);
  Reader(g).run();
  return g;
}

Graph read_tflite(const std::string& path) {
  std::error_code ec;
  auto st = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(st))
    throw hb::Error(path + ": cannot open: " + (ec ? ec.message() : std::string("no such file")));
  if (!std::filesystem::is_regular_file(st)) throw hb::Error(path + ": cannot open: not a regular file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw hb::Error(path + ": cannot open: " + std::strerror(errno));
  in.seekg(0, std::ios::end);
  std::streamoff n = in.tellg();
  if (n < 0) throw hb::Error(path + ": cannot read: size unknown");
  if (static_cast<uint64_t>(n) > kMaxFileBytes)
    throw hb::Error(path + ": file is " + std::to_string(n) + " bytes, over the " + std::to_string(kMaxFileBytes) +
                    "-byte limit for a model");
  in.seekg(0);
  std::vector<uint8_t> bytes(static_cast<size_t>(n));
  if (n > 0 && !in.read(reinterpret_cast<char*>(bytes.data()), n))
    throw hb::Error(path + ": read failed after " + std::to_string(in.gcount()) + " of " + std::to_string(n) +
                    " bytes");
  return parse_tflite(std::move(bytes), path);
}

}  // namespace hb::model
