#include "model/tflite_options.h"

#include "model/graph.h"

namespace hb::model {

int builtin_options_tag(int32_t op) {
  switch (op) {
    case kOpConv2D:
      return kOptConv2D;
    case kOpDepthwiseConv2D:
      return kOptDepthwiseConv2D;
    case kOpAveragePool2D:
    case kOpMaxPool2D:
    case 12:  // L2_POOL_2D
      return kOptPool2D;
    case kOpFullyConnected:
      return kOptFullyConnected;
    case kOpSoftmax:
      return kOptSoftmax;
    case kOpConcatenation:
      return kOptConcatenation;
    case kOpAdd:
      return kOptAdd;
    case kOpReshape:
      return kOptReshape;
    case kOpMul:
      return kOptMul;
    case kOpPad:
      return kOptPad;
    case kOpMean:
    case kOpSum:
    case kOpReduceMax:
    case 81:  // REDUCE_PROD
    case 89:  // REDUCE_MIN
    case 91:  // REDUCE_ANY
      return kOptReducer;
    case kOpSub:
      return kOptSub;
    case kOpDiv:
      return kOptDiv;
    case kOpStridedSlice:
      return kOptStridedSlice;
    case kOpDequantize:
      return kOptDequantize;
    case kOpMaximum:
    case kOpMinimum:
      return kOptMaximumMinimum;
    case kOpPadV2:
      return kOptPadV2;
    case kOpShape:
      return kOptShape;
    case kOpPack:
      return kOptPack;
    case kOpQuantize:
      return kOptQuantize;
    case kOpHardSwish:
      return kOptHardSwish;
    case kOpLogistic:
    case kOpRelu:
    case kOpRelu6:
    case kOpReluN1To1:
    case kOpTanh:
    case 152:  // RELU_0_TO_1
      return kOptNone;
    default:
      return -1;
  }
}

const char* builtin_options_name(int tag) {
  switch (tag) {
    case kOptConv2D:
      return "Conv2DOptions";
    case kOptDepthwiseConv2D:
      return "DepthwiseConv2DOptions";
    case kOptPool2D:
      return "Pool2DOptions";
    case kOptFullyConnected:
      return "FullyConnectedOptions";
    case kOptSoftmax:
      return "SoftmaxOptions";
    case kOptConcatenation:
      return "ConcatenationOptions";
    case kOptAdd:
      return "AddOptions";
    case kOptReshape:
      return "ReshapeOptions";
    case kOptMul:
      return "MulOptions";
    case kOptPad:
      return "PadOptions";
    case kOptReducer:
      return "ReducerOptions";
    case kOptSub:
      return "SubOptions";
    case kOptDiv:
      return "DivOptions";
    case kOptStridedSlice:
      return "StridedSliceOptions";
    case kOptDequantize:
      return "DequantizeOptions";
    case kOptMaximumMinimum:
      return "MaximumMinimumOptions";
    case kOptPadV2:
      return "PadV2Options";
    case kOptShape:
      return "ShapeOptions";
    case kOptPack:
      return "PackOptions";
    case kOptQuantize:
      return "QuantizeOptions";
    case kOptHardSwish:
      return "HardSwishOptions";
    default:
      return "options";
  }
}

}  // namespace hb::model
