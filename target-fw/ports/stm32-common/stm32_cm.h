/* Cortex-M7/M33 core registers the STM32 ports use. Addresses from the
 * Armv7-M / Armv8-M Architecture Reference Manuals (the System Control
 * Space is the same on every core here), so no vendor header is needed. */
#ifndef HB_STM32_CM_H
#define HB_STM32_CM_H

#include <stdint.h>

#define HB_REG(addr) (*(volatile uint32_t*)(uintptr_t)(addr))

#define SCB_CPUID HB_REG(0xE000ED00u)
#define SCB_VTOR HB_REG(0xE000ED08u)
#define SCB_AIRCR HB_REG(0xE000ED0Cu)
#define SCB_CCR HB_REG(0xE000ED14u)
#define SCB_SHPR3 HB_REG(0xE000ED20u)
#define SCB_CPACR HB_REG(0xE000ED88u)
#define AIRCR_SYSRESETREQ ((0x05FAu << 16) | (1u << 2))
#define CCR_DC (1u << 16) /* Cortex-M7 L1 data cache enable */
#define CCR_IC (1u << 17) /* Cortex-M7 L1 instruction cache enable */

/* Cortex-M7 cache identification and maintenance */
#define SCB_CCSIDR HB_REG(0xE000ED80u)
#define SCB_CSSELR HB_REG(0xE000ED84u)
#define SCB_ICIALLU HB_REG(0xE000EF50u)
#define SCB_DCISW HB_REG(0xE000EF60u)

#define SYST_CSR HB_REG(0xE000E010u)
#define SYST_RVR HB_REG(0xE000E014u)
#define SYST_CVR HB_REG(0xE000E018u)
#define SYST_ENABLE_TICKINT_CORECLK 7u /* ENABLE | TICKINT | CLKSOURCE=processor */

#define NVIC_ISER(n) HB_REG(0xE000E100u + 4u * (n))
#define NVIC_ICPR(n) HB_REG(0xE000E280u + 4u * (n))
#define NVIC_IPR_BYTE(irq) (*(volatile uint8_t*)(uintptr_t)(0xE000E400u + (irq)))

#define DEMCR HB_REG(0xE000EDFCu)
#define DEMCR_TRCENA (1u << 24)
#define DWT_CTRL HB_REG(0xE0001000u)
#define DWT_CYCCNT HB_REG(0xE0001004u)
#define DWT_LAR HB_REG(0xE0001FB0u) /* Cortex-M7: the DWT ignores writes until unlocked */
#define DWT_CTRL_CYCCNTENA (1u << 0)
#define DWT_LAR_KEY 0xC5ACCE55u

static inline void hb_dsb_isb(void) { __asm__ volatile("dsb 0xF\n\tisb 0xF" ::: "memory"); }

static inline uint32_t hb_irq_save(void) {
  uint32_t primask;
  __asm__ volatile("mrs %0, primask\n\tcpsid i" : "=r"(primask)::"memory");
  return primask;
}

static inline void hb_irq_restore(uint32_t primask) { __asm__ volatile("msr primask, %0" ::"r"(primask) : "memory"); }

/* Busy-waits until (reg & mask) == want. Returns 0, or -1 after `spins`
 * reads: a clock or regulator that never gets ready must not hang the
 * board silently forever (the caller decides what to do). */
static inline int hb_wait_bits(volatile uint32_t* reg, uint32_t mask, uint32_t want, uint32_t spins) {
  while (spins--)
    if ((*reg & mask) == want) return 0;
  return -1;
}

#endif
