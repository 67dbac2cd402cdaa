/* Armv7-M / Armv8-M core registers the ports use (System Control Space).
 * Addresses from the Armv7-M and Armv8-M Architecture Reference Manuals;
 * the same on every Cortex-M3/M4/M7/M33, so no vendor headers are needed.
 * Armv8-M with the Security Extension banks SCB/SysTick/NVIC: code running
 * Secure (QEMU's mps2-an505 boots Secure) sees the Secure copy here. */
#ifndef HB_CM_REGS_H
#define HB_CM_REGS_H

#include <stdint.h>

#define CM_REG(addr) (*(volatile uint32_t*)(uintptr_t)(addr))

/* System control block */
#define CM_SCB_CPUID CM_REG(0xE000ED00u)
#define CM_SCB_ICSR CM_REG(0xE000ED04u)
#define CM_SCB_VTOR CM_REG(0xE000ED08u)
#define CM_SCB_AIRCR CM_REG(0xE000ED0Cu)
#define CM_SCB_SHPR3 CM_REG(0xE000ED20u)
#define CM_SCB_CPACR CM_REG(0xE000ED88u)

#define CM_ICSR_PENDSTSET (1u << 26)
#define CM_AIRCR_VECTKEY (0x05FAu << 16)
#define CM_AIRCR_SYSRESETREQ (1u << 2)
#define CM_CPACR_CP10_CP11_FULL (0xFu << 20)

/* SysTick */
#define CM_SYST_CSR CM_REG(0xE000E010u)
#define CM_SYST_RVR CM_REG(0xE000E014u)
#define CM_SYST_CVR CM_REG(0xE000E018u)

#define CM_SYST_ENABLE (1u << 0)
#define CM_SYST_TICKINT (1u << 1)
#define CM_SYST_CLKSOURCE (1u << 2) /* 1 = processor clock */

/* NVIC: 32 interrupts per register */
#define CM_NVIC_ISER(n) CM_REG(0xE000E100u + 4u * (n))
#define CM_NVIC_ICER(n) CM_REG(0xE000E180u + 4u * (n))
#define CM_NVIC_ICPR(n) CM_REG(0xE000E280u + 4u * (n))
#define CM_NVIC_IPR_BYTE(irq) (*(volatile uint8_t*)(uintptr_t)(0xE000E400u + (irq)))

/* Debug: DEMCR.TRCENA powers the DWT; CYCCNT counts core cycles where implemented */
#define CM_DEMCR CM_REG(0xE000EDFCu)
#define CM_DEMCR_TRCENA (1u << 24)
#define CM_DWT_CTRL CM_REG(0xE0001000u)
#define CM_DWT_CYCCNT CM_REG(0xE0001004u)
#define CM_DWT_LAR CM_REG(0xE0001FB0u) /* Cortex-M7 only: software lock */
#define CM_DWT_CTRL_CYCCNTENA (1u << 0)
#define CM_DWT_CTRL_NOCYCCNT (1u << 25)
#define CM_DWT_LAR_KEY 0xC5ACCE55u

static inline uint32_t cm_irq_save(void) {
  uint32_t primask;
  __asm__ volatile("mrs %0, primask\n\tcpsid i" : "=r"(primask)::"memory");
  return primask;
}

static inline void cm_irq_restore(uint32_t primask) { __asm__ volatile("msr primask, %0" ::"r"(primask) : "memory"); }

static inline void cm_irq_enable(void) { __asm__ volatile("cpsie i" ::: "memory"); }

static inline void cm_dsb_isb(void) { __asm__ volatile("dsb\n\tisb" ::: "memory"); }

#endif
