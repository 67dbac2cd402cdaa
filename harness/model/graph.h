// In-memory view of a .tflite model: the subset of the TFLite schema the
// importer needs. Filled by tflite_reader; read by the lowering passes.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace hb::model {

// Values are TFLite's TensorType enum (schema.fbs).
enum class TType : int8_t {
  kFloat32 = 0,
  kFloat16 = 1,
  kInt32 = 2,
  kUInt8 = 3,
  kInt64 = 4,
  kString = 5,
  kBool = 6,
  kInt16 = 7,
  kComplex64 = 8,
  kInt8 = 9,
  kFloat64 = 10,
  kComplex128 = 11,
  kUInt64 = 12,
  kResource = 13,
  kVariant = 14,
  kUInt32 = 15,
  kUInt16 = 16,
  kInt4 = 17,  // two per byte, so ttype_size() is 0
};
const char* ttype_name(TType t);
int ttype_size(TType t);  // bytes per element, 0 if not fixed-size

// Values are TFLite's BuiltinOperator enum (schema.fbs); only the ones we name.
enum BuiltinOp : int32_t {
  kOpAdd = 0,
  kOpAveragePool2D = 1,
  kOpConcatenation = 2,
  kOpConv2D = 3,
  kOpDepthwiseConv2D = 4,
  kOpDequantize = 6,
  kOpFullyConnected = 9,
  kOpLogistic = 14,
  kOpMaxPool2D = 17,
  kOpMul = 18,
  kOpRelu = 19,
  kOpReluN1To1 = 20,
  kOpRelu6 = 21,
  kOpReshape = 22,
  kOpSoftmax = 25,
  kOpTanh = 28,
  kOpCustom = 32,
  kOpPad = 34,
  kOpTranspose = 39,
  kOpMean = 40,
  kOpSub = 41,
  kOpDiv = 42,
  kOpSqueeze = 43,
  kOpStridedSlice = 45,
  kOpMaximum = 55,
  kOpMinimum = 57,
  kOpPadV2 = 60,
  kOpSum = 74,
  kOpShape = 77,
  kOpReduceMax = 82,
  kOpPack = 83,
  kOpLeakyRelu = 98,
  kOpQuantize = 114,
  kOpHardSwish = 117,
};
std::string builtin_op_name(int32_t code);  // "CONV_2D", or "BUILTIN_<n>" if unknown

struct Quant {
  std::vector<float> scale;
  std::vector<int64_t> zero_point;
  int32_t quantized_dimension = 0;
  bool empty() const { return scale.empty(); }
};

struct Tensor {
  std::string name;
  TType type = TType::kFloat32;
  std::vector<int32_t> shape;
  Quant q;
  std::span<const uint8_t> data;  // constant contents (view into Graph::file); empty if not constant
  bool is_variable = false;
  bool is_const() const { return !data.empty(); }
  int64_t elements() const;
};

// TFLite enums used in options (values as in schema.fbs).
enum Padding : int8_t { kPadSame = 0, kPadValid = 1 };
enum Activation : int8_t {
  kActNone = 0,
  kActRelu = 1,
  kActReluN1To1 = 2,
  kActRelu6 = 3,
  kActTanh = 4,
  kActSignBit = 5
};

// The builtin options of every op we read, flattened. When the op carries an
// options table, fields absent from it take the *schema's* defaults, which for
// some fields differ from the initialisers below (stride 0, beta 0.0,
// depth_multiplier 0, ShapeOptions.out_type 0 = FLOAT32), exactly as TFLite
// reads them. The initialisers apply only when the op has no options table.
// The reader rejects conv/depthwise/pool ops without options or with
// stride/dilation/filter < 1, and unknown padding/activation values.
struct Options {
  int8_t padding = kPadSame;
  int32_t stride_w = 1, stride_h = 1;
  int32_t dilation_w = 1, dilation_h = 1;
  int8_t fused_activation = kActNone;
  int32_t depth_multiplier = 1;        // DepthwiseConv2DOptions
  int32_t filter_w = 1, filter_h = 1;  // Pool2DOptions
  bool keep_dims = false;              // ReducerOptions (MEAN)
  float beta = 1.0f;                   // SoftmaxOptions
  std::vector<int32_t> new_shape;      // ReshapeOptions
  int32_t begin_mask = 0, end_mask = 0, ellipsis_mask = 0, new_axis_mask = 0, shrink_axis_mask = 0;
  bool offset = false;                 // StridedSliceOptions
  int32_t values_count = 0, axis = 0;  // PackOptions; axis also ConcatenationOptions
  int8_t weights_format = 0;           // FullyConnectedOptions
  bool keep_num_dims = false;          // FullyConnectedOptions
  bool asymmetric_quantize_inputs = false;
  bool pot_scale_int16 = true;     // AddOptions/SubOptions
  int8_t out_type = 2;             // ShapeOptions (TensorType, default int32)
  int8_t quantized_bias_type = 0;  // Conv2D v8+/FullyConnected v11+ (TensorType; 0 = not set)
  uint8_t options_type = 0;        // BuiltinOptions union tag found in the file (0 = none)
};

struct Operator {
  int index = 0;            // position in the subgraph's operator list
  int32_t builtin = -1;     // BuiltinOperator value, max(deprecated, builtin_code)
  std::string custom_code;  // non-empty for custom ops
  int32_t version = 1;
  std::vector<int32_t> inputs, outputs;  // tensor indices; -1 = optional absent
  Options opt;
  std::string name() const;  // "CONV_2D" or custom code
};

struct Graph {
  std::string path;           // for error messages
  std::vector<uint8_t> file;  // the whole .tflite; tensors' data point into it
  uint32_t schema_version = 0;
  std::string description;
  std::vector<Tensor> tensors;  // subgraph 0
  std::vector<Operator> ops;
  std::vector<int32_t> inputs, outputs;
};

// Parse a .tflite file. Throws hb::Error with a one-line message naming the
// file and what is wrong, for any malformed, truncated or unsupported input;
// never reads out of bounds.
Graph read_tflite(const std::string& path);
Graph parse_tflite(std::vector<uint8_t> bytes, const std::string& path);

}  // namespace hb::model
