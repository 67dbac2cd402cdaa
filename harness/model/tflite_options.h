// TFLite's BuiltinOptions union (schema.fbs): the tags hilbench's reader and
// writer use, and which options table each builtin operator carries. One
// table for both, so a file we write is read back with the same meaning.
#pragma once

#include <cstdint>

namespace hb::model {

// BuiltinOptions union tags (NONE = 0).
enum OptTag : uint8_t {
  kOptNone = 0,
  kOptConv2D = 1,
  kOptDepthwiseConv2D = 2,
  kOptPool2D = 5,
  kOptFullyConnected = 8,
  kOptSoftmax = 9,
  kOptConcatenation = 10,
  kOptAdd = 11,
  kOptReshape = 17,
  kOptMul = 21,
  kOptPad = 22,
  kOptReducer = 27,
  kOptSub = 28,
  kOptDiv = 29,
  kOptStridedSlice = 32,
  kOptDequantize = 38,
  kOptMaximumMinimum = 39,
  kOptPadV2 = 43,
  kOptShape = 55,
  kOptPack = 59,
  kOptQuantize = 89,
  kOptHardSwish = 91,
};

// The options table `op` (a BuiltinOperator code) carries: kOptNone for ops
// whose schema has none (LOGISTIC, RELU, ...), -1 for ops whose options
// hilbench does not model (SQUEEZE, TRANSPOSE, ...).
int builtin_options_tag(int32_t op);

// "Conv2DOptions", ... for messages; "options" for an unknown tag.
const char* builtin_options_name(int tag);

}  // namespace hb::model
