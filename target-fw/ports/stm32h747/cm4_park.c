/* The STM32H747's Cortex-M4 boots by default from 0x08100000 (bank 2)
 * alongside the M7. This image is M7-only: bank 2's first sector gets a
 * vector table that parks the M4 in a WFI loop, so it never executes what
 * else is in bank 2 (the model plan). The loop lives in the same sector;
 * its Thumb encoding is valid on both cores. The M4 takes no exception
 * here (nothing enables one); its stack is the top of SRAM4, which the M7
 * image does not use. */
#include <stdint.h>

typedef void (*hb_vector)(void);

__attribute__((naked, noreturn, section(".cm4_park.text"))) static void cm4_park(void) {
  __asm__ volatile(
      "1: wfi\n\t"
      "b 1b\n\t");
}

__attribute__((section(".cm4_park.vectors"), used)) static const hb_vector hb_cm4_vectors[16] = {
    (hb_vector)(uintptr_t)0x38010000u, /* SRAM4 end */
    cm4_park,                          /* reset */
    cm4_park,                          /* NMI */
    cm4_park,                          /* HardFault */
    cm4_park,
    cm4_park,
    cm4_park,
    0,
    0,
    0,
    0,
    cm4_park,
    cm4_park,
    0,
    cm4_park,
    cm4_park,
};
