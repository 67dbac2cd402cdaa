// PNG and JPEG decoders (dispatch by signature, then each one directly).
#include "common/error.h"
#include "data/image.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  for (auto* decode : {&hb::data::decode_image, &hb::data::decode_png, &hb::data::decode_jpeg}) {
    try {
      (void)decode({data, size}, "fuzz.img");
    } catch (const hb::Error&) {
    }
  }
  return 0;
}
