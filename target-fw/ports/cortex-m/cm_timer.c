/* SysTick as a 64-bit counter, DWT CYCCNT detection and extension. */
#include "cm_timer.h"

#include "cm_regs.h"

#define SYST_RELOAD 0x00FFFFFFu
#define SYST_PERIOD (SYST_RELOAD + 1u)

/* Ticks counted up to the most recent wrap (or rephase). Written by the
 * SysTick handler and with interrupts off, so reads need no retry loop. */
static volatile uint64_t g_systick_base;

static volatile uint8_t g_dwt_on;
static volatile uint32_t g_cyc_hi, g_cyc_last;

void cm_systick_start(void) {
  CM_SYST_CSR = 0;
  CM_SYST_RVR = SYST_RELOAD;
  CM_SYST_CVR = 0;
  g_systick_base = 0;
  CM_SCB_SHPR3 &= 0x00FFFFFFu; /* SysTick priority 0 */
  CM_SYST_CSR = CM_SYST_CLKSOURCE | CM_SYST_TICKINT | CM_SYST_ENABLE;
}

/* The counter shows RELOAD .. 1 and then 0 for one tick each; reaching 0
 * pends the wrap interrupt. A write to CVR also leaves it at 0 until the
 * next tick (without an interrupt), so "0" always means "a period starts
 * here" and the ticks into the current period are PERIOD - value, or 0. */
static uint64_t systick_read_locked(void) {
  uint32_t v = CM_SYST_CVR;
  uint64_t base = g_systick_base;
  if (CM_SCB_ICSR & CM_ICSR_PENDSTSET) {
    /* Wrapped, handler not run yet (we hold interrupts off): count the
     * period here and read the value again, now after the wrap. */
    v = CM_SYST_CVR;
    base += SYST_PERIOD;
  }
  return base + (v ? (uint64_t)(SYST_PERIOD - v) : 0u);
}

uint64_t cm_systick_read(void) {
  uint32_t pm = cm_irq_save();
  uint64_t t = systick_read_locked();
  cm_irq_restore(pm);
  return t;
}

void cm_systick_rephase(void) {
  uint32_t pm = cm_irq_save();
  uint64_t now = systick_read_locked();
  CM_SYST_CVR = 0;
  CM_SCB_ICSR = 1u << 25; /* PENDSTCLR: a pending wrap is already in `now` */
  g_systick_base = now;
  cm_irq_restore(pm);
}

void cm_systick_pause(void) { CM_SYST_CSR &= ~CM_SYST_ENABLE; }

void cm_systick_resume(void) { CM_SYST_CSR |= CM_SYST_ENABLE; }

static uint64_t dwt_read_locked(void) {
  uint32_t now = CM_DWT_CYCCNT;
  if (now < g_cyc_last) g_cyc_hi = g_cyc_hi + 1u;
  g_cyc_last = now;
  return ((uint64_t)g_cyc_hi << 32) | now;
}

void SysTick_Handler(void) {
  g_systick_base += SYST_PERIOD;
  if (g_dwt_on) (void)dwt_read_locked(); /* observe CYCCNT well within each of its wraps */
}

int cm_dwt_start(void) {
  CM_DEMCR |= CM_DEMCR_TRCENA;
#if defined(__ARM_ARCH_7EM__)
  CM_DWT_LAR = CM_DWT_LAR_KEY; /* the M7's DWT ignores writes until unlocked */
#endif
  if (CM_DWT_CTRL & CM_DWT_CTRL_NOCYCCNT) return 0;
  CM_DWT_CTRL |= CM_DWT_CTRL_CYCCNTENA;
  uint32_t a = CM_DWT_CYCCNT;
  for (volatile int i = 0; i < 16; ++i) {
  }
  uint32_t b = CM_DWT_CYCCNT;
  if (a == b) return 0;
  uint32_t pm = cm_irq_save();
  g_cyc_hi = 0;
  g_cyc_last = b;
  g_dwt_on = 1;
  cm_irq_restore(pm);
  return 1;
}

uint64_t cm_dwt_read(void) {
  uint32_t pm = cm_irq_save();
  uint64_t t = dwt_read_locked();
  cm_irq_restore(pm);
  return t;
}
