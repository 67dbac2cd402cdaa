/* Cortex-M7 instruction and data caches (H747, F769). */
#ifndef HB_CM7_CACHE_H
#define HB_CM7_CACHE_H

void hb_cm7_caches_on(void);

#endif
