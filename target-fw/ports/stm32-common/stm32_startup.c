/* Vector table and reset handler of the STM32 ports. The port's build sets
 * HB_NUM_IRQS (interrupt lines of the chip) and HB_USART_IRQN (the VCP
 * USART's line); every other interrupt is never enabled and lands in
 * hb_fault. Symbols from stm32_sections.ld. */
#include <stdint.h>

#include "stm32_board.h"
#include "stm32_cm.h"
#include "stm32_usart.h"

#if !defined(HB_NUM_IRQS) || !defined(HB_USART_IRQN)
#error "the port's build must define HB_NUM_IRQS and HB_USART_IRQN"
#endif

typedef void (*hb_vector)(void);

int main(void);
void Reset_Handler(void);
void SysTick_Handler(void); /* stm32_port.c */
void hb_fault(void);
void hb_fault_entry(void); /* stm32_fault.c: report over the USART, then reset */

extern uint32_t _sidata[], _sdata[], _edata[], _sbss[], _ebss[], _estack[];

/* NMI and stray interrupts stop here (a debugger shows where from); the
 * watchdog (stm32_iwdg.h) resets the board after its period. */
void hb_fault(void) {
  for (;;) {
  }
}

__attribute__((section(".isr_vector"), used)) const hb_vector hb_vectors[16 + HB_NUM_IRQS] = {
    [0] = (hb_vector)(uintptr_t)_estack,
    [1] = Reset_Handler,
    [2] = hb_fault,             /* NMI */
    [3 ... 7] = hb_fault_entry, /* HardFault, MemManage, BusFault, UsageFault, SecureFault */
    [8 ... 10] = hb_fault,      /* reserved */
    [11] = 0,                   /* SVCall: unused */
    [12] = hb_fault,            /* DebugMonitor */
    [13] = 0,
    [14] = 0, /* PendSV: unused */
    [15] = SysTick_Handler,
    [16 ...(16 + HB_USART_IRQN - 1)] = hb_fault,
    [16 + HB_USART_IRQN] = hb_usart_irq,
    [(16 + HB_USART_IRQN + 1)...(16 + HB_NUM_IRQS - 1)] = hb_fault,
};

/* no-tree-loop-distribute-patterns: GCC must not turn the copy loops into
 * memcpy/memset calls before .data exists. */
__attribute__((optimize("no-tree-loop-distribute-patterns"), noreturn)) void Reset_Handler(void) {
#if defined(__ARM_FP)
  /* FPU first: compiled C may use FP registers anywhere, even in copies. */
  SCB_CPACR |= 0xFu << 20;
  hb_dsb_isb();
#endif
  SCB_VTOR = (uint32_t)(uintptr_t)hb_vectors;
  hb_board_early();
  for (uint32_t *src = _sidata, *dst = _sdata; dst < _edata;) *dst++ = *src++;
  for (uint32_t* dst = _sbss; dst < _ebss;) *dst++ = 0;
  /* Pools (arena and slots) zeroed once with 64-bit stores, before any
   * cache: the H747's SRAMs check ECC over 64-bit words, and a narrower
   * write (or a cache line fill) to never-written RAM reads garbage ECC. */
  hb_pool pools[4];
  const int n = hb_board_pools(pools, 4);
  for (int i = 0; i < n; ++i) {
    const uint32_t start = (pools[i].start + 7u) & ~7u, end = (pools[i].start + pools[i].bytes) & ~7u;
    for (volatile uint64_t* p = (volatile uint64_t*)(uintptr_t)start; (uintptr_t)p < end;) *p++ = 0;
  }
  hb_dsb_isb();
  (void)main();
  for (;;) {
  }
}
