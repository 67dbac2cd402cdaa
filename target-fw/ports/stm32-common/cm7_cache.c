/* Cortex-M7 L1 caches on (Armv7-M ARM B2.2.7 / Cortex-M7 TRM "L1 cache"):
 * invalidate, then enable. Nothing here moves data by DMA, so no cache
 * maintenance is needed afterwards. */
#include "cm7_cache.h"

#include "stm32_cm.h"

void hb_cm7_caches_on(void) {
  hb_dsb_isb();
  SCB_ICIALLU = 0;
  hb_dsb_isb();
  SCB_CCR |= CCR_IC;
  hb_dsb_isb();

  /* Data cache: invalidate every line by set/way (its contents are random
   * after reset), then enable. Geometry from CCSIDR of the L1 data cache. */
  SCB_CSSELR = 0;
  hb_dsb_isb();
  const uint32_t ccsidr = SCB_CCSIDR;
  const uint32_t sets = ((ccsidr >> 13) & 0x7FFFu) + 1u;
  const uint32_t ways = ((ccsidr >> 3) & 0x3FFu) + 1u;
  const uint32_t line_shift = (ccsidr & 7u) + 4u; /* log2(line bytes) */
  const uint32_t way_shift = ways > 1u ? (uint32_t)__builtin_clz(ways - 1u) : 0u;
  for (uint32_t s = 0; s < sets; ++s)
    for (uint32_t w = 0; w < ways; ++w) SCB_DCISW = (s << line_shift) | (w << way_shift);
  hb_dsb_isb();
  SCB_CCR |= CCR_DC;
  hb_dsb_isb();
}
