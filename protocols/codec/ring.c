#include "codec/ring.h"

hbp_status hbp_ring_init(hbp_ring* r, uint8_t* buf, uint32_t cap) {
  if (!r || !buf || cap < 2 || (cap & (cap - 1u)) != 0) return HBP_ERR_ARG;
  r->buf = buf;
  r->mask = cap - 1u;
  r->head = 0;
  r->tail = 0;
  r->total = 0;
  r->dropped = 0;
  return HBP_OK;
}

int hbp_ring_put(hbp_ring* r, uint8_t byte) {
  uint32_t head = r->head;
  r->total++;
  if (head - r->tail > r->mask) {
    r->dropped++;
    return 0;
  }
  /* buf is volatile, so the byte store is not moved after the head update. */
  r->buf[head & r->mask] = byte;
  r->head = head + 1u;
  return 1;
}

int hbp_ring_get(hbp_ring* r, uint8_t* byte) {
  uint32_t tail = r->tail;
  if (r->head == tail) return 0;
  *byte = r->buf[tail & r->mask];
  r->tail = tail + 1u;
  return 1;
}

uint32_t hbp_ring_count(const hbp_ring* r) { return r->head - r->tail; }
