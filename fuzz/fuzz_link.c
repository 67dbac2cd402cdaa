/* The reliable link state machine (device and host side run the same code):
 * the input is a script. Each step's first byte says what happens next:
 * feed the following bytes as received wire bytes, send a sequenced or an
 * unsequenced frame, advance the clock and poll, or restart the sequence. */
#include <string.h>

#include "codec/link.h"

static void sink(void* ctx, const uint8_t* bytes, size_t len) {
  (void)ctx;
  (void)bytes;
  (void)len;
}

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static hbp_link l;
  static hbp_tx_slot slots[4];
  if (hbp_link_init(&l, slots, 4, 50, sink, 0) != HBP_OK) return 0;
  uint32_t now = 0;
  size_t i = 0;
  while (i < size) {
    const uint8_t op = data[i++];
    const size_t n = op & 0x3Fu;
    const size_t take = n < size - i ? n : size - i;
    switch (op >> 6) {
      case 0:
        for (size_t k = 0; k < take; ++k) {
          hbp_rx_msg m;
          if (hbp_link_input(&l, data[i + k], &m) == HBP_EV_MESSAGE && m.len && !m.payload) return 0;
        }
        break;
      case 1:
        (void)hbp_link_send(&l, (uint8_t)(take ? data[i] : 0), data + i, take, now);
        break;
      case 2:
        (void)hbp_link_send_unseq(&l, (uint8_t)(take ? data[i] : 0), data + i, take);
        break;
      default:
        now += (uint32_t)n * 7u;
        if (n == 63) hbp_link_restart_tx(&l, (uint16_t)(now * 2654435761u >> 16));
        (void)hbp_link_poll(&l, now);
        continue;
    }
    i += take;
  }
  return 0;
}
