// Human/JSON descriptions of tensors and models, shared by `model info`,
// `infer --json` and the run reports.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "model/graph.h"
#include "model/importer.h"

namespace hb::model {

std::string shape_str(const std::vector<int32_t>& shape);  // "[1,224,224,3]"
std::string tensor_summary(const Tensor& t);               // "UINT8 [1,224,224,3] scale 0.00392157 zp 0"
nlohmann::json tensor_json(const Tensor& t);
nlohmann::json model_info_json(const Graph& g, const ModelStats& st, const std::string& sha256_hex);
std::string model_info_text(const Graph& g, const ModelStats& st, const std::string& sha256_hex);

}  // namespace hb::model
