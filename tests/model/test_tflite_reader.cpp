// Tests for the .tflite reader: facts about the shared models that were
// established independently of the reader (README op counts, golden.json,
// golden-tensors/tensors.tsv), synthetic models written by a small FlatBuffer
// writer below (so every field and every error path can be hit on purpose),
// and robustness against truncated / corrupted / hostile files.
#include <gtest/gtest.h>

#include "test_paths.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "common/error.h"
#include "model/graph.h"

namespace hb::model {
namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------
// A minimal FlatBuffer writer, independent of the reader under test. Objects
// are laid out breadth-first so every uoffset points forward (as the format
// requires) even when a node is shared by several parents; a shared node is
// written once.

struct Node;
using P = std::shared_ptr<Node>;

struct Node {
  enum Kind { kTable, kVec, kTableVec } kind = kTable;
  struct Field {
    int id;
    std::vector<uint8_t> bytes;  // scalar, or empty for a reference
    P ref;
  };
  std::vector<Field> fields;      // kTable
  std::vector<uint8_t> raw;       // kVec: element bytes
  uint32_t count = 0, align = 4;  // kVec
  bool nul = false;               // kVec holding a string
  std::vector<P> elems;           // kTableVec

  template <typename T>
  Node& s(int id, T v) {
    std::vector<uint8_t> b(sizeof(T));
    std::memcpy(b.data(), &v, sizeof(T));  // host is little-endian, as the format
    fields.push_back({id, b, nullptr});
    return *this;
  }
  Node& r(int id, P p) {
    fields.push_back({id, {}, std::move(p)});
    return *this;
  }
};

P table() { return std::make_shared<Node>(); }
template <typename T>
P vec(const std::vector<T>& v) {
  auto n = std::make_shared<Node>();
  n->kind = Node::kVec;
  n->count = static_cast<uint32_t>(v.size());
  n->align = static_cast<uint32_t>(std::max<size_t>(4, sizeof(T)));
  n->raw.resize(v.size() * sizeof(T));
  if (!v.empty()) std::memcpy(n->raw.data(), v.data(), n->raw.size());
  return n;
}
P str(const std::string& s) {
  P n = vec(std::vector<char>(s.begin(), s.end()));
  n->nul = true;
  return n;
}
P tvec(std::vector<P> e) {
  auto n = std::make_shared<Node>();
  n->kind = Node::kTableVec;
  n->elems = std::move(e);
  return n;
}

class Writer {
 public:
  std::vector<uint8_t> finish(const P& root, const char* ident = "TFL3") {
    b_.assign(8, 0);
    std::memcpy(b_.data() + 4, ident, 4);
    std::deque<std::pair<const Node*, size_t>> q{{root.get(), 0}};
    std::map<const Node*, size_t> placed;
    while (!q.empty()) {
      auto [n, at] = q.front();
      q.pop_front();
      auto it = placed.find(n);
      size_t pos = it != placed.end() ? it->second : (placed[n] = write(*n, q));
      if (pos <= at) throw std::logic_error("test writer: backward reference");
      put_at<uint32_t>(at, static_cast<uint32_t>(pos - at));
    }
    return b_;
  }

 private:
  void pad(size_t a) {
    while (b_.size() % a) b_.push_back(0);
  }
  template <typename T>
  void put(T v) {
    size_t at = b_.size();
    b_.resize(at + sizeof(T));
    std::memcpy(b_.data() + at, &v, sizeof(T));
  }
  template <typename T>
  void put_at(size_t at, T v) {
    std::memcpy(b_.data() + at, &v, sizeof(T));
  }

  size_t write(const Node& n, std::deque<std::pair<const Node*, size_t>>& q) {
    if (n.kind == Node::kVec) {
      pad(4);
      while ((b_.size() + 4) % n.align) b_.push_back(0);
      size_t pos = b_.size();
      put<uint32_t>(n.count);
      b_.insert(b_.end(), n.raw.begin(), n.raw.end());
      if (n.nul) b_.push_back(0);
      return pos;
    }
    if (n.kind == Node::kTableVec) {
      pad(4);
      size_t pos = b_.size();
      put<uint32_t>(static_cast<uint32_t>(n.elems.size()));
      for (const P& e : n.elems) {
        q.push_back({e.get(), b_.size()});
        put<uint32_t>(0);
      }
      return pos;
    }
    // Table: inline layout first, then its vtable, then the table itself.
    std::vector<size_t> offs;
    size_t off = 4;
    int max_id = -1;
    for (const auto& f : n.fields) {
      size_t sz = f.ref ? 4 : f.bytes.size();
      off = (off + sz - 1) / sz * sz;
      offs.push_back(off);
      off += sz;
      max_id = std::max(max_id, f.id);
    }
    pad(2);
    size_t vt = b_.size();
    put<uint16_t>(static_cast<uint16_t>(4 + 2 * (max_id + 1)));
    put<uint16_t>(static_cast<uint16_t>(off));
    for (int id = 0; id <= max_id; ++id) {
      uint16_t o = 0;
      for (size_t k = 0; k < n.fields.size(); ++k)
        if (n.fields[k].id == id) o = static_cast<uint16_t>(offs[k]);
      put<uint16_t>(o);
    }
    pad(8);
    size_t pos = b_.size();
    put<int32_t>(static_cast<int32_t>(pos - vt));
    b_.resize(pos + off, 0);
    for (size_t k = 0; k < n.fields.size(); ++k) {
      const auto& f = n.fields[k];
      if (f.ref)
        q.push_back({f.ref.get(), pos + offs[k]});
      else
        std::memcpy(b_.data() + pos + offs[k], f.bytes.data(), f.bytes.size());
    }
    return pos;
  }

  std::vector<uint8_t> b_;
};

// ---------------------------------------------------------------------------
// Synthetic TFLite models. Field ids follow schema.fbs declaration order.

P quant(std::vector<float> scale, std::vector<int64_t> zp, int32_t qdim = 0) {
  P q = table();
  q->r(2, vec(scale)).r(3, vec(zp));
  if (qdim) q->s<int32_t>(6, qdim);
  return q;
}
P tensor(std::vector<int32_t> shape, TType type, uint32_t buffer, const std::string& name, P q = nullptr) {
  P t = table();
  t->r(0, vec(shape)).s<int8_t>(1, static_cast<int8_t>(type)).s<uint32_t>(2, buffer).r(3, str(name));
  if (q) t->r(4, q);
  return t;
}
P opcode(int32_t code, int32_t version = 1) {
  P o = table();
  o->s<int8_t>(0, static_cast<int8_t>(std::min(code, 127))).s<int32_t>(2, version).s<int32_t>(3, code);
  return o;
}
P op(uint32_t opcode_index, std::vector<int32_t> in, std::vector<int32_t> out, uint8_t opt_type = 0, P opts = nullptr) {
  P o = table();
  o->s<uint32_t>(0, opcode_index).r(1, vec(in)).r(2, vec(out));
  if (opt_type) o->s<uint8_t>(3, opt_type);
  if (opts) o->r(4, opts);
  return o;
}
P buffer(std::vector<uint8_t> data) {
  P b = table();
  if (!data.empty()) b->r(0, vec(data));
  return b;
}

struct Spec {
  uint32_t version = 3;
  std::string description = "synthetic";
  std::vector<P> opcodes, tensors, ops, buffers;
  std::vector<int32_t> inputs, outputs;
  int subgraphs = 1;

  std::vector<uint8_t> build(const char* ident = "TFL3") const {
    P sg = table();
    sg->r(0, tvec(tensors)).r(1, vec(inputs)).r(2, vec(outputs)).r(3, tvec(ops));
    P m = table();
    m->s<uint32_t>(0, version).r(1, tvec(opcodes)).r(2, tvec(std::vector<P>(static_cast<size_t>(subgraphs), sg)));
    m->r(3, str(description)).r(4, tvec(buffers));
    return Writer().finish(m, ident);
  }
};

std::vector<uint8_t> bytes_of(std::initializer_list<int> v) {
  std::vector<uint8_t> out;
  for (int x : v) out.push_back(static_cast<uint8_t>(x));
  return out;
}
template <typename T>
std::vector<uint8_t> le_bytes(std::vector<T> v) {
  std::vector<uint8_t> out(v.size() * sizeof(T));
  std::memcpy(out.data(), v.data(), out.size());
  return out;
}

const std::vector<uint8_t> kWeights = bytes_of({1, 2, 3, 0xfd, 0xfe, 0xff});  // int8 [3,1,1,2]
const std::vector<int32_t> kBias = {100, -200, 300};

// One int8 CONV_2D: in [1,4,4,2] -> out [1,2,2,3], per-channel weights.
Spec conv_spec() {
  Spec s;
  s.buffers = {buffer({}), buffer(kWeights), buffer(le_bytes(kBias))};
  s.tensors = {
      tensor({1, 4, 4, 2}, TType::kInt8, 0, "input", quant({0.5f}, {-1})),
      tensor({3, 1, 1, 2}, TType::kInt8, 1, "weights", quant({0.1f, 0.2f, 0.3f}, {0, 0, 0})),
      tensor({3}, TType::kInt32, 2, "bias", quant({0.05f, 0.1f, 0.15f}, {0, 0, 0})),
      tensor({1, 2, 2, 3}, TType::kInt8, 0, "output", quant({0.25f}, {3})),
  };
  s.opcodes = {opcode(kOpConv2D, 3)};
  P conv = table();
  conv->s<int8_t>(0, kPadValid).s<int32_t>(1, 2).s<int32_t>(2, 1).s<int8_t>(3, kActRelu6);  // no dilation: default 1
  s.ops = {op(0, {0, 1, 2}, {3}, 1, conv)};
  s.inputs = {0};
  s.outputs = {3};
  return s;
}

const std::string kSynth = "synthetic.tflite";

// Runs f, which must throw hb::Error whose message is one line, names `path`
// and contains `what`.
void expect_error(const std::function<void()>& f, const std::string& path, const std::string& what) {
  try {
    f();
  } catch (const hb::Error& e) {
    std::string m = e.what();
    EXPECT_EQ(m.find('\n'), std::string::npos) << m;
    EXPECT_EQ(m.rfind(path + ": ", 0), 0u) << "message does not start with the path: " << m;
    EXPECT_NE(m.find(what), std::string::npos) << "expected '" << what << "' in: " << m;
    return;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "wrong exception type: " << e.what();
    return;
  }
  ADD_FAILURE() << "no error; expected '" << what << "'";
}
void expect_parse_error(const std::vector<uint8_t>& bytes, const std::string& what) {
  expect_error([&] { parse_tflite(bytes, kSynth); }, kSynth, what);
}

// ---------------------------------------------------------------------------
// Names and enum values (values checked against schema.fbs by hand).

TEST(TfliteNames, BuiltinOpEnumMatchesSchemaNames) {
  const std::pair<BuiltinOp, const char*> expect[] = {
      {kOpAdd, "ADD"},
      {kOpAveragePool2D, "AVERAGE_POOL_2D"},
      {kOpConcatenation, "CONCATENATION"},
      {kOpConv2D, "CONV_2D"},
      {kOpDepthwiseConv2D, "DEPTHWISE_CONV_2D"},
      {kOpDequantize, "DEQUANTIZE"},
      {kOpFullyConnected, "FULLY_CONNECTED"},
      {kOpLogistic, "LOGISTIC"},
      {kOpMaxPool2D, "MAX_POOL_2D"},
      {kOpMul, "MUL"},
      {kOpRelu, "RELU"},
      {kOpReluN1To1, "RELU_N1_TO_1"},
      {kOpRelu6, "RELU6"},
      {kOpReshape, "RESHAPE"},
      {kOpSoftmax, "SOFTMAX"},
      {kOpTanh, "TANH"},
      {kOpCustom, "CUSTOM"},
      {kOpPad, "PAD"},
      {kOpTranspose, "TRANSPOSE"},
      {kOpMean, "MEAN"},
      {kOpSub, "SUB"},
      {kOpDiv, "DIV"},
      {kOpSqueeze, "SQUEEZE"},
      {kOpStridedSlice, "STRIDED_SLICE"},
      {kOpMaximum, "MAXIMUM"},
      {kOpMinimum, "MINIMUM"},
      {kOpPadV2, "PADV2"},
      {kOpSum, "SUM"},
      {kOpShape, "SHAPE"},
      {kOpReduceMax, "REDUCE_MAX"},
      {kOpPack, "PACK"},
      {kOpLeakyRelu, "LEAKY_RELU"},
      {kOpQuantize, "QUANTIZE"},
      {kOpHardSwish, "HARD_SWISH"},
  };
  for (auto [code, name] : expect) EXPECT_EQ(builtin_op_name(code), name) << code;
}

TEST(TfliteNames, BuiltinOpNamesCoverSchemaRange) {
  // Spot values across the table (schema.fbs BuiltinOperator).
  EXPECT_EQ(builtin_op_name(5), "DEPTH_TO_SPACE");
  EXPECT_EQ(builtin_op_name(51), "DELEGATE");
  EXPECT_EQ(builtin_op_name(97), "RESIZE_NEAREST_NEIGHBOR");
  EXPECT_EQ(builtin_op_name(118), "IF");
  EXPECT_EQ(builtin_op_name(126), "BATCH_MATMUL");
  EXPECT_EQ(builtin_op_name(150), "GELU");
  EXPECT_EQ(builtin_op_name(161), "RIGHT_SHIFT");
  EXPECT_EQ(builtin_op_name(162), "STABLEHLO_LOGISTIC");
  EXPECT_EQ(builtin_op_name(203), "DILATE");
  EXPECT_EQ(builtin_op_name(205), "REDUCE_WINDOW");
  EXPECT_EQ(builtin_op_name(206), "BUILTIN_206");
  EXPECT_EQ(builtin_op_name(-3), "BUILTIN_-3");
  std::set<std::string> seen;
  for (int c = 0; c <= 205; ++c) {
    std::string n = builtin_op_name(c);
    EXPECT_FALSE(n.empty() || n.rfind("BUILTIN_", 0) == 0) << c;
    EXPECT_TRUE(seen.insert(n).second) << "duplicate name " << n;
  }
}

TEST(TfliteNames, TensorTypes) {
  EXPECT_STREQ(ttype_name(TType::kInt8), "INT8");
  EXPECT_STREQ(ttype_name(TType::kUInt8), "UINT8");
  EXPECT_STREQ(ttype_name(TType::kFloat32), "FLOAT32");
  EXPECT_STREQ(ttype_name(TType::kInt4), "INT4");
  EXPECT_EQ(ttype_size(TType::kInt8), 1);
  EXPECT_EQ(ttype_size(TType::kInt16), 2);
  EXPECT_EQ(ttype_size(TType::kInt32), 4);
  EXPECT_EQ(ttype_size(TType::kFloat32), 4);
  EXPECT_EQ(ttype_size(TType::kInt64), 8);
  EXPECT_EQ(ttype_size(TType::kComplex128), 16);
  EXPECT_EQ(ttype_size(TType::kString), 0);
  EXPECT_EQ(ttype_size(TType::kInt4), 0);
}

TEST(TfliteNames, ElementsAndOpName) {
  Tensor t;
  EXPECT_EQ(t.elements(), 1);  // scalar
  t.shape = {2, 3, 4};
  EXPECT_EQ(t.elements(), 24);
  t.shape = {2, 0, 4};
  EXPECT_EQ(t.elements(), 0);
  t.shape = {2, -1};
  EXPECT_EQ(t.elements(), -1);
  Operator o;
  o.builtin = kOpMean;
  EXPECT_EQ(o.name(), "MEAN");
  o.custom_code = "MyOp";
  EXPECT_EQ(o.name(), "MyOp");
}

// ---------------------------------------------------------------------------
// Synthetic models: every field lands where the schema says.

TEST(TfliteReaderSynthetic, ConvModelFields) {
  Graph g = parse_tflite(conv_spec().build(), kSynth);
  EXPECT_EQ(g.path, kSynth);
  EXPECT_EQ(g.schema_version, 3u);
  EXPECT_EQ(g.description, "synthetic");
  ASSERT_EQ(g.tensors.size(), 4u);
  EXPECT_EQ(g.inputs, std::vector<int32_t>{0});
  EXPECT_EQ(g.outputs, std::vector<int32_t>{3});

  const Tensor& in = g.tensors[0];
  EXPECT_EQ(in.name, "input");
  EXPECT_EQ(in.type, TType::kInt8);
  EXPECT_EQ(in.shape, (std::vector<int32_t>{1, 4, 4, 2}));
  EXPECT_FALSE(in.is_const());
  EXPECT_EQ(in.q.scale, std::vector<float>{0.5f});
  EXPECT_EQ(in.q.zero_point, std::vector<int64_t>{-1});

  const Tensor& w = g.tensors[1];
  ASSERT_TRUE(w.is_const());
  EXPECT_EQ(std::vector<uint8_t>(w.data.begin(), w.data.end()), kWeights);
  EXPECT_GE(w.data.data(), g.file.data());  // a view into the file, not a copy
  EXPECT_LE(w.data.data() + w.data.size(), g.file.data() + g.file.size());
  EXPECT_EQ(w.q.scale, (std::vector<float>{0.1f, 0.2f, 0.3f}));
  EXPECT_EQ(w.q.quantized_dimension, 0);

  const Tensor& b = g.tensors[2];
  EXPECT_EQ(b.type, TType::kInt32);
  ASSERT_EQ(b.data.size(), 12u);
  int32_t bias1;
  std::memcpy(&bias1, b.data.data() + 4, 4);
  EXPECT_EQ(bias1, -200);

  ASSERT_EQ(g.ops.size(), 1u);
  const Operator& c = g.ops[0];
  EXPECT_EQ(c.index, 0);
  EXPECT_EQ(c.builtin, kOpConv2D);
  EXPECT_EQ(c.name(), "CONV_2D");
  EXPECT_TRUE(c.custom_code.empty());
  EXPECT_EQ(c.version, 3);
  EXPECT_EQ(c.inputs, (std::vector<int32_t>{0, 1, 2}));
  EXPECT_EQ(c.outputs, std::vector<int32_t>{3});
  EXPECT_EQ(c.opt.options_type, 1);
  EXPECT_EQ(c.opt.padding, kPadValid);
  EXPECT_EQ(c.opt.stride_w, 2);
  EXPECT_EQ(c.opt.stride_h, 1);
  EXPECT_EQ(c.opt.fused_activation, kActRelu6);
  EXPECT_EQ(c.opt.dilation_w, 1);  // absent -> schema default
  EXPECT_EQ(c.opt.dilation_h, 1);
}

TEST(TfliteReaderSynthetic, OptionsOfEveryOpKind) {
  Spec s = conv_spec();
  auto add = [&](int32_t code, uint8_t opt_type, P opts, std::vector<int32_t> in = {0}) {
    s.opcodes.push_back(opcode(code));
    s.ops.push_back(op(static_cast<uint32_t>(s.opcodes.size() - 1), in, {3}, opt_type, opts));
    return s.ops.size() - 1;
  };
  P pool = table();
  pool->s<int32_t>(1, 1).s<int32_t>(2, 2).s<int32_t>(3, 3).s<int32_t>(4, 4).s<int8_t>(5, kActRelu);
  size_t i_pool = add(kOpAveragePool2D, 5, pool);
  P dw = table();
  dw->s<int8_t>(0, kPadValid).s<int32_t>(1, 1).s<int32_t>(2, 3).s<int32_t>(3, 2).s<int8_t>(4, kActRelu6);
  dw->s<int32_t>(5, 2).s<int32_t>(6, 3);
  size_t i_dw = add(kOpDepthwiseConv2D, 2, dw);
  P fc = table();
  fc->s<int8_t>(0, kActRelu).s<uint8_t>(2, 1).s<uint8_t>(3, 1).s<int8_t>(4, 4);
  size_t i_fc = add(kOpFullyConnected, 8, fc, {0, 1, -1});
  P sm = table();
  sm->s<float>(0, 0.5f);
  size_t i_sm = add(kOpSoftmax, 9, sm);
  size_t i_sm_empty = add(kOpSoftmax, 9, table());
  size_t i_sm_none = add(kOpSoftmax, 0, nullptr);
  P addo = table();
  addo->s<int8_t>(0, kActRelu6).s<uint8_t>(1, 0);
  size_t i_add = add(kOpAdd, 11, addo, {0, 0});
  P mul = table();
  mul->s<int8_t>(0, kActRelu);
  size_t i_mul = add(kOpMul, 21, mul, {0, 0});
  P rs = table();
  rs->r(0, vec(std::vector<int32_t>{1, -1}));
  size_t i_rs = add(kOpReshape, 17, rs);
  P red = table();
  red->s<uint8_t>(0, 1);
  size_t i_mean = add(kOpMean, 27, red);
  P ss = table();
  ss->s<int32_t>(0, 1).s<int32_t>(1, 2).s<int32_t>(2, 4).s<int32_t>(3, 8).s<int32_t>(4, 16).s<uint8_t>(5, 1);
  size_t i_ss = add(kOpStridedSlice, 32, ss);
  P pack = table();
  pack->s<int32_t>(0, 3).s<int32_t>(1, 1);
  size_t i_pack = add(kOpPack, 59, pack, {0, 0, 0});
  P shape = table();
  shape->s<int8_t>(0, static_cast<int8_t>(TType::kInt64));
  size_t i_shape = add(kOpShape, 55, shape);
  P cat = table();
  cat->s<int32_t>(0, 3).s<int8_t>(1, kActRelu6);
  size_t i_cat = add(kOpConcatenation, 10, cat, {0, 0});
  size_t i_q = add(kOpQuantize, 89, table());
  size_t i_log = add(kOpLogistic, 0, nullptr);
  size_t i_hs = add(kOpHardSwish, 91, table());
  size_t i_pad = add(kOpPad, 22, table(), {0, 1});
  size_t i_max = add(kOpMaximum, 39, table(), {0, 0});
  size_t i_gelu = add(150, 116, table());  // GELU: needs the int32 builtin_code field
  s.opcodes.push_back(table());
  s.opcodes.back()->s<int8_t>(0, kOpCustom).r(1, str("MyCustomOp")).s<int32_t>(2, 2);
  s.ops.push_back(op(static_cast<uint32_t>(s.opcodes.size() - 1), {0}, {3}));
  size_t i_custom = s.ops.size() - 1;

  Graph g = parse_tflite(s.build(), kSynth);
  ASSERT_EQ(g.ops.size(), s.ops.size());
  for (size_t i = 0; i < g.ops.size(); ++i) EXPECT_EQ(g.ops[i].index, static_cast<int>(i));

  const Options& p = g.ops[i_pool].opt;
  EXPECT_EQ(g.ops[i_pool].name(), "AVERAGE_POOL_2D");
  EXPECT_EQ(p.padding, kPadSame);  // absent -> SAME (0)
  EXPECT_EQ(p.stride_w, 1);
  EXPECT_EQ(p.stride_h, 2);
  EXPECT_EQ(p.filter_w, 3);
  EXPECT_EQ(p.filter_h, 4);
  EXPECT_EQ(p.fused_activation, kActRelu);

  const Options& d = g.ops[i_dw].opt;
  EXPECT_EQ(d.padding, kPadValid);
  EXPECT_EQ(d.stride_w, 1);
  EXPECT_EQ(d.stride_h, 3);
  EXPECT_EQ(d.depth_multiplier, 2);
  EXPECT_EQ(d.fused_activation, kActRelu6);
  EXPECT_EQ(d.dilation_w, 2);
  EXPECT_EQ(d.dilation_h, 3);

  const Operator& f = g.ops[i_fc];
  EXPECT_EQ(f.inputs, (std::vector<int32_t>{0, 1, -1}));  // -1: optional bias absent
  EXPECT_EQ(f.opt.fused_activation, kActRelu);
  EXPECT_EQ(f.opt.weights_format, 0);
  EXPECT_TRUE(f.opt.keep_num_dims);
  EXPECT_TRUE(f.opt.asymmetric_quantize_inputs);
  EXPECT_EQ(f.opt.quantized_bias_type, 4);

  EXPECT_EQ(g.ops[i_sm].opt.beta, 0.5f);
  EXPECT_EQ(g.ops[i_sm_empty].opt.beta, 0.0f);  // schema default when the table omits it
  EXPECT_EQ(g.ops[i_sm_none].opt.beta, 1.0f);   // no table at all: Options' initialiser

  EXPECT_EQ(g.ops[i_add].opt.fused_activation, kActRelu6);
  EXPECT_FALSE(g.ops[i_add].opt.pot_scale_int16);
  EXPECT_EQ(g.ops[i_mul].opt.fused_activation, kActRelu);
  EXPECT_EQ(g.ops[i_rs].opt.new_shape, (std::vector<int32_t>{1, -1}));
  EXPECT_TRUE(g.ops[i_mean].opt.keep_dims);

  const Options& sl = g.ops[i_ss].opt;
  EXPECT_EQ(sl.begin_mask, 1);
  EXPECT_EQ(sl.end_mask, 2);
  EXPECT_EQ(sl.ellipsis_mask, 4);
  EXPECT_EQ(sl.new_axis_mask, 8);
  EXPECT_EQ(sl.shrink_axis_mask, 16);
  EXPECT_TRUE(sl.offset);

  EXPECT_EQ(g.ops[i_pack].opt.values_count, 3);
  EXPECT_EQ(g.ops[i_pack].opt.axis, 1);
  EXPECT_EQ(g.ops[i_shape].opt.out_type, static_cast<int8_t>(TType::kInt64));
  EXPECT_EQ(g.ops[i_cat].opt.axis, 3);
  EXPECT_EQ(g.ops[i_cat].opt.fused_activation, kActRelu6);

  EXPECT_EQ(g.ops[i_q].name(), "QUANTIZE");
  EXPECT_EQ(g.ops[i_q].opt.options_type, 89);
  EXPECT_EQ(g.ops[i_log].name(), "LOGISTIC");
  EXPECT_EQ(g.ops[i_hs].name(), "HARD_SWISH");
  EXPECT_EQ(g.ops[i_pad].name(), "PAD");
  EXPECT_EQ(g.ops[i_max].name(), "MAXIMUM");
  EXPECT_EQ(g.ops[i_gelu].builtin, 150);
  EXPECT_EQ(g.ops[i_gelu].name(), "GELU");

  const Operator& cu = g.ops[i_custom];
  EXPECT_EQ(cu.builtin, kOpCustom);
  EXPECT_EQ(cu.custom_code, "MyCustomOp");
  EXPECT_EQ(cu.name(), "MyCustomOp");
  EXPECT_EQ(cu.version, 2);
}

TEST(TfliteReaderSynthetic, OldFilesWithOnlyTheInt8OpcodeField) {
  Spec s = conv_spec();
  s.opcodes = {table()};
  s.opcodes[0]->s<int8_t>(0, kOpConv2D);  // no version (default 1), no builtin_code
  Graph g = parse_tflite(s.build(), kSynth);
  EXPECT_EQ(g.ops[0].builtin, kOpConv2D);
  EXPECT_EQ(g.ops[0].version, 1);
}

TEST(TfliteReaderSynthetic, BufferStoredAfterTheFlatBuffer) {
  // Schema 3c: Buffer.offset/size locate data appended after the FlatBuffer.
  auto build = [&](uint64_t offset) {
    Spec s = conv_spec();
    s.buffers[1] = table();
    s.buffers[1]->s<uint64_t>(1, offset).s<uint64_t>(2, kWeights.size());
    return s.build();
  };
  size_t fb_size = build(2).size();  // layout does not depend on the value
  uint64_t off = (fb_size + 15) / 16 * 16;
  std::vector<uint8_t> bytes = build(off);
  ASSERT_EQ(bytes.size(), fb_size);
  std::vector<uint8_t> truncated = bytes;
  bytes.resize(off);
  bytes.insert(bytes.end(), kWeights.begin(), kWeights.end());
  Graph g = parse_tflite(bytes, kSynth);
  const Tensor& w = g.tensors[1];
  EXPECT_EQ(std::vector<uint8_t>(w.data.begin(), w.data.end()), kWeights);
  EXPECT_EQ(w.data.data(), g.file.data() + off);

  expect_parse_error(truncated, "runs past end of file");
}

// ---------------------------------------------------------------------------
// Malformed synthetic models: each fault gets its own message.

TEST(TfliteReaderErrors, Header) {
  std::vector<uint8_t> ok = conv_spec().build();
  expect_parse_error({}, "empty file");
  expect_parse_error(std::vector<uint8_t>(ok.begin(), ok.begin() + 7), "too short");
  expect_parse_error(conv_spec().build("ABCD"), "not a TFLite model (file identifier 'ABCD', expected 'TFL3')");
  expect_parse_error(conv_spec().build("TF\nL"), "file identifier 'TF\\x0aL'");
  Spec s = conv_spec();
  s.version = 2;
  expect_parse_error(s.build(), "unsupported schema version 2 (expected 3)");
}

TEST(TfliteReaderErrors, Subgraphs) {
  Spec s = conv_spec();
  s.subgraphs = 2;
  expect_parse_error(s.build(), "model has 2 subgraphs");
  s.subgraphs = 0;
  expect_parse_error(s.build(), "no subgraphs");
}

TEST(TfliteReaderErrors, IndicesOutOfRange) {
  Spec s = conv_spec();
  s.tensors[1] = tensor({3, 1, 1, 2}, TType::kInt8, 7, "weights");
  expect_parse_error(s.build(), "tensor 1: buffer index 7 out of range (model has 3 buffers)");

  s = conv_spec();
  s.ops[0] = op(0, {0, 9, 2}, {3});
  expect_parse_error(s.build(), "op #0 CONV_2D: inputs[1] is tensor 9, but the subgraph has 4 tensors");

  s = conv_spec();
  s.ops[0] = op(0, {0, 1, 2}, {-1});
  expect_parse_error(s.build(), "outputs[0] is tensor -1");

  s = conv_spec();
  s.ops[0] = op(5, {0, 1, 2}, {3});
  expect_parse_error(s.build(), "op #0: opcode_index 5 out of range (model has 1 operator codes)");

  s = conv_spec();
  s.inputs = {4};
  expect_parse_error(s.build(), "inputs[0] is tensor 4");

  s = conv_spec();
  s.outputs = {-1};
  expect_parse_error(s.build(), "outputs[0] is tensor -1");
}

TEST(TfliteReaderErrors, TensorContents) {
  Spec s = conv_spec();
  s.buffers[1] = buffer(bytes_of({1, 2, 3, 4, 5}));
  expect_parse_error(s.build(), "tensor 1: buffer 1: holds 5 bytes, but a 3x1x1x2 INT8 tensor needs 6");

  s = conv_spec();
  s.tensors[0] = tensor({1, -4, 4, 2}, TType::kInt8, 0, "input");
  expect_parse_error(s.build(), "tensor 0: shape dimension 1 is negative (-4)");

  s = conv_spec();
  s.tensors[0] = tensor({INT32_MAX, INT32_MAX, INT32_MAX}, TType::kInt8, 0, "input");
  expect_parse_error(s.build(), "overflows");

  s = conv_spec();
  s.tensors[0] = tensor({1}, static_cast<TType>(42), 0, "input");
  expect_parse_error(s.build(), "unknown tensor type 42");

  s = conv_spec();
  s.tensors[1] = tensor({3, 1, 1, 2}, TType::kInt8, 1, "weights", quant({0.1f, 0.2f}, {0, 0}));
  expect_parse_error(s.build(), "2 scales for dimension 0 of size 3");

  s = conv_spec();
  s.tensors[1] = tensor({3, 1, 1, 2}, TType::kInt8, 1, "weights", quant({0.1f, 0.2f, 0.3f}, {0}));
  expect_parse_error(s.build(), "3 scales but 1 zero points");

  s = conv_spec();
  s.tensors[1] = tensor({3, 1, 1, 2}, TType::kInt8, 1, "weights", quant({0.1f, 0.2f, 0.3f}, {0, 0, 0}, 4));
  expect_parse_error(s.build(), "quantized_dimension 4 outside rank 4");

  s = conv_spec();
  s.tensors[0]->r(6, table());  // sparsity
  expect_parse_error(s.build(), "sparse tensors are not supported");
}

TEST(TfliteReaderErrors, Options) {
  Spec s = conv_spec();
  s.ops[0] = op(0, {0, 1, 2}, {3}, 5, table());
  expect_parse_error(s.build(), "builtin options are union type 5, expected Conv2DOptions (1)");

  s = conv_spec();
  s.ops[0] = op(0, {0, 1, 2}, {3});
  expect_parse_error(s.build(), "op #0 CONV_2D: missing Conv2DOptions");

  s = conv_spec();
  P conv = table();
  conv->s<int32_t>(2, 1);  // stride_w omitted: schema default 0
  s.ops[0] = op(0, {0, 1, 2}, {3}, 1, conv);
  expect_parse_error(s.build(), "Conv2DOptions: stride_w is 0, must be >= 1");

  s = conv_spec();
  conv = table();
  conv->s<int8_t>(0, 2).s<int32_t>(1, 1).s<int32_t>(2, 1);
  s.ops[0] = op(0, {0, 1, 2}, {3}, 1, conv);
  expect_parse_error(s.build(), "unknown padding 2");

  s = conv_spec();
  conv = table();
  conv->s<int32_t>(1, 1).s<int32_t>(2, 1).s<int8_t>(3, 9);
  s.ops[0] = op(0, {0, 1, 2}, {3}, 1, conv);
  expect_parse_error(s.build(), "unknown fused activation 9");
}

TEST(TfliteReaderErrors, CorruptStructure) {
  std::vector<uint8_t> ok = conv_spec().build();
  uint32_t root;
  std::memcpy(&root, ok.data(), 4);

  std::vector<uint8_t> b = ok;
  uint32_t far = 0x7ffffff0;
  std::memcpy(b.data(), &far, 4);  // root offset beyond the file
  expect_parse_error(b, "runs past end of file");

  b = ok;
  int32_t soff = INT32_MIN;  // vtable "after" the file
  std::memcpy(b.data() + root, &soff, 4);
  expect_parse_error(b, "vtable");

  b = ok;
  soff = static_cast<int32_t>(root) + 1000;  // vtable before the file start
  std::memcpy(b.data() + root, &soff, 4);
  expect_parse_error(b, "vtable");

  // A vtable entry pointing past the table's declared size.
  b = ok;
  int32_t s0;
  std::memcpy(&s0, b.data() + root, 4);
  size_t vt = root - s0;
  uint16_t big = 0xfff0;
  std::memcpy(b.data() + vt + 4, &big, 2);  // Model.version
  expect_parse_error(b, "field 0 lies outside its table");
}

TEST(TfliteReaderErrors, SharedVectorCannotBlowUpMemory) {
  // 3000 tensors all pointing at one 120 KB shape vector: legal FlatBuffer
  // sharing, but decoding it naively would copy ~360 MB.
  Spec s = conv_spec();
  P big_shape = vec(std::vector<int32_t>(30000, 1));
  for (int i = 0; i < 3000; ++i) {
    P t = table();
    t->r(0, big_shape).s<int8_t>(1, static_cast<int8_t>(TType::kInt8));
    s.tensors.push_back(t);
  }
  std::vector<uint8_t> b = s.build();
  ASSERT_LT(b.size(), 300000u);
  expect_parse_error(b, "exceed");
}

// ---------------------------------------------------------------------------
// Files on disk.

TEST(TfliteReaderFiles, MissingEmptyDirectory) {
  expect_error([] { read_tflite("/nonexistent/dir/model.tflite"); }, "/nonexistent/dir/model.tflite", "cannot open");
  fs::path dir = fs::temp_directory_path() / ("hb_tflite_reader_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  expect_error([&] { read_tflite(dir.string()); }, dir.string(), "not a regular file");
  fs::path empty = dir / "empty.tflite";
  { std::ofstream(empty, std::ios::binary); }
  expect_error([&] { read_tflite(empty.string()); }, empty.string(), "empty file");
  fs::path good = dir / "conv.tflite";
  {
    std::vector<uint8_t> b = conv_spec().build();
    std::ofstream o(good, std::ios::binary);
    o.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
  }
  Graph g = read_tflite(good.string());
  EXPECT_EQ(g.path, good.string());
  EXPECT_EQ(g.ops.size(), 1u);
  fs::remove_all(dir);
}

// ---------------------------------------------------------------------------
// The shared models (skipped when ../shared is absent).

std::vector<fs::path> shared_models() {
  std::vector<fs::path> out;
  std::error_code ec;
  fs::path dir = hb::test::shared_dir() / "models";
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec))
    if (e.is_regular_file() && e.path().extension() == ".tflite") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<uint8_t> slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

fs::path find_model(const std::string& filename) {
  for (const auto& p : shared_models())
    if (p.filename() == filename) return p;
  return {};
}

#define REQUIRE_SHARED_MODELS() \
  if (shared_models().empty()) GTEST_SKIP() << "no models under " << hb::test::shared_dir() / "models"

TEST(TfliteReaderShared, EveryModelParses) {
  REQUIRE_SHARED_MODELS();
  for (const auto& p : shared_models()) {
    SCOPED_TRACE(p.string());
    Graph g = read_tflite(p.string());
    EXPECT_EQ(g.schema_version, 3u);
    EXPECT_FALSE(g.ops.empty());
    EXPECT_FALSE(g.inputs.empty());
    EXPECT_FALSE(g.outputs.empty());
    for (const auto& t : g.tensors) {
      if (t.is_const()) {
        EXPECT_GE(t.data.data(), g.file.data());
        EXPECT_LE(t.data.data() + t.data.size(), g.file.data() + g.file.size());
      }
    }
  }
}

TEST(TfliteReaderShared, EfficientNetOpCounts) {
  // /work/shared/README.md: the same 239-op graph in all six files.
  const std::map<std::string, int> want = {
      {"CONV_2D", 65},  {"MEAN", 17},    {"DEPTHWISE_CONV_2D", 16}, {"SHAPE", 16},          {"STRIDED_SLICE", 16},
      {"PACK", 16},     {"RESHAPE", 16}, {"MINIMUM", 16},           {"MAXIMUM", 16},        {"LOGISTIC", 16},
      {"MUL", 16},      {"ADD", 9},      {"QUANTIZE", 1},           {"FULLY_CONNECTED", 1}, {"SOFTMAX", 1},
      {"DEQUANTIZE", 1}};
  int seen = 0;
  for (const auto& p : shared_models()) {
    if (p.filename().string().rfind("st_efficientnet_lc_v1_", 0) != 0) continue;
    SCOPED_TRACE(p.string());
    ++seen;
    Graph g = read_tflite(p.string());
    EXPECT_EQ(g.ops.size(), 239u);
    std::map<std::string, int> got;
    for (const auto& o : g.ops) got[o.name()]++;
    EXPECT_EQ(got, want);
    // README: input UINT8 [1,H,W,3] scale 1/255 zp 0, QUANTIZE first; output
    // FLOAT32 [1,classes] from a final DEQUANTIZE; conv weights per-channel, FC per-tensor.
    ASSERT_EQ(g.inputs.size(), 1u);
    const Tensor& in = g.tensors[static_cast<size_t>(g.inputs[0])];
    EXPECT_EQ(in.type, TType::kUInt8);
    ASSERT_EQ(in.shape.size(), 4u);
    EXPECT_EQ(in.shape[3], 3);
    ASSERT_EQ(in.q.scale.size(), 1u);
    EXPECT_NEAR(in.q.scale[0], 1.0 / 255, 1e-9);
    EXPECT_EQ(in.q.zero_point[0], 0);
    EXPECT_EQ(g.ops.front().builtin, kOpQuantize);
    EXPECT_EQ(g.ops.back().builtin, kOpDequantize);
    const Tensor& out = g.tensors[static_cast<size_t>(g.outputs.at(0))];
    EXPECT_EQ(out.type, TType::kFloat32);
    EXPECT_EQ(out.shape.size(), 2u);
    for (const auto& o : g.ops) {
      if (o.builtin != kOpConv2D && o.builtin != kOpDepthwiseConv2D && o.builtin != kOpFullyConnected) continue;
      const Tensor& w = g.tensors[static_cast<size_t>(o.inputs.at(1))];
      ASSERT_TRUE(w.is_const()) << "op " << o.index;
      size_t out_ch = static_cast<size_t>(o.builtin == kOpDepthwiseConv2D ? w.shape.at(3) : w.shape.at(0));
      if (o.builtin == kOpFullyConnected)
        EXPECT_EQ(w.q.scale.size(), 1u) << "op " << o.index;
      else
        EXPECT_EQ(w.q.scale.size(), out_ch) << "op " << o.index;
    }
  }
  if (seen == 0) GTEST_SKIP() << "EfficientNet models absent";
  EXPECT_EQ(seen, 6);
}

TEST(TfliteReaderShared, EfficientNet224FlowersConstantBytes) {
  fs::path p = find_model("st_efficientnet_lc_v1_224_tfs_int8_flowers.tflite");
  if (p.empty()) GTEST_SKIP() << "model absent";
  Graph g = read_tflite(p.string());
  // Expected figures from an independent walk of the file (a few lines of
  // Python over the raw bytes): the 449 Buffer tables hold 517,475 bytes, 16 of
  // them the min_runtime_version metadata buffer that no tensor uses. Some
  // tensors share a buffer (TFLite dedups equal constants), so per tensor the
  // total is larger; the MEAN ops' 17 int32[2] axis tensors are 136 of it.
  int64_t per_tensor = 0, distinct = 0, mean_axes = 0;
  std::set<const uint8_t*> seen;
  for (const auto& t : g.tensors) {
    if (!t.is_const()) continue;
    per_tensor += static_cast<int64_t>(t.data.size());
    if (seen.insert(t.data.data()).second) distinct += static_cast<int64_t>(t.data.size());
  }
  for (const auto& o : g.ops)
    if (o.builtin == kOpMean)
      mean_axes += static_cast<int64_t>(g.tensors[static_cast<size_t>(o.inputs.at(1))].data.size());
  EXPECT_EQ(distinct, 517475 - 16);
  EXPECT_EQ(mean_axes, 17 * 8);
  EXPECT_EQ(per_tensor - mean_axes, 517356);  // the project's "constant bytes" figure
}

// Minimal field extraction from golden.json (flat, known layout).
std::string json_field(const std::string& j, const std::string& key) {
  auto k = j.find("\"" + key + "\"");
  if (k == std::string::npos) return {};
  auto c = j.find(':', k);
  auto b = j.find_first_not_of(" \t\n", c + 1);
  if (j[b] == '"') return j.substr(b + 1, j.find('"', b + 1) - b - 1);
  auto e = j.find_first_of(",\n}", b);
  return j.substr(b, e - b);
}

TEST(TfliteReaderShared, InputsMatchGoldenJson) {
  fs::path golden = hb::test::shared_dir() / "golden";
  std::error_code ec;
  if (!fs::is_directory(golden, ec) || shared_models().empty()) GTEST_SKIP() << "no golden data";
  int checked = 0;
  for (const auto& d : fs::directory_iterator(golden)) {
    fs::path jp = d.path() / "golden.json";
    if (!fs::exists(jp)) continue;
    std::ifstream f(jp);
    std::string j((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    fs::path mp = find_model(json_field(j, "model"));
    if (mp.empty()) continue;
    SCOPED_TRACE(mp.string());
    Graph g = read_tflite(mp.string());
    ASSERT_EQ(g.inputs.size(), 1u);
    const Tensor& in = g.tensors[static_cast<size_t>(g.inputs[0])];
    EXPECT_EQ(in.elements() * ttype_size(in.type), std::stoll(json_field(j, "input_bytes")));
    std::string type = ttype_name(in.type);
    std::transform(type.begin(), type.end(), type.begin(), [](char c) { return static_cast<char>(std::tolower(c)); });
    EXPECT_EQ(type, json_field(j, "input_type"));
    ASSERT_EQ(in.q.scale.size(), 1u);
    double scale = std::stod(json_field(j, "input_scale"));
    EXPECT_NEAR(in.q.scale[0], scale, scale * 1e-5);  // golden prints 6 significant digits
    EXPECT_EQ(in.q.zero_point[0], std::stoll(json_field(j, "input_zero_point")));
    // Number of values in the first case's expected output = output tensor size.
    auto o = j.find("\"output\"");
    auto close = j.find(']', o);
    int values = 0;
    for (auto q = j.find('"', j.find('[', o)); q < close; q = j.find('"', j.find('"', q + 1) + 1)) ++values;
    ASSERT_EQ(g.outputs.size(), 1u);
    EXPECT_EQ(g.tensors[static_cast<size_t>(g.outputs[0])].elements(), values);
    ++checked;
  }
  EXPECT_GE(checked, 1);
}

TEST(TfliteReaderShared, TensorsMatchGoldenTensorDumps) {
  // golden-tensors/<model>/tensors.tsv: index, name, type, shape, producer op,
  // written from a TFLite Micro run, i.e. by a different reader.
  fs::path root = hb::test::shared_dir() / "golden-tensors";
  std::error_code ec;
  if (!fs::is_directory(root, ec) || shared_models().empty()) GTEST_SKIP() << "no golden-tensors";
  int rows = 0;
  for (const auto& d : fs::directory_iterator(root)) {
    fs::path mp = find_model(d.path().filename().string() + ".tflite");
    if (mp.empty() || !fs::exists(d.path() / "tensors.tsv")) continue;
    SCOPED_TRACE(mp.string());
    Graph g = read_tflite(mp.string());
    std::ifstream f(d.path() / "tensors.tsv");
    std::string line;
    std::getline(f, line);  // header
    while (std::getline(f, line)) {
      std::vector<std::string> col;
      std::stringstream ss(line);
      for (std::string c; std::getline(ss, c, '\t');) col.push_back(c);
      ASSERT_GE(col.size(), 5u) << line;
      size_t idx = std::stoul(col[0]);
      ASSERT_LT(idx, g.tensors.size());
      const Tensor& t = g.tensors[idx];
      EXPECT_EQ(t.name, col[1]) << idx;
      EXPECT_EQ(ttype_name(t.type), col[2]) << idx;
      std::string shape;
      for (size_t k = 0; k < t.shape.size(); ++k) shape += (k ? "x" : "") + std::to_string(t.shape[k]);
      EXPECT_EQ(shape, col[3]) << idx;
      int producer = std::stoi(col[4]);
      if (producer < 0) {
        EXPECT_NE(std::find(g.inputs.begin(), g.inputs.end(), static_cast<int32_t>(idx)), g.inputs.end()) << idx;
      } else {
        ASSERT_LT(static_cast<size_t>(producer), g.ops.size());
        const auto& outs = g.ops[static_cast<size_t>(producer)].outputs;
        EXPECT_NE(std::find(outs.begin(), outs.end(), static_cast<int32_t>(idx)), outs.end()) << idx;
      }
      ++rows;
    }
  }
  EXPECT_GT(rows, 0);
}

// ---------------------------------------------------------------------------
// Robustness on real files: must end in one-line hb::Error, never a crash (the
// suite also runs under ASan/UBSan, which turns any stray read into a failure).

void parse_must_not_crash(const std::vector<uint8_t>& b, const std::string& name, bool must_fail) {
  try {
    parse_tflite(b, name);
    EXPECT_FALSE(must_fail) << name << ": parsed " << b.size() << " bytes without error";
  } catch (const hb::Error& e) {
    std::string m = e.what();
    ASSERT_EQ(m.find('\n'), std::string::npos) << m;
    ASSERT_EQ(m.rfind(name + ": ", 0), 0u) << m;
  }
}

fs::path smallest_shared_model() {
  fs::path best;
  uintmax_t best_size = UINTMAX_MAX;
  for (const auto& p : shared_models())
    if (fs::file_size(p) < best_size) best_size = fs::file_size(p), best = p;
  return best;
}

TEST(TfliteReaderRobustness, EveryTruncationIsAnError) {
  REQUIRE_SHARED_MODELS();
  fs::path p = smallest_shared_model();
  std::vector<uint8_t> all = slurp(p);
  // Every length through the headers and tables at the front, then strided.
  size_t stride = std::max<size_t>(1, all.size() / 3000);
  for (size_t n = 0; n < all.size(); n += (n < 1024 ? 1 : stride))
    parse_must_not_crash(std::vector<uint8_t>(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n)),
                         p.filename().string(), true);
  parse_must_not_crash(std::vector<uint8_t>(all.begin(), all.end() - 1), p.filename().string(), true);
}

TEST(TfliteReaderRobustness, RandomByteFlips) {
  REQUIRE_SHARED_MODELS();
  fs::path p = smallest_shared_model();
  std::vector<uint8_t> all = slurp(p);
  // Weight bytes dominate a model file and any value there is valid, so aim
  // most flips at the structural part: every byte outside constant buffers.
  Graph g = parse_tflite(all, "x");
  std::vector<bool> in_data(all.size(), false);
  for (const auto& t : g.tensors)
    for (size_t k = 0; k < t.data.size(); ++k) in_data[static_cast<size_t>(t.data.data() - g.file.data()) + k] = true;
  std::vector<size_t> structural;
  for (size_t i = 0; i < all.size(); ++i)
    if (!in_data[i]) structural.push_back(i);
  ASSERT_FALSE(structural.empty());

  std::mt19937 rng(20240611);
  int errors = 0;
  const int kIters = 3000;
  for (int it = 0; it < kIters; ++it) {
    std::vector<uint8_t> b = all;
    int flips = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < flips; ++k) {
      size_t at = (rng() % 8) ? structural[rng() % structural.size()] : rng() % b.size();
      b[at] = (rng() % 2) ? static_cast<uint8_t>(b[at] ^ (1u << (rng() % 8))) : static_cast<uint8_t>(rng());
    }
    try {
      parse_tflite(std::move(b), p.filename().string());
    } catch (const hb::Error& e) {
      std::string m = e.what();
      ASSERT_EQ(m.find('\n'), std::string::npos) << m;
      ASSERT_EQ(m.rfind(p.filename().string() + ": ", 0), 0u) << m;
      ++errors;
    }
  }
  // Many flips land in names or harmless scalars; many must not.
  EXPECT_GT(errors, kIters / 20);
}

TEST(TfliteReaderRobustness, WrongIdentifierOnRealModel) {
  REQUIRE_SHARED_MODELS();
  std::vector<uint8_t> b = slurp(smallest_shared_model());
  std::memcpy(b.data() + 4, "TFL2", 4);
  expect_parse_error(b, "file identifier 'TFL2', expected 'TFL3'");
}

}  // namespace
}  // namespace hb::model
