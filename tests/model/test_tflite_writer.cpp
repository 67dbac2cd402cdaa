// Tests for the .tflite writer: the FlatBuffer builder's wire layout checked
// byte by byte, the TFLite-specific facts of written files (identifier,
// schema version, buffer 0, both opcode fields, 16-byte aligned constants,
// omitted defaults), a round trip of every option field through read_tflite,
// the writer's input checks, and a rewrite of every shared model that must
// import to the same plan as the original.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <unistd.h>

#include "cli/commands.h"
#include "common/error.h"
#include "common/sha256.h"
#include "model/flatbuffer_view.h"
#include "model/host_engine.h"
#include "model/importer.h"
#include "model/test_models.h"
#include "model/tflite_writer.h"
#include "test_paths.h"

namespace hb::model {
namespace {

namespace fs = std::filesystem;

uint32_t u32_at(const std::vector<uint8_t>& b, size_t off) {
  return uint32_t{b.at(off)} | uint32_t{b.at(off + 1)} << 8 | uint32_t{b.at(off + 2)} << 16 |
         uint32_t{b.at(off + 3)} << 24;
}
uint16_t u16_at(const std::vector<uint8_t>& b, size_t off) {
  return static_cast<uint16_t>(b.at(off) | b.at(off + 1) << 8);
}

// ---------------------------------------------------------------------------
// fb::Builder

TEST(FbBuilder, WireLayoutDecodedByHand) {
  fb::Builder b;
  const auto s = b.string("hi");
  const auto v = b.vector<int32_t>(std::vector<int32_t>{1, -2, 3});
  const auto d = b.bytes_vector(std::vector<uint8_t>{9, 8, 7, 6, 5}, 16);
  b.start_table();
  b.add<int32_t>(0, 7, 0);
  b.add<int8_t>(1, 0, 0);  // equal to the default: must be left out
  b.add<int64_t>(2, -5, 0);
  b.add_ref(3, s);
  b.add_ref(4, v);
  b.add_ref(5, d);
  b.add<float>(7, 1.5f, 0.0f);
  const auto root = b.finish(b.end_table(), "TEST");

  EXPECT_EQ(root.size() % 16, 0u) << "buffer must be a multiple of its largest alignment";
  EXPECT_EQ(std::string(root.begin() + 4, root.begin() + 8), "TEST");
  const size_t table = u32_at(root, 0);
  EXPECT_EQ(table % 4, 0u);
  const auto soff = static_cast<int32_t>(u32_at(root, table));
  const size_t vt = static_cast<size_t>(static_cast<int64_t>(table) - soff);
  EXPECT_EQ(vt % 2, 0u);
  EXPECT_EQ(u16_at(root, vt), 4 + 2 * 8) << "vtable: 2 header fields + ids 0..7";
  const uint16_t inline_size = u16_at(root, vt + 2);
  auto field = [&](int id) -> size_t { return u16_at(root, vt + 4 + 2 * static_cast<size_t>(id)); };
  EXPECT_EQ(field(1), 0u);
  EXPECT_EQ(field(6), 0u);
  for (int id : {0, 2, 3, 4, 5, 7}) {
    EXPECT_GE(field(id), 4u) << id;  // after the soffset
    EXPECT_LT(field(id), inline_size) << id;
  }
  EXPECT_EQ(u32_at(root, table + field(0)), 7u);
  EXPECT_EQ((table + field(2)) % 8, 0u) << "int64 field must be 8-aligned";
  int64_t i64;
  std::memcpy(&i64, root.data() + table + field(2), 8);
  EXPECT_EQ(i64, -5);
  float f;
  std::memcpy(&f, root.data() + table + field(7), 4);
  EXPECT_EQ(f, 1.5f);
  // uoffsets count forward from where they are stored.
  const size_t str = table + field(3) + u32_at(root, table + field(3));
  EXPECT_EQ(u32_at(root, str), 2u);
  EXPECT_EQ(std::string(root.begin() + static_cast<long>(str) + 4, root.begin() + static_cast<long>(str) + 6), "hi");
  EXPECT_EQ(root.at(str + 6), 0) << "strings are NUL-terminated";
  const size_t vec = table + field(4) + u32_at(root, table + field(4));
  EXPECT_EQ(vec % 4, 0u);
  EXPECT_EQ(u32_at(root, vec), 3u);
  EXPECT_EQ(static_cast<int32_t>(u32_at(root, vec + 8)), -2);
  const size_t data = table + field(5) + u32_at(root, table + field(5));
  EXPECT_EQ(u32_at(root, data), 5u);
  EXPECT_EQ((data + 4) % 16, 0u) << "force_align 16 applies to the elements";
  EXPECT_EQ(root.at(data + 4), 9);
  EXPECT_EQ(root.at(data + 8), 5);
}

TEST(FbBuilder, ReadableByTheProjectsFlatBufferView) {
  fb::Builder b;
  std::vector<fb::Builder::Ref> kids;
  for (int i = 0; i < 3; ++i) {
    b.start_table();
    b.add<int16_t>(1, static_cast<int16_t>(100 + i), 0);
    kids.push_back(b.end_table());
  }
  const auto kv = b.vector_of_refs(kids);
  b.start_table();
  b.add_ref(0, kv);
  b.add_bool(1, true, false);
  b.add_bool(2, false, true);
  const auto buf = b.finish(b.end_table(), "ABCD");
  fb::Buffer fbuf(buf, "mem");
  const fb::Table t = fb::Table::at(fbuf, fbuf.u32(0));
  const fb::Vec v = t.vec(0, 4, "kids");
  ASSERT_EQ(v.size(), 3u);
  for (uint32_t i = 0; i < 3; ++i) {
    const fb::Table k = fb::Table::element(fbuf, v, i);
    EXPECT_FALSE(k.has(0));
    EXPECT_EQ(k.scalar<int16_t>(1, -1), 100 + static_cast<int>(i));
  }
  EXPECT_TRUE(t.boolean(1, false));
  EXPECT_TRUE(t.has(2)) << "false differs from the default true, so it is written";
  EXPECT_FALSE(t.boolean(2, true));
}

TEST(FbBuilder, MisuseIsAnError) {
  fb::Builder b;
  b.start_table();
  EXPECT_THROW(b.start_table(), hb::Error);
  EXPECT_THROW(b.string("x"), hb::Error);
  fb::Builder c;
  EXPECT_THROW(c.end_table(), hb::Error);
  EXPECT_THROW(c.finish(0, "TOOLONG"), hb::Error);
}

// ---------------------------------------------------------------------------
// TFLite facts of a written file

struct Raw {
  std::vector<uint8_t> bytes;
  fb::Buffer buf;
  fb::Table model;
  explicit Raw(std::vector<uint8_t> b)
      : bytes(std::move(b)), buf(bytes, "mem"), model(fb::Table::at(buf, buf.u32(0))) {}
};

ModelBuilder codes_model() {
  ModelBuilder m("codes");
  const int a = m.tensor("a", TType::kInt8, {1, 4}, per_tensor(0.1f, 0));
  const int b = m.tensor("b", TType::kInt8, {1, 4}, per_tensor(0.1f, 0));
  const int c = m.tensor("c", TType::kInt8, {1, 4}, per_tensor(0.1f, 0));
  const int d = m.tensor("d", TType::kInt8, {1, 4}, per_tensor(0.1f, 0));
  const int w = m.constant_of("w", TType::kInt8, {3}, std::vector<int8_t>{1, 2, 3});
  m.op(kOpHardSwish, {a}, {b});
  m.op(152, {b}, {c});  // RELU_0_TO_1: a code above 127
  m.op(kOpHardSwish, {c}, {d}, {}, 2);
  m.op(kOpAdd, {d, w}, {a});
  m.set_io({a}, {d});
  return m;
}

TEST(TfliteWriter, HeaderVersionBuffersAndOpcodes) {
  const ModelBuilder m = codes_model();
  Raw r(serialize_tflite(m.graph()));
  EXPECT_EQ(std::string(r.bytes.begin() + 4, r.bytes.begin() + 8), "TFL3");
  EXPECT_EQ(r.model.scalar<uint32_t>(0, 0), 3u);
  EXPECT_EQ(r.model.str(3, "description"), "codes");

  const fb::Vec buffers = r.model.vec(4, 4, "buffers");
  ASSERT_EQ(buffers.size(), 2u);  // the sentinel + w
  const fb::Table b0 = fb::Table::element(r.buf, buffers, 0);
  EXPECT_FALSE(b0.has(0)) << "buffer 0 must be empty";
  const fb::Vec wdata = fb::Table::element(r.buf, buffers, 1).vec(0, 1, "data");
  ASSERT_EQ(wdata.size(), 3u);
  EXPECT_EQ(wdata.elems_at() % 16, 0u);
  EXPECT_EQ(r.bytes[wdata.elems_at() + 2], 3);

  // (deprecated_builtin_code, builtin_code, version) in order of first use;
  // HARD_SWISH v1 and v2 are distinct codes.
  const fb::Vec codes = r.model.vec(1, 4, "codes");
  ASSERT_EQ(codes.size(), 4u);
  const int want[4][3] = {{117, 117, 1}, {127, 152, 1}, {117, 117, 2}, {0, 0, 1}};
  for (uint32_t i = 0; i < 4; ++i) {
    const fb::Table c = fb::Table::element(r.buf, codes, i);
    EXPECT_EQ(c.scalar<int8_t>(0, 0), want[i][0]) << i;
    EXPECT_EQ(c.scalar<int32_t>(3, 0), want[i][1]) << i;
    EXPECT_EQ(c.scalar<int32_t>(2, 1), want[i][2]) << i;
  }

  const fb::Table sg = fb::Table::element(r.buf, r.model.vec(2, 4, "subgraphs"), 0);
  EXPECT_EQ(sg.str(4, "name"), "main");
  const fb::Vec ops = sg.vec(3, 4, "ops");
  ASSERT_EQ(ops.size(), 4u);
  EXPECT_EQ(fb::Table::element(r.buf, ops, 2).scalar<uint32_t>(0, 99), 2u);  // opcode_index
  EXPECT_EQ(fb::Table::element(r.buf, ops, 1).scalar<uint8_t>(3, 0), 0) << "RELU_0_TO_1 has no options";
  EXPECT_EQ(fb::Table::element(r.buf, ops, 0).scalar<uint8_t>(3, 0), 91) << "HardSwishOptions";

  const Graph back = parse_tflite(r.bytes, "mem");
  EXPECT_EQ(graph_diff(m.graph(), back), "");
  EXPECT_EQ(back.ops[1].builtin, 152);
  EXPECT_EQ(back.ops[2].version, 2);
}

TEST(TfliteWriter, EveryOptionFieldRoundTrips) {
  ModelBuilder m;
  const int x = m.tensor("x", TType::kInt8, {1, 2, 2, 2}, per_tensor(0.5f, 1));
  auto add = [&](int32_t builtin, Options o) { m.op(builtin, {x}, {x}, std::move(o)); };
  Options conv;
  conv.padding = kPadValid, conv.stride_w = 2, conv.stride_h = 3, conv.fused_activation = kActRelu6;
  conv.dilation_w = 4, conv.dilation_h = 5, conv.quantized_bias_type = 7;
  add(kOpConv2D, conv);
  Options dw = conv;
  dw.quantized_bias_type = 0, dw.depth_multiplier = 3;
  add(kOpDepthwiseConv2D, dw);
  Options pool;
  pool.padding = kPadValid, pool.stride_w = 2, pool.stride_h = 1, pool.filter_w = 3, pool.filter_h = 2;
  pool.fused_activation = kActRelu;
  add(kOpAveragePool2D, pool);
  add(kOpMaxPool2D, pool);
  Options fc;
  fc.fused_activation = kActReluN1To1, fc.weights_format = 1, fc.keep_num_dims = true;
  fc.asymmetric_quantize_inputs = true, fc.quantized_bias_type = 9;
  add(kOpFullyConnected, fc);
  Options sm;
  sm.beta = 0.25f;
  add(kOpSoftmax, sm);
  Options sm0;
  sm0.beta = 0.0f;  // the schema default: omitted, and read back as 0
  add(kOpSoftmax, sm0);
  Options cat;
  cat.axis = -1, cat.fused_activation = kActRelu;
  add(kOpConcatenation, cat);
  Options addo;
  addo.fused_activation = kActRelu6, addo.pot_scale_int16 = false;
  add(kOpAdd, addo);
  add(kOpSub, addo);
  Options mul;
  mul.fused_activation = kActTanh;
  add(kOpMul, mul);
  add(kOpDiv, mul);
  Options rs;
  rs.new_shape = {1, -1, 8};
  add(kOpReshape, rs);
  add(kOpReshape, Options{});
  Options keep;
  keep.keep_dims = true;
  add(kOpMean, keep);
  add(kOpSum, Options{});
  add(kOpReduceMax, keep);
  Options ss;
  ss.begin_mask = 1, ss.end_mask = 2, ss.ellipsis_mask = 4, ss.new_axis_mask = 8, ss.shrink_axis_mask = 16;
  ss.offset = true;
  add(kOpStridedSlice, ss);
  Options pack;
  pack.values_count = 3, pack.axis = 2;
  add(kOpPack, pack);
  Options shape;
  shape.out_type = 4;
  add(kOpShape, shape);
  for (int32_t op : {kOpPad, kOpPadV2, kOpQuantize, kOpDequantize, kOpMinimum, kOpMaximum, kOpHardSwish, kOpLogistic,
                     kOpTanh, kOpRelu, kOpRelu6})
    add(op, Options{});
  m.set_io({x}, {x});

  const std::vector<uint8_t> file = serialize_tflite(m.graph());
  const Graph back = parse_tflite(file, "mem");
  EXPECT_EQ(graph_diff(m.graph(), back, true, 100), "");

  // Union tags, from the order of union BuiltinOptions in schema.fbs.
  const std::pair<int32_t, int> tags[] = {{kOpConv2D, 1},         {kOpDepthwiseConv2D, 2}, {kOpAveragePool2D, 5},
                                          {kOpFullyConnected, 8}, {kOpSoftmax, 9},         {kOpConcatenation, 10},
                                          {kOpAdd, 11},           {kOpReshape, 17},        {kOpMul, 21},
                                          {kOpPad, 22},           {kOpMean, 27},           {kOpSub, 28},
                                          {kOpDiv, 29},           {kOpStridedSlice, 32},   {kOpDequantize, 38},
                                          {kOpMaximum, 39},       {kOpMinimum, 39},        {kOpPadV2, 43},
                                          {kOpShape, 55},         {kOpPack, 59},           {kOpQuantize, 89},
                                          {kOpHardSwish, 91},     {kOpLogistic, 0},        {kOpRelu6, 0}};
  for (const auto& [op, tag] : tags) {
    bool seen = false;
    for (const Operator& o : back.ops) {
      if (o.builtin != op) continue;
      seen = true;
      EXPECT_EQ(o.opt.options_type, tag) << builtin_op_name(op);
    }
    EXPECT_TRUE(seen) << builtin_op_name(op);
  }

  // Defaults are left out of the options tables, as TFLite's writer does.
  fb::Buffer buf(file, "mem");
  const fb::Table model = fb::Table::at(buf, buf.u32(0));
  const fb::Vec ops = fb::Table::element(buf, model.vec(2, 4, "sg"), 0).vec(3, 4, "ops");
  const fb::Table sm0_opts = fb::Table::element(buf, ops, 6).table(4);
  EXPECT_FALSE(sm0_opts.has(0)) << "beta 0.0 is the schema default";
  const fb::Table dw_opts = fb::Table::element(buf, ops, 1).table(4);
  EXPECT_TRUE(dw_opts.has(3));
  Options plain_conv;
  plain_conv.stride_w = plain_conv.stride_h = 1;
  ModelBuilder m2;
  const int y = m2.tensor("y", TType::kInt8, {1});
  m2.op(kOpConv2D, {y}, {y}, plain_conv);
  const std::vector<uint8_t> f2 = serialize_tflite(m2.graph());
  fb::Buffer b2(f2, "mem");
  const fb::Table conv_opts =
      fb::Table::element(b2, fb::Table::element(b2, fb::Table::at(b2, b2.u32(0)).vec(2, 4, "sg"), 0).vec(3, 4, "ops"),
                         0)
          .table(4);
  EXPECT_FALSE(conv_opts.has(0)) << "padding SAME";
  EXPECT_TRUE(conv_opts.has(1)) << "stride 1 differs from the schema default 0";
  EXPECT_FALSE(conv_opts.has(4)) << "dilation 1 is the schema default";
}

TEST(TfliteWriter, CustomOpsVariablesAndSharedBytes) {
  ModelBuilder m;
  const int a = m.constant("a", TType::kFloat32, {2}, std::vector<uint8_t>(8, 0x41));
  Graph g = m.graph();  // a copy whose constants still point into m's storage
  Tensor twin = g.tensors[0];
  twin.name = "twin";
  g.tensors.push_back(twin);  // same bytes: must share the buffer
  Tensor var;
  var.name = "state";
  var.type = TType::kInt16;
  var.shape = {3};
  var.is_variable = true;
  g.tensors.push_back(var);
  Operator op;
  op.builtin = kOpCustom;
  op.custom_code = "MyCustomOp";
  op.version = 4;
  op.inputs = {a, -1};
  op.outputs = {2};
  g.ops.push_back(op);
  g.inputs = {2};
  g.outputs = {2};
  const std::vector<uint8_t> file = serialize_tflite(g);
  const Graph back = parse_tflite(file, "mem");
  EXPECT_EQ(graph_diff(g, back), "");
  fb::Buffer buf(file, "mem");
  EXPECT_EQ(fb::Table::at(buf, buf.u32(0)).vec(4, 4, "buffers").size(), 2u);
  EXPECT_EQ(back.tensors[0].data.data(), back.tensors[1].data.data());
}

TEST(TfliteWriter, RejectsGraphsItCannotWriteFaithfully) {
  auto base = [] {
    ModelBuilder m;
    const int x = m.tensor("x", TType::kInt8, {1, 4}, per_tensor(0.1f, 0));
    m.op(kOpLogistic, {x}, {x});
    m.set_io({x}, {x});
    return m;
  };
  auto message = [](const Graph& g) {
    try {
      serialize_tflite(g);
    } catch (const hb::Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  {
    const ModelBuilder m = base();
    Graph g = m.graph();
    g.ops[0].inputs = {5};
    EXPECT_NE(message(g).find("op #0 LOGISTIC input 0 is tensor 5"), std::string::npos) << message(g);
    g = m.graph();
    g.outputs = {-1};
    EXPECT_NE(message(g).find("output 0 is tensor -1"), std::string::npos) << message(g);
    g = m.graph();
    g.ops[0].builtin = 36;  // GATHER: options unknown to the writer
    EXPECT_NE(message(g).find("does not know"), std::string::npos) << message(g);
    g = m.graph();
    g.tensors[0].q.zero_point.push_back(3);
    EXPECT_NE(message(g).find("1 scales but 2 zero points"), std::string::npos) << message(g);
  }
  {
    ModelBuilder m = base();
    m.constant("bad", TType::kInt32, {3}, std::vector<uint8_t>(8));
    EXPECT_NE(message(m.graph()).find("holds 8 bytes, its shape needs 12"), std::string::npos);
  }
  const ModelBuilder ok = base();
  EXPECT_THROW(write_tflite(ok.graph(), "/nonexistent-dir/x.tflite"), hb::Error);
}

// ---------------------------------------------------------------------------
// `hilbench model-build`: JSON spec + data file -> .tflite

struct SpecDir {
  fs::path dir = fs::temp_directory_path() / ("hb_model_build_" + std::to_string(::getpid()));
  SpecDir() { fs::create_directories(dir); }
  ~SpecDir() { fs::remove_all(dir); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name, std::ios::binary) << text;
    return (dir / name).string();
  }
};

// QUANTIZE uint8 -> int8, CONV_2D 3x3 VALID stride 1 RELU6 with per-channel
// weights and bias, DEQUANTIZE. Constants in the data file at 16-byte offsets.
std::string conv_spec(const std::string& extra_conv_option = "") {
  return R"({"description": "spec test", "data_file": "w.bin",
  "tensors": [
    {"name": "img", "type": "UINT8", "shape": [1, 3, 3, 1], "quantization": {"scale": [0.003921568859368563], "zero_point": [0]}},
    {"name": "img8", "type": "INT8", "shape": [1, 3, 3, 1], "quantization": {"scale": [0.003921568859368563], "zero_point": [-128]}},
    {"name": "w", "type": "INT8", "shape": [2, 3, 3, 1], "data": {"offset": 0, "size": 18},
     "quantization": {"scale": [0.5, 0.25], "zero_point": [0, 0], "quantized_dimension": 0}},
    {"name": "b", "type": "INT32", "shape": [2], "data": {"offset": 32, "size": 8},
     "quantization": {"scale": [0.0019607844296842813, 0.0009803922148421407], "zero_point": [0, 0]}},
    {"name": "y", "type": "INT8", "shape": [1, 1, 1, 2], "quantization": {"scale": [0.0234375], "zero_point": [-128]}},
    {"name": "out", "type": "FLOAT32", "shape": [1, 1, 1, 2]}],
  "operators": [
    {"op": "QUANTIZE", "inputs": [0], "outputs": [1]},
    {"op": "CONV_2D", "inputs": [1, 2, 3], "outputs": [4], "version": 3,
     "options": {"padding": "VALID", "stride_w": 1, "stride_h": 1, "fused_activation": "RELU6")" +
         extra_conv_option + R"(}},
    {"op": "DEQUANTIZE", "inputs": [4], "outputs": [5]}],
  "inputs": [0], "outputs": [5]})";
}

std::string conv_data() {
  std::string bin(40, '\0');
  for (int i = 0; i < 18; ++i) bin[static_cast<size_t>(i)] = static_cast<char>(i - 9);
  const int32_t bias[2] = {100, -7};
  std::memcpy(&bin[32], bias, 8);
  return bin;
}

std::string build_error(const std::vector<std::string>& args) {
  try {
    cli::cmd_model_build(args);
  } catch (const hb::Error& e) {
    return e.what();
  }
  return {};
}

TEST(ModelBuildCommand, SpecToTfliteAndBack) {
  SpecDir d;
  const std::string spec = d.write("m.json", conv_spec());
  d.write("w.bin", conv_data());
  const std::string out = (d.dir / "m.tflite").string();
  ASSERT_EQ(cli::cmd_model_build({spec, out}), 0);
  const Graph g = read_tflite(out);
  EXPECT_EQ(g.description, "spec test");
  ASSERT_EQ(g.tensors.size(), 6u);
  EXPECT_EQ(g.tensors[0].type, TType::kUInt8);
  EXPECT_EQ(g.tensors[5].type, TType::kFloat32);
  EXPECT_TRUE(g.tensors[5].q.empty());
  EXPECT_EQ(g.tensors[2].shape, (std::vector<int32_t>{2, 3, 3, 1}));
  EXPECT_EQ(g.tensors[2].q.scale, (std::vector<float>{0.5f, 0.25f}));
  EXPECT_EQ(g.tensors[1].q.scale[0], 1.0f / 255.0f) << "float32 scales survive the trip through JSON exactly";
  ASSERT_EQ(g.tensors[2].data.size(), 18u);
  EXPECT_EQ(static_cast<int8_t>(g.tensors[2].data[0]), -9);
  EXPECT_EQ(static_cast<int8_t>(g.tensors[2].data[17]), 8);
  int32_t b1;
  std::memcpy(&b1, g.tensors[3].data.data() + 4, 4);
  EXPECT_EQ(b1, -7);
  ASSERT_EQ(g.ops.size(), 3u);
  EXPECT_EQ(g.ops[0].builtin, kOpQuantize);
  EXPECT_EQ(g.ops[1].builtin, kOpConv2D);
  EXPECT_EQ(g.ops[1].version, 3);
  EXPECT_EQ(g.ops[1].opt.padding, kPadValid);
  EXPECT_EQ(g.ops[1].opt.fused_activation, kActRelu6);
  EXPECT_EQ(g.ops[1].opt.dilation_w, 1) << "absent options keep TFLite's defaults";
  EXPECT_EQ(g.inputs, std::vector<int32_t>{0});
  EXPECT_EQ(g.outputs, std::vector<int32_t>{5});
  // All-255 image: each output is relu6((sum of its 9 weights) * 0.5 or 0.25 + bias), dequantized.
  const Plan plan = import_tflite(out);
  HostEngine eng(plan.blob);
  const std::vector<uint8_t> res = eng.run(std::vector<uint8_t>(9, 255));
  ASSERT_EQ(res.size(), 8u);
  float y[2];
  std::memcpy(y, res.data(), 8);
  // channel 0: weights -9..-1 sum -45 -> -22.5 + 0.196 < 0 -> 0; channel 1: 0..8 sum 36 -> 9 - 0.007 -> clip 6.
  EXPECT_EQ(y[0], 0.0f);
  EXPECT_NEAR(y[1], 6.0f, 0.0234375f);
}

TEST(ModelBuildCommand, SpecErrorsNameTheFault) {
  SpecDir d;
  d.write("w.bin", conv_data());
  const std::string out = (d.dir / "m.tflite").string();
  auto err = [&](const std::string& spec_text) { return build_error({d.write("s.json", spec_text), out}); };
  EXPECT_NE(err(conv_spec(R"(, "strid_w": 2)")).find("unknown option 'strid_w'"), std::string::npos);
  EXPECT_NE(err(conv_spec(R"(, "padding": "FULL")")).find("unknown padding 'FULL'"), std::string::npos);
  std::string s = conv_spec();
  EXPECT_NE(err(s.replace(s.find("\"CONV_2D\""), 9, "\"CONV_3X\"")).find("operator 1: unknown op 'CONV_3X'"),
            std::string::npos);
  s = conv_spec();
  EXPECT_NE(err(s.replace(s.find("\"offset\": 32"), 12, "\"offset\": 36")).find("lies outside the 40-byte data file"),
            std::string::npos);
  s = conv_spec();
  EXPECT_NE(err(s.replace(s.find("\"UINT8\""), 7, "\"UINT7\"")).find("tensor 0: unknown tensor type 'UINT7'"),
            std::string::npos);
  EXPECT_NE(err("{not json").find("not valid JSON"), std::string::npos);
  EXPECT_NE(err(R"({"tensors": []})").find("operators"), std::string::npos) << "missing key is named";
  // Writes fine but the engine cannot run it (int8 weights declared INT16): refused unless --no-check.
  s = conv_spec();
  s.replace(s.find("\"INT8\", \"shape\": [2, 3, 3, 1]"), 6, "\"INT16\"");
  s.replace(s.find("\"size\": 18"), 10, "\"size\": 36");
  EXPECT_NE(err(s), "");
  EXPECT_EQ(build_error({d.write("s.json", s), out, "--no-check"}), "");
  EXPECT_NE(build_error({"only-one-arg"}).find("usage"), std::string::npos);
}

// ---------------------------------------------------------------------------
// Real models: read, rewrite, read again; the rewrite must import to the
// very same plan (same model hash given to both).

TEST(TfliteWriterShared, RewrittenModelsImportToTheSamePlan) {
  const fs::path dir = hb::test::shared_dir() / "models";
  if (!fs::is_directory(dir)) GTEST_SKIP() << "no models under " << dir;
  int rewritten = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.path().extension() != ".tflite") continue;
    SCOPED_TRACE(e.path().string());
    const Graph g = read_tflite(e.path().string());
    bool writable = true;
    for (const Operator& op : g.ops) writable &= !op.custom_code.empty() || writer_options_tag(op.builtin) >= 0;
    if (!writable) continue;
    const std::vector<uint8_t> file = serialize_tflite(g);
    const Graph back = parse_tflite(file, g.path);  // same path: the plan records the file name
    EXPECT_EQ(graph_diff(g, back, /*compare_option_tags=*/false), "");
    const std::string sha = sha256_hex(g.file);
    Plan a, b;
    try {
      a = import_graph(g, sha);
    } catch (const hb::Error&) {
      continue;  // the importer does not take this model; nothing more to compare
    }
    b = import_graph(back, sha);
    ASSERT_EQ(a.blob.size(), b.blob.size());
    EXPECT_TRUE(std::equal(a.blob.span().begin(), a.blob.span().end(), b.blob.span().begin()));
    ++rewritten;
  }
  EXPECT_GT(rewritten, 0) << "no shared model could be rewritten and imported";
}

}  // namespace
}  // namespace hb::model
