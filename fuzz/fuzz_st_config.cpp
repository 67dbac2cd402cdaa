// ST model-zoo *_config.yaml (its preprocessing: section): any text as the file.
#include <unistd.h>

#include <cstdio>
#include <string>

#include "common/error.h"
#include "data/preprocess.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = "/tmp/hb_fuzz_st_config_" + std::to_string(getpid()) + ".yaml";
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return 0;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  try {
    (void)hb::data::from_st_config(path);
  } catch (const hb::Error&) {
  }
  return 0;
}
