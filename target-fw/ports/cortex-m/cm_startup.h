/* Cortex-M start-up shared by the MCU ports: the reset handler (FPU on,
 * .data copied, .bss zeroed, vector table moved to RAM, main() called),
 * interrupt installation and the fault hook.
 *
 * The linker script (cm_sections.ld, included by each board's script)
 * provides _sidata/_sdata/_edata, _sbss/_ebss and _sstack/_estack. */
#ifndef HB_CM_STARTUP_H
#define HB_CM_STARTUP_H

#include <stdint.h>

typedef void (*cm_vector)(void);

/* Entries in the RAM vector table: 16 core exceptions + 240 interrupts,
 * more than any Cortex-M7/M33 part here has. */
#define CM_RAM_VECTORS 256u

/* External interrupt `irq` (NVIC number, vector 16 + irq) calls `fn`.
 * Install before enabling the interrupt. */
void cm_irq_install(uint32_t irq, cm_vector fn);
void cm_nvic_set_priority(uint32_t irq, uint8_t prio);
void cm_nvic_enable(uint32_t irq);
void cm_nvic_disable(uint32_t irq);

/* Called for faults, NMI and interrupts nobody installed, with the stacked
 * PC of the interrupted code and the exception number. The default spins;
 * a port overrides it to report (e.g. semihosting on QEMU). Never returns. */
void cm_on_fault(uint32_t exception, uint32_t pc, uint32_t cfsr, uint32_t hfsr) __attribute__((noreturn));

/* The stacked exception frame of the fault being handled (set before
 * cm_on_fault is called), for cm_fault_read. */
extern const uint32_t* volatile cm_fault_frame;

/* Fault status registers, for cm_on_fault. */
#define CM_SCB_CFSR (*(volatile uint32_t*)0xE000ED28u)
#define CM_SCB_HFSR (*(volatile uint32_t*)0xE000ED2Cu)

#endif
