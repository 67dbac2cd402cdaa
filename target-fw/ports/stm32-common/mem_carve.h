/* Where an MCU port puts a model's activation arena and input slots.
 *
 * The linker gives each port a few RAM "pools" (sections .pool0, .pool1,
 * ...: whatever RAM the firmware's own .data/.bss/stack leave free, in the
 * board's order of preference). At start-up the port reads the plan's arena
 * size and input size and carves: the arena goes at the start of the first
 * pool it fits in, then as many input slots as fit (up to max_slots) go
 * back to back into the pool with room for the most of them.
 *
 * Header-only and C/C++ compatible: the firmware and the host's footprint
 * check (harness/board/footprint.cpp) run this same function, so the host
 * refuses exactly the models the firmware could not serve. */
#ifndef HB_MEM_CARVE_H
#define HB_MEM_CARVE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HB_CARVE_ALIGN 16u /* engine arena and slot alignment */

typedef struct {
  uint32_t start; /* address */
  uint32_t bytes;
} hb_pool;

typedef enum {
  HB_CARVE_OK = 0,
  HB_CARVE_NO_ARENA = 1, /* no pool holds the arena */
  HB_CARVE_NO_SLOT = 2,  /* the arena fits, but no pool has room for one input slot beside it */
} hb_carve_status;

typedef struct {
  int arena_pool; /* index, -1 if none */
  uint32_t arena_start, arena_bytes;
  int slot_pool; /* index, -1 if none */
  uint32_t slots_start, slot_bytes, n_slots;
} hb_carve;

static inline uint32_t hb_carve_align(uint32_t v) { return (v + (HB_CARVE_ALIGN - 1u)) & ~(HB_CARVE_ALIGN - 1u); }

static inline hb_carve_status hb_carve_run(const hb_pool* pools, int n_pools, uint32_t arena_bytes,
                                           uint32_t input_bytes, uint32_t max_slots, hb_carve* out) {
  out->arena_pool = out->slot_pool = -1;
  out->arena_start = out->slots_start = out->n_slots = 0;
  out->arena_bytes = hb_carve_align(arena_bytes ? arena_bytes : 1u);
  out->slot_bytes = hb_carve_align(input_bytes ? input_bytes : 1u);
  for (int i = 0; i < n_pools && out->arena_pool < 0; ++i) {
    const uint32_t start = hb_carve_align(pools[i].start);
    const uint32_t lost = start - pools[i].start;
    if (pools[i].bytes >= lost && pools[i].bytes - lost >= out->arena_bytes) {
      out->arena_pool = i;
      out->arena_start = start;
    }
  }
  if (out->arena_pool < 0) return HB_CARVE_NO_ARENA;
  for (int i = 0; i < n_pools; ++i) {
    uint32_t start = hb_carve_align(pools[i].start);
    if (i == out->arena_pool) start = out->arena_start + out->arena_bytes;
    const uint32_t end = pools[i].start + pools[i].bytes;
    if (start >= end) continue;
    uint32_t n = (end - start) / out->slot_bytes;
    if (n > max_slots) n = max_slots;
    if (n > out->n_slots) {
      out->n_slots = n;
      out->slot_pool = i;
      out->slots_start = start;
    }
  }
  return out->n_slots ? HB_CARVE_OK : HB_CARVE_NO_SLOT;
}

#ifdef __cplusplus
}
#endif

#endif
