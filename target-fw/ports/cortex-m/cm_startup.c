/* Reset handler, vector tables and fault entry for Cortex-M7/M33 ports. */
#include "cm_startup.h"

#include <string.h>

#include "cm_regs.h"

int main(void);

extern uint32_t _sidata[], _sdata[], _edata[], _sbss[], _ebss[], _sstack[], _estack[];

void Reset_Handler(void);
void cm_fault_entry(void);
void SVC_Handler(void) __attribute__((weak, alias("cm_fault_entry")));
void PendSV_Handler(void) __attribute__((weak, alias("cm_fault_entry")));
void SysTick_Handler(void) __attribute__((weak, alias("cm_fault_entry")));

/* What the core fetches at reset: the initial stack pointer and the reset
 * handler, plus the core exceptions until VTOR points at the RAM copy.
 * Entry 7 is SecureFault on Armv8-M, reserved on Armv7-M. */
__attribute__((section(".vectors"), used)) const cm_vector cm_flash_vectors[16] = {
    (cm_vector)(uintptr_t)_estack,
    Reset_Handler,
    cm_fault_entry, /* NMI */
    cm_fault_entry, /* HardFault */
    cm_fault_entry, /* MemManage */
    cm_fault_entry, /* BusFault */
    cm_fault_entry, /* UsageFault */
    cm_fault_entry, /* SecureFault */
    0,
    0,
    0,
    SVC_Handler,
    cm_fault_entry, /* DebugMonitor */
    0,
    PendSV_Handler,
    SysTick_Handler,
};

/* Interrupt handlers are installed at run time (cm_irq_install) so each
 * port names only the interrupts it uses and no board needs its own table.
 * VTOR needs the table aligned to its size rounded up to a power of two. */
static cm_vector g_ram_vectors[CM_RAM_VECTORS] __attribute__((aligned(4 * CM_RAM_VECTORS)));

/* no-tree-loop-distribute-patterns: keeps GCC from turning the loops below
 * into memcpy/memset calls, so nothing outside this file runs before .data
 * and .bss are in place. */
__attribute__((optimize("no-tree-loop-distribute-patterns"))) void Reset_Handler(void) {
  /* FPU access first: the compiler may use FP registers in any C code. */
#if defined(__ARM_FP)
  CM_SCB_CPACR |= CM_CPACR_CP10_CP11_FULL;
  cm_dsb_isb();
#endif
#if defined(__ARM_ARCH_8M_MAIN__)
  /* Stack overflow becomes a UsageFault instead of silent corruption. */
  __asm__ volatile("msr msplim, %0" ::"r"(_sstack));
#endif
  for (uint32_t *src = _sidata, *dst = _sdata; dst < _edata;) *dst++ = *src++;
  for (uint32_t* dst = _sbss; dst < _ebss;) *dst++ = 0;

  for (uint32_t i = 0; i < 16u; ++i) g_ram_vectors[i] = cm_flash_vectors[i];
  for (uint32_t i = 16u; i < CM_RAM_VECTORS; ++i) g_ram_vectors[i] = cm_fault_entry;
  CM_SCB_VTOR = (uint32_t)(uintptr_t)g_ram_vectors;
  cm_dsb_isb();

  (void)main();
  for (;;) __asm__ volatile("wfi");
}

void cm_irq_install(uint32_t irq, cm_vector fn) {
  if (16u + irq < CM_RAM_VECTORS) g_ram_vectors[16u + irq] = fn;
  cm_dsb_isb();
}

void cm_nvic_set_priority(uint32_t irq, uint8_t prio) { CM_NVIC_IPR_BYTE(irq) = prio; }

void cm_nvic_enable(uint32_t irq) {
  CM_NVIC_ICPR(irq / 32u) = 1u << (irq % 32u);
  CM_NVIC_ISER(irq / 32u) = 1u << (irq % 32u);
}

void cm_nvic_disable(uint32_t irq) {
  CM_NVIC_ICER(irq / 32u) = 1u << (irq % 32u);
  cm_dsb_isb();
}

/* The stacked frame is on MSP or PSP depending on EXC_RETURN bit 2;
 * frame[6] is the PC of the code that was interrupted. */
const uint32_t* volatile cm_fault_frame;

void cm_fault_report(const uint32_t* frame);
void cm_fault_report(const uint32_t* frame) {
  cm_fault_frame = frame; /* for cm_on_fault's full report (cm_fault.h) */
  uint32_t ipsr;
  __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
  cm_on_fault(ipsr & 0x1FFu, frame[6], CM_SCB_CFSR, CM_SCB_HFSR);
}

__attribute__((naked)) void cm_fault_entry(void) {
  __asm__ volatile(
      "tst lr, #4\n\t"
      "ite eq\n\t"
      "mrseq r0, msp\n\t"
      "mrsne r0, psp\n\t"
      "b cm_fault_report\n\t");
}

__attribute__((weak, noreturn)) void cm_on_fault(uint32_t exception, uint32_t pc, uint32_t cfsr, uint32_t hfsr) {
  (void)exception;
  (void)pc;
  (void)cfsr;
  (void)hfsr;
  for (;;) {
  }
}
