/* COBS: the one-shot and the streaming decoder on any bytes; anything that
 * decodes re-encodes to a frame that decodes to the same bytes. */
#include <stdlib.h>
#include <string.h>

#include "codec/cobs.h"
#include "codec/frame.h"

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static uint8_t out[HBP_FRAME_MAX + 64], enc[2 * HBP_FRAME_MAX + 64], back[HBP_FRAME_MAX + 64];
  size_t n = 0;
  if (hbp_cobs_decode(data, size, out, sizeof out, &n) == HBP_OK) {
    size_t m = 0, k = 0;
    if (hbp_cobs_encode(out, n, enc, sizeof enc, &m) != HBP_OK) abort();
    if (hbp_cobs_decode(enc, m, back, sizeof back, &k) != HBP_OK || k != n || memcmp(back, out, n) != 0) abort();
  }
  hbp_cobs_dec d;
  hbp_cobs_dec_init(&d, out, HBP_FRAME_MAX);
  for (size_t i = 0; i < size; ++i) (void)hbp_cobs_dec_push(&d, data[i]);
  return 0;
}
