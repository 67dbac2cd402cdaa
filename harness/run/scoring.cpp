#include "run/scoring.h"

#include <cmath>
#include <cstring>

namespace hb::run {

int argmax(uint8_t dtype, const std::vector<uint8_t>& b) {
  auto best = [&](auto read, size_t width) {
    int idx = -1;
    double best_v = 0;
    for (size_t i = 0; i + width <= b.size(); i += width) {
      const double v = read(i);
      if (idx < 0 || v > best_v) {
        best_v = v;
        idx = static_cast<int>(i / width);
      }
    }
    return idx;
  };
  switch (dtype) {
    case HB_DT_INT8:
      return best([&](size_t i) { return double(static_cast<int8_t>(b[i])); }, 1);
    case HB_DT_UINT8:
      return best([&](size_t i) { return double(b[i]); }, 1);
    case HB_DT_INT16:
      return best(
          [&](size_t i) {
            int16_t v;
            std::memcpy(&v, &b[i], 2);
            return double(v);
          },
          2);
    case HB_DT_INT32:
      return best(
          [&](size_t i) {
            int32_t v;
            std::memcpy(&v, &b[i], 4);
            return double(v);
          },
          4);
    case HB_DT_FLOAT32:
      return best(
          [&](size_t i) {
            float v;
            std::memcpy(&v, &b[i], 4);
            return std::isnan(v) ? -INFINITY : double(v);
          },
          4);
    default:
      return -1;
  }
}

}  // namespace hb::run
