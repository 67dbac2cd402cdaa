/* Independent watchdog (IWDG), the same block on STM32F7, H7 and U5: once
 * started it counts down on the LSI (~32 kHz) whatever the core does and
 * resets the chip at zero, so a board stuck in an op, a fault loop or a
 * dead clock comes back by itself and the host sees a fresh HELLO instead
 * of silence. Started at boot, refreshed from the main loop (idle, before
 * every inference); never stopped (the IWDG cannot be stopped but by reset). */
#ifndef HB_STM32_IWDG_H
#define HB_STM32_IWDG_H

#include <stdint.h>

/* Period: LSI 32 kHz / 256 = 125 Hz, reload 2047 -> 16.4 s. The slowest
 * whole inference of the bundled models is well under a second on every
 * board, and the refresh comes between inferences, so only a real hang
 * gets there. LSI varies by chip (RM0399/RM0410/RM0456 give 32 kHz typical,
 * roughly +-10%): the period stays between ~14 and ~18 s. */
#define HB_IWDG_PRESCALER_DIV256 6u /* IWDG_PR.PR = 6: /256 on F7, H7 and U5 */
#define HB_IWDG_RELOAD 2047u        /* IWDG_RLR.RL, 12 bits */

/* Starts the watchdog at `base` (0 = the board has none: no-op). */
void hb_iwdg_start(uintptr_t base);
/* Reloads the counter (no-op before hb_iwdg_start). */
void hb_iwdg_refresh(void);

#endif
