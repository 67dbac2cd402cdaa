// Board descriptors: any bytes as JSON, then the schema and identifier checks.
#include <nlohmann/json.hpp>

#include "board/descriptor.h"
#include "common/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto j = nlohmann::json::parse(data, data + size, nullptr, false);
  if (j.is_discarded()) return 0;
  try {
    (void)hb::board::parse_descriptor(j, "fuzz.json");
  } catch (const hb::Error&) {
  }
  return 0;
}
