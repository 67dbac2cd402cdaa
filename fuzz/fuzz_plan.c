/* The plan validator and the engine: any bytes as a plan, with the header
 * CRC recomputed so mutations reach every check behind it. A plan that
 * opens runs once over a zeroed arena (capped size); ASan/UBSan flag any read
 * outside the blob or undefined arithmetic the validator let through. */
#include <stdlib.h>
#include <string.h>

#include "nn/engine.h"

#define ARENA_MAX (256u << 10)

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (8u << 20)) return 0;
  /* An exact-size, 16-aligned copy: ASan sees any byte read past the end. */
  const size_t cap = (size + 15u) & ~(size_t)15u;
  uint8_t* blob = aligned_alloc(16, cap ? cap : 16);
  if (!blob) return 0;
  memcpy(blob, data, size);
  if (size >= sizeof(hb_plan_header)) {
    hb_plan_header* h = (hb_plan_header*)(void*)blob;
    if (h->total_bytes >= sizeof(hb_plan_header) && h->total_bytes <= size)
      h->crc32 = hb_plan_crc(blob, h->total_bytes);
  }
  hb_plan p;
  if (hb_plan_open(&p, blob, (uint32_t)size) == HB_OK && p.hdr->arena_bytes <= ARENA_MAX) {
    uint8_t* arena = aligned_alloc(16, p.hdr->arena_bytes ? ((p.hdr->arena_bytes + 15u) & ~15u) : 16u);
    if (arena) {
      memset(arena, 0, p.hdr->arena_bytes);
      (void)hb_run(&p, arena, p.hdr->arena_bytes, 0, 0);
      free(arena);
    }
  }
  free(blob);
  return 0;
}
