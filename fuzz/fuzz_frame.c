/* Frames: parse any decoded frame; a frame that parses has a payload inside
 * it and re-encodes. */
#include <stdlib.h>

#include "codec/frame.h"

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static uint8_t wire[HBP_WIRE_SIZE_MAX(HBP_FRAME_MAX)];
  hbp_header h;
  const uint8_t* payload = 0;
  if (hbp_frame_parse(data, size, &h, &payload) != HBP_OK) return 0;
  if (payload < data || payload + h.len > data + size) abort();
  size_t n = 0;
  (void)hbp_frame_encode(&h, payload, wire, sizeof wire, &n);
  return 0;
}
