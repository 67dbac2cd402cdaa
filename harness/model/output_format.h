// Raw output tensors as text: int8/uint8 as integers, float32 with six
// significant digits (the precision of the golden references).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

extern "C" {
#include "nn/plan_format.h"
}

namespace hb::model {

std::string format_output_line(const hb_tensor& t, const std::vector<uint8_t>& bytes);
nlohmann::json output_json(const hb_tensor& t, const std::vector<uint8_t>& bytes);
const char* plan_dtype_name(uint8_t dtype);

}  // namespace hb::model
