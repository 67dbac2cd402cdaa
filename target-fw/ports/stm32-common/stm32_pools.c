/* hb_board_pools from the linker's pool symbols. A port whose script has
 * more pools than .pool0 defines HB_POOLS (2 or 3) when it builds this. */
#include <stdint.h>

#include "stm32_board.h"

#ifndef HB_POOLS
#define HB_POOLS 1
#endif

extern uint8_t __pool0_start[], __pool0_end[];
#if HB_POOLS > 1
extern uint8_t __pool1_start[], __pool1_end[];
#endif
#if HB_POOLS > 2
extern uint8_t __pool2_start[], __pool2_end[];
#endif

static void put(hb_pool* p, const uint8_t* s, const uint8_t* e) {
  p->start = (uint32_t)(uintptr_t)s;
  p->bytes = (uint32_t)(e - s);
}

int hb_board_pools(hb_pool* out, int max) {
  int n = 0;
  if (n < max) put(&out[n++], __pool0_start, __pool0_end);
#if HB_POOLS > 1
  if (n < max) put(&out[n++], __pool1_start, __pool1_end);
#endif
#if HB_POOLS > 2
  if (n < max) put(&out[n++], __pool2_start, __pool2_end);
#endif
  return n;
}
