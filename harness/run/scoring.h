// Turning raw output tensors into predictions.
#pragma once

#include <cstdint>
#include <vector>

extern "C" {
#include "nn/plan_format.h"
}

namespace hb::run {

// Index of the largest output value (first on ties), reading the tensor as
// its dtype (int8/uint8/int16/int32/float32).
int argmax(uint8_t dtype, const std::vector<uint8_t>& bytes);

}  // namespace hb::run
