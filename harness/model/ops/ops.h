// Every op lowering the importer knows. One per file in this folder.
#pragma once

#include "model/lower.h"

namespace hb::model {

void lower_conv2d(LowerCtx& c);
void lower_dwconv2d(LowerCtx& c);
void lower_fully_connected(LowerCtx& c);
void lower_avg_pool2d(LowerCtx& c);
void lower_max_pool2d(LowerCtx& c);
void lower_pad(LowerCtx& c);
void lower_add(LowerCtx& c);
void lower_mul(LowerCtx& c);
void lower_mean(LowerCtx& c);
void lower_softmax(LowerCtx& c);
void lower_logistic(LowerCtx& c);
void lower_hard_swish(LowerCtx& c);
void lower_minimum(LowerCtx& c);
void lower_maximum(LowerCtx& c);
void lower_quantize(LowerCtx& c);
void lower_dequantize(LowerCtx& c);
void lower_reshape(LowerCtx& c);  // alias (no op) or HB_OP_COPY

}  // namespace hb::model
