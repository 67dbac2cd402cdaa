// One crafted plan per validator rule (target-fw/nn/engine.c hb_plan_open and
// the per-kind checks in plan_check*.c): each starts from a real imported
// plan, breaks one field, fixes the CRC, and expects the status and the op
// index. The last tests check that every generated model still opens.
#include <gtest/gtest.h>

#include "plan/plan_craft.h"

extern "C" {
#include "nn/kernels/add.h"
#include "nn/kernels/avg_pool2d.h"
#include "nn/kernels/conv2d.h"
#include "nn/kernels/dequantize.h"
#include "nn/kernels/dwconv2d.h"
#include "nn/kernels/fully_connected.h"
#include "nn/kernels/hard_swish.h"
#include "nn/kernels/logistic.h"
#include "nn/kernels/mean.h"
#include "nn/kernels/mul.h"
#include "nn/kernels/pad.h"
#include "nn/kernels/quantize.h"
#include "nn/kernels/softmax.h"
}

namespace hb::test {
namespace {

// The plan of `model` and the index of its first op of `kind`.
struct Case {
  CraftedPlan plan;
  uint32_t op;
};
Case with_op(const char* model, hb_op_kind kind) {
  Case c{crafted_plan(model), 0};
  const int i = c.plan.find(kind);
  EXPECT_GE(i, 0) << model;
  c.op = static_cast<uint32_t>(i < 0 ? 0 : i);
  return c;
}

// Expects `st` naming op `op`.
void expect_op_error(Case& c, hb_status st) {
  uint32_t bad = 0;
  EXPECT_EQ(c.plan.open(&bad), st) << hb_status_str(c.plan.open());
  EXPECT_EQ(bad, c.op);
}

// ---- header ----

TEST(PlanValidator, HeaderFieldsAreUnderTheCrc) {
  auto p = crafted_plan("conv2d_1x1_valid_pertensor_nobias");
  ASSERT_EQ(p.open(), HB_OK);
  p.hdr().model_sha256[0] ^= 1;  // what run trusts to identify the model
  EXPECT_EQ(p.open_as_is(), HB_E_CRC);
  p.hdr().model_sha256[0] ^= 1;
  p.hdr().arena_bytes += 16;
  EXPECT_EQ(p.open_as_is(), HB_E_CRC);
}

TEST(PlanValidator, OpCountThatWraps32BitsIsRejected) {
  auto p = crafted_plan("conv2d_1x1_valid_pertensor_nobias");
  // n_ops * sizeof(hb_op) == 2^32 + 24 * n_ops_real: in 32 bits it passed the range check.
  p.hdr().n_ops = static_cast<uint32_t>(((uint64_t{1} << 32) / sizeof(hb_op)) + p.hdr().n_ops);
  uint32_t bad = 0;
  EXPECT_EQ(p.open(&bad), HB_E_SIZE);
  EXPECT_EQ(bad, HB_NO_OP);
}

TEST(PlanValidator, TensorCountBeyondTheBlob) {
  auto p = crafted_plan("conv2d_1x1_valid_pertensor_nobias");
  p.hdr().n_tensors = 0xFFFF;
  EXPECT_EQ(p.open(), HB_E_SIZE);
}

TEST(PlanValidator, NameMustBeTerminatedAndFlagsZero) {
  auto p = crafted_plan("conv2d_1x1_valid_pertensor_nobias");
  std::memset(p.hdr().name, 'A', sizeof p.hdr().name);
  EXPECT_EQ(p.open(), HB_E_SIZE);
  p = crafted_plan("conv2d_1x1_valid_pertensor_nobias");
  p.hdr().flags = 1;
  EXPECT_EQ(p.open(), HB_E_SIZE);
}

TEST(PlanValidator, TotalBytesBeyondTheBuffer) {
  auto p = crafted_plan("conv2d_1x1_valid_pertensor_nobias");
  p.hdr().total_bytes = static_cast<uint32_t>(p.blob.size() + 16);
  EXPECT_EQ(p.open_as_is(), HB_E_SIZE);
}

// ---- tensors ----

TEST(PlanValidator, TensorShapeProductThatWrapsIsRejected) {
  auto p = crafted_plan("conv2d_1x1_valid_pertensor_nobias");
  hb_tensor& t = p.tensor(0);
  t.ndim = 4;
  t.dims[0] = t.dims[1] = t.dims[2] = t.dims[3] = 0x10000;  // 2^64 elements: 0 in 32 or 64 bits
  t.bytes = 0;
  EXPECT_EQ(p.open(), HB_E_TENSOR);
}

TEST(PlanValidator, TensorOutsideTheArena) {
  auto p = crafted_plan("conv2d_1x1_valid_pertensor_nobias");
  hb_tensor& t = p.tensor(p.hdr().input_tensor);
  t.offset = p.hdr().arena_bytes - 4;
  EXPECT_EQ(p.open(), HB_E_TENSOR);
}

// ---- generic op rules ----

TEST(PlanValidator, UnknownOpKindNamesTheOp) {
  auto c = with_op("mini_effnet_lc", HB_OP_ADD);
  c.plan.op(c.op).kind = HB_OP_KIND_COUNT;
  expect_op_error(c, HB_E_OP);
}

TEST(PlanValidator, WrongInputCountForTheKind) {
  auto c = with_op("conv2d_1x1_valid_pertensor_nobias", HB_OP_CONV2D);
  c.plan.op(c.op).n_in = 1;
  expect_op_error(c, HB_E_OP);
}

TEST(PlanValidator, OutputOverlappingAnInput) {
  auto c = with_op("logistic", HB_OP_LOGISTIC);
  hb_op& o = c.plan.op(c.op);
  c.plan.tensor(o.out).offset = c.plan.tensor(o.in[0]).offset;
  expect_op_error(c, HB_E_OP);
}

TEST(PlanValidator, ParamsSizeMustMatchTheKind) {
  auto c = with_op("softmax_beta1", HB_OP_SOFTMAX);
  c.plan.op(c.op).params_bytes -= 4;
  expect_op_error(c, HB_E_PARAMS);
}

TEST(PlanValidator, ParamsOutsideTheBlob) {
  auto c = with_op("softmax_beta1", HB_OP_SOFTMAX);
  c.plan.op(c.op).params_off = c.plan.hdr().total_bytes - 4;
  expect_op_error(c, HB_E_PARAMS);
}

// ---- conv-like: constant arrays, shifts, multipliers, accumulator range ----

TEST(PlanValidator, ConvBiasArrayOutsideTheBlob) {
  auto c = with_op("conv2d_3x3_same_s2_perchannel_relu6", HB_OP_CONV2D);
  c.plan.params<hb_conv2d_params>(c.op).bias_off = c.plan.hdr().total_bytes - 8;  // 8 channels: 32 bytes
  expect_op_error(c, HB_E_PARAMS);
}

// Found by fuzz_plan (fuzz/crashes/fuzz_plan/conv-folded-bias-outside-blob):
// the folded bias array was checked only when it lay inside the blob.
TEST(PlanValidator, ConvFoldedBiasArrayOutsideTheBlob) {
  auto c = with_op("conv2d_3x3_same_s2_perchannel_relu6", HB_OP_CONV2D);
  c.plan.params<hb_conv2d_params>(c.op).bias_fold_off = 0x7FFFFFF0u;
  expect_op_error(c, HB_E_PARAMS);
}

TEST(PlanValidator, ConvMultiplierArrayMisaligned) {
  auto c = with_op("conv2d_3x3_same_s2_perchannel_relu6", HB_OP_CONV2D);
  c.plan.params<hb_conv2d_params>(c.op).mult_off += 2;
  expect_op_error(c, HB_E_PARAMS);
}

TEST(PlanValidator, ConvPerChannelShiftOutOfRange) {
  auto c = with_op("conv2d_3x3_same_s2_perchannel_relu6", HB_OP_CONV2D);
  c.plan.i32_at(c.plan.params<hb_conv2d_params>(c.op).shift_off)[5] = 40;  // a shift by 40: undefined
  expect_op_error(c, HB_E_PARAMS);
}

TEST(PlanValidator, ConvNegativeMultiplier) {
  auto c = with_op("conv2d_3x3_same_s2_perchannel_relu6", HB_OP_CONV2D);
  c.plan.i32_at(c.plan.params<hb_conv2d_params>(c.op).mult_off)[0] = -5;
  expect_op_error(c, HB_E_PARAMS);
}

TEST(PlanValidator, ConvBiasThatCanOverflowTheAccumulator) {
  auto c = with_op("conv2d_3x3_same_s2_perchannel_relu6", HB_OP_CONV2D);
  c.plan.i32_at(c.plan.params<hb_conv2d_params>(c.op).bias_fold_off)[3] = INT32_MAX - 1000;
  expect_op_error(c, HB_E_PARAMS);
}

TEST(PlanValidator, ConvMultiplierNearOneWithALeftShift) {
  // The high product of a wrapped shifted accumulator and 2^31 - 1 leaves no room for the zero point.
  auto c = with_op("conv2d_3x3_same_s2_perchannel_relu6", HB_OP_CONV2D);
  const auto& p = c.plan.params<hb_conv2d_params>(c.op);
  c.plan.i32_at(p.mult_off)[1] = INT32_MAX;
  c.plan.i32_at(p.shift_off)[1] = 3;
  expect_op_error(c, HB_E_PARAMS);
}

TEST(PlanValidator, ConvLargeLeftShiftOfARealModelIsAccepted) {
  // ST EfficientNet's squeeze-excite convolutions requantize with shifts up to +22.
  auto c = with_op("conv2d_3x3_same_s2_perchannel_relu6", HB_OP_CONV2D);
  const auto& p = c.plan.params<hb_conv2d_params>(c.op);
  c.plan.i32_at(p.mult_off)[1] = 2013220430;
  c.plan.i32_at(p.shift_off)[1] = 22;
  EXPECT_EQ(c.plan.open(), HB_OK);
}

TEST(PlanValidator, ConvStrideZero) {
  auto c = with_op("conv2d_3x3_same_s2_perchannel_relu6", HB_OP_CONV2D);
  c.plan.params<hb_conv2d_params>(c.op).stride_w = 0;
  expect_op_error(c, HB_E_PARAMS);
}

TEST(PlanValidator, ConvStrideWhoseIndexOverflows) {
  auto c = with_op("conv2d_3x3_same_s2_perchannel_relu6", HB_OP_CONV2D);
  c.plan.params<hb_conv2d_params>(c.op).stride_h = 0x40000000;  // (oh - 1) * stride wraps int32
  expect_op_error(c, HB_E_PARAMS);
}

TEST(PlanValidator, ConvInputOffsetOutOfRange) {
  auto c = with_op("conv2d_3x3_same_s2_perchannel_relu6", HB_OP_CONV2D);
  c.plan.params<hb_conv2d_params>(c.op).input_offset = 100000;
  expect_op_error(c, HB_E_PARAMS);
}

TEST(PlanValidator, DepthwiseShapeInconsistentWithTensors) {
  auto c = with_op("dwconv_3x3_mult2_dilation2", HB_OP_DWCONV2D);
  c.plan.params<hb_dwconv2d_params>(c.op).depth_multiplier = 3;  // Cin * 3 != Cout
  expect_op_error(c, HB_E_PARAMS);
}

TEST(PlanValidator, DepthwiseShiftArrayOutsideTheBlob) {
  auto c = with_op("dwconv_3x3_s2_valid_relu6", HB_OP_DWCONV2D);
  c.plan.params<hb_dwconv2d_params>(c.op).shift_off = 0xFFFFFFF0u;
  expect_op_error(c, HB_E_PARAMS);
}

TEST(PlanValidator, FullyConnectedProductThatWraps) {
  auto c = with_op("fc_pertensor_bias", HB_OP_FULLY_CONNECTED);
  auto& p = c.plan.params<hb_fully_connected_params>(c.op);
  // batches * depth == 2^32 + 24 (the input's 24 elements) in 64 bits; 24 in 32.
  p.batches = 4;
  p.depth = 1073741830;
  expect_op_error(c, HB_E_PARAMS);
}

TEST(PlanValidator, FullyConnectedBiasArrayOutsideTheBlob) {
  auto c = with_op("fc_pertensor_bias", HB_OP_FULLY_CONNECTED);
  c.plan.params<hb_fully_connected_params>(c.op).bias_fold_off = c.plan.hdr().total_bytes;
  expect_op_error(c, HB_E_PARAMS);
}

// ---- pools, pad ----

TEST(PlanValidator, AvgPoolEmptyWindow) {
  auto c = with_op("avg_pool_2x2_s2_valid", HB_OP_AVG_POOL2D);
  c.plan.params<hb_avg_pool2d_params>(c.op).pad_h = 2;  // the first window lies in the padding
  expect_op_error(c, HB_E_PARAMS);
}

TEST(PlanValidator, MaxPoolActivationRange) {
  auto c = with_op("max_pool_3x3_s2_same", HB_OP_MAX_POOL2D);
  c.plan.params<hb_pool2d_params>(c.op).act_min = 100;
  c.plan.params<hb_pool2d_params>(c.op).act_max = 50;
  expect_op_error(c, HB_E_PARAMS);
}

TEST(PlanValidator, PadShapeProductThatWraps) {
  auto c = with_op("pad_hw", HB_OP_PAD);
  auto& p = c.plan.params<hb_pad_params>(c.op);
  p.before[0] = 0x7FFFFFF0;  // the output extent overflows int32
  expect_op_error(c, HB_E_PARAMS);
}

TEST(PlanValidator, PadInputShapeInconsistent) {
  auto c = with_op("pad_hw", HB_OP_PAD);
  c.plan.params<hb_pad_params>(c.op).in_dims[3] += 1;
  expect_op_error(c, HB_E_PARAMS);
}

// ---- element-wise ----

TEST(PlanValidator, BroadcastStrideBeyondTheInput) {
  auto c = with_op("add_broadcast_channel", HB_OP_ADD);
  c.plan.params<hb_add_params>(c.op).bc.in2_strides[2] = 1000;
  expect_op_error(c, HB_E_PARAMS);
}

TEST(PlanValidator, AddShiftOutOfRange) {
  auto c = with_op("add_same_shape_relu6", HB_OP_ADD);
  c.plan.params<hb_add_params>(c.op).out_shift = 31;
  expect_op_error(c, HB_E_PARAMS);
}

TEST(PlanValidator, MulShiftThatCanOverflow) {
  auto c = with_op("mul_broadcast_channel", HB_OP_MUL);
  c.plan.params<hb_mul_params>(c.op).out_shift = 20;
  expect_op_error(c, HB_E_PARAMS);
}

TEST(PlanValidator, MeanCountInconsistent) {
  auto c = with_op("mean_hw_keep_dims_requant", HB_OP_MEAN);
  c.plan.params<hb_mean_params>(c.op).count += 1;
  expect_op_error(c, HB_E_PARAMS);
}

TEST(PlanValidator, MeanZeroPointOutOfRange) {
  auto c = with_op("mean_hw_keep_dims_requant", HB_OP_MEAN);
  c.plan.params<hb_mean_params>(c.op).out_zero_point = INT32_MAX;  // + out_zero_point would overflow
  expect_op_error(c, HB_E_PARAMS);
}

TEST(PlanValidator, SoftmaxShapeProductThatWraps) {
  auto c = with_op("softmax_beta1", HB_OP_SOFTMAX);
  auto& p = c.plan.params<hb_softmax_params>(c.op);
  p.outer = 7;  // 7 * 613566758 == 2^32 + 10: equal to the 10 elements in 32 bits
  p.depth = 613566758;
  expect_op_error(c, HB_E_PARAMS);
}

TEST(PlanValidator, SoftmaxShiftOutOfRange) {
  auto c = with_op("softmax_beta1", HB_OP_SOFTMAX);
  c.plan.params<hb_softmax_params>(c.op).input_left_shift = 32;
  expect_op_error(c, HB_E_PARAMS);
}

TEST(PlanValidator, LogisticNegativeRadius) {
  auto c = with_op("logistic", HB_OP_LOGISTIC);
  c.plan.params<hb_logistic_params>(c.op).input_range_radius = INT32_MIN;  // -radius: undefined
  expect_op_error(c, HB_E_PARAMS);
}

TEST(PlanValidator, HardSwishExponentOutOfRange) {
  auto c = with_op("hard_swish", HB_OP_HARD_SWISH);
  c.plan.params<hb_hard_swish_params>(c.op).output_multiplier_exponent = -40;
  expect_op_error(c, HB_E_PARAMS);
}

TEST(PlanValidator, QuantizeZeroPointOutOfRange) {
  auto c = with_op("quantize_int8_requant", HB_OP_QUANTIZE);
  c.plan.params<hb_quantize_params>(c.op).in_zero_point = INT32_MIN;  // q - zp: overflow
  expect_op_error(c, HB_E_PARAMS);
}

TEST(PlanValidator, DequantizeZeroPointOutOfRange) {
  auto c = with_op("dequantize_int8", HB_OP_DEQUANTIZE);
  c.plan.params<hb_dequantize_params>(c.op).zero_point = INT32_MAX;
  expect_op_error(c, HB_E_PARAMS);
}

// ---- no false alarms ----

TEST(PlanValidator, EveryGeneratedModelOpens) {
  for (const auto& tc : hb::model::test_model_cases()) {
    auto p = crafted_plan(tc.name);
    uint32_t bad = 0;
    EXPECT_EQ(p.open_as_is(&bad), HB_OK) << tc.name << " op " << bad;
  }
}

}  // namespace
}  // namespace hb::test
