// IDX (MNIST-style) arrays: any bytes through parse_idx.
#include "common/error.h"
#include "data/idx_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    (void)hb::data::looks_like_idx({data, size});
    (void)hb::data::parse_idx({data, size}, "fuzz.idx");
  } catch (const hb::Error&) {
  }
  return 0;
}
