/* Single-producer single-consumer byte ring for the firmware RX path: the
 * UART interrupt (or DMA completion handler) puts bytes, the main loop takes
 * them between inferences. This is what keeps frame parsing out of the timed
 * region: during an inference the ISR only stores bytes, and `total` lets the
 * firmware report how many arrived while the timer ran (RESULT.rx_bytes).
 *
 * Safe without locks on a single core: the producer only writes `head` (and
 * the stats), the consumer only writes `tail`; indices run freely and are
 * masked, so full and empty are told apart without a spare byte. */
#ifndef HBP_RING_H
#define HBP_RING_H

#include <stddef.h>
#include <stdint.h>

#include "codec/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  volatile uint8_t* buf;
  uint32_t mask;           /* capacity - 1; capacity is a power of two */
  volatile uint32_t head;  /* producer: bytes ever stored */
  volatile uint32_t tail;  /* consumer: bytes ever taken */
  volatile uint32_t total; /* producer: bytes ever offered (stored + dropped) */
  volatile uint32_t dropped;
} hbp_ring;

/* cap must be a power of two >= 2. Size it to at least
 * window * HBP_WIRE_MAX + 256 so a full window of frames (plus ACKs) sent
 * during an inference is never dropped. */
hbp_status hbp_ring_init(hbp_ring* r, uint8_t* buf, uint32_t cap);
/* Producer (ISR). Returns 1 if stored, 0 if the ring was full (dropped). */
int hbp_ring_put(hbp_ring* r, uint8_t byte);
/* Consumer. Returns 1 with *byte set, 0 if empty. */
int hbp_ring_get(hbp_ring* r, uint8_t* byte);
uint32_t hbp_ring_count(const hbp_ring* r);

#ifdef __cplusplus
}
#endif

#endif
