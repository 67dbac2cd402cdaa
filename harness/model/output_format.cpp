#include "model/output_format.h"

#include <cstdio>
#include <cstring>

namespace hb::model {

const char* plan_dtype_name(uint8_t dtype) {
  switch (dtype) {
    case HB_DT_INT8:
      return "INT8";
    case HB_DT_UINT8:
      return "UINT8";
    case HB_DT_INT16:
      return "INT16";
    case HB_DT_INT32:
      return "INT32";
    case HB_DT_FLOAT32:
      return "FLOAT32";
    default:
      return "UNKNOWN";
  }
}

std::string format_output_line(const hb_tensor& t, const std::vector<uint8_t>& b) {
  std::string s;
  char buf[32];
  auto sep = [&] {
    if (!s.empty()) s += ' ';
  };
  switch (t.dtype) {
    case HB_DT_INT8:
      for (uint8_t v : b) sep(), s += std::to_string(static_cast<int8_t>(v));
      break;
    case HB_DT_UINT8:
      for (uint8_t v : b) sep(), s += std::to_string(v);
      break;
    case HB_DT_INT16:
      for (size_t i = 0; i + 1 < b.size(); i += 2) {
        int16_t v;
        std::memcpy(&v, &b[i], 2);
        sep(), s += std::to_string(v);
      }
      break;
    case HB_DT_INT32:
      for (size_t i = 0; i + 3 < b.size(); i += 4) {
        int32_t v;
        std::memcpy(&v, &b[i], 4);
        sep(), s += std::to_string(v);
      }
      break;
    case HB_DT_FLOAT32:
      for (size_t i = 0; i + 3 < b.size(); i += 4) {
        float v;
        std::memcpy(&v, &b[i], 4);
        std::snprintf(buf, sizeof buf, "%.6g", static_cast<double>(v));
        sep(), s += buf;
      }
      break;
  }
  return s;
}

nlohmann::json output_json(const hb_tensor& t, const std::vector<uint8_t>& b) {
  nlohmann::json vals = nlohmann::json::array();
  switch (t.dtype) {
    case HB_DT_INT8:
      for (uint8_t v : b) vals.push_back(static_cast<int8_t>(v));
      break;
    case HB_DT_UINT8:
      for (uint8_t v : b) vals.push_back(v);
      break;
    case HB_DT_FLOAT32:
      for (size_t i = 0; i + 3 < b.size(); i += 4) {
        float v;
        std::memcpy(&v, &b[i], 4);
        vals.push_back(v);
      }
      break;
    default:
      for (size_t i = 0; i + 3 < b.size(); i += 4) {
        int32_t v;
        std::memcpy(&v, &b[i], 4);
        vals.push_back(v);
      }
  }
  std::vector<int32_t> shape(t.dims, t.dims + t.ndim);
  return {{"type", plan_dtype_name(t.dtype)}, {"shape", shape}, {"values", vals}};
}

}  // namespace hb::model
