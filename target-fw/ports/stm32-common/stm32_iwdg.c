/* IWDG registers (RM0410 F76x section 25.4, RM0399 H747 section 47.4 (IWDG1),
 * RM0456 U585 section 60.4; one layout on all three):
 *   KR  +0x00  key: 0xCCCC starts, 0xAAAA reloads, 0x5555 unlocks PR/RLR
 *   PR  +0x04  prescaler: 0 -> /4 ... 6 -> /256
 *   RLR +0x08  reload value, 12 bits
 *   SR  +0x0C  PVU bit 0, RVU bit 1: a PR/RLR update still in progress
 * Starting the IWDG forces the LSI on (no RCC enable needed on these chips). */
#include "stm32_iwdg.h"

#include "stm32_cm.h"

#define IWDG_KR 0x00u
#define IWDG_PR 0x04u
#define IWDG_RLR 0x08u
#define IWDG_SR 0x0Cu
#define KR_START 0xCCCCu
#define KR_RELOAD 0xAAAAu
#define KR_UNLOCK 0x5555u
#define SR_UPDATING 0x3u /* PVU | RVU */

static uintptr_t g_iwdg;

void hb_iwdg_start(uintptr_t base) {
  if (!base) return;
  HB_REG(base + IWDG_KR) = KR_START;
  HB_REG(base + IWDG_KR) = KR_UNLOCK;
  HB_REG(base + IWDG_PR) = HB_IWDG_PRESCALER_DIV256;
  HB_REG(base + IWDG_RLR) = HB_IWDG_RELOAD;
  /* The new values cross into the LSI domain over a few LSI periods (a
   * few hundred microseconds); bounded, so a dead LSI cannot hang boot. */
  (void)hb_wait_bits((volatile uint32_t*)(base + IWDG_SR), SR_UPDATING, 0u, 1000000u);
  HB_REG(base + IWDG_KR) = KR_RELOAD;
  g_iwdg = base;
}

void hb_iwdg_refresh(void) {
  if (g_iwdg) HB_REG(g_iwdg + IWDG_KR) = KR_RELOAD;
}
