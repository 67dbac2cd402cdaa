// What CONV_2D and DEPTHWISE_CONV_2D Prepare check and read alike: int8
// operands, symmetric per-tensor or per-channel filter quantization, strides,
// dilations, fused activation, and the optional int32 bias.
#pragma once

#include <cstdint>
#include <vector>

#include "model/lower.h"

namespace hb::model {

// Input (0), filter (1, constant) and output: int8, 4-D, quantized, input and
// output per tensor. Fails the op with a one-line reason otherwise.
void require_int8_conv_operands(LowerCtx& c);

// Filter scales per tensor or one per output channel along `quant_dim`, zero
// points 0, positive scales; stride/dilation >= 1; a supported fused activation.
void require_conv_quantization_and_options(LowerCtx& c, int32_t out_channels, int32_t quant_dim);

// The bias (input 2) as int32 per output channel; zeros when absent.
std::vector<int32_t> conv_bias(LowerCtx& c, int32_t out_channels);

}  // namespace hb::model
