/* HardFault (and MemManage/BusFault/UsageFault/SecureFault, which escalate
 * to it unless enabled in SHCSR) on the STM32 boards: tell the host what
 * crashed, then reset. The report is one protocol ERROR frame (cm_fault.h)
 * sent by polling the VCP USART, so it works with interrupts masked and
 * whatever state the app was in; then SCB AIRCR SYSRESETREQ (Armv7-M ARM
 * B3.2.6, Armv8-M ARM D1.2.3: write VECTKEY 0x05FA with SYSRESETREQ bit 2).
 * If even that fails, the IWDG resets the chip. */
#include <stdint.h>

#include "cm_fault.h"
#include "stm32_cm.h"
#include "stm32_usart.h"

void hb_fault_entry(void);
void hb_fault_report(const uint32_t* frame) __attribute__((noreturn, used));

void hb_fault_report(const uint32_t* frame) {
  static cm_fault_info f; /* static: the fault may have left little stack */
  static uint8_t wire[320];
  cm_fault_read(frame, &f);
  if (hb_usart_ready()) { /* a fault during bring-up just resets */
    const size_t n = cm_fault_error_frame(&f, wire, sizeof wire);
    static const uint8_t delimiter = 0;
    hb_usart_write(&delimiter, 1); /* ends any frame the fault cut short */
    if (n) hb_usart_write(wire, n);
    hb_usart_drain();
  }
  SCB_AIRCR = AIRCR_SYSRESETREQ;
  hb_dsb_isb();
  for (;;) {
  }
}

/* EXC_RETURN bit 2 says which stack holds the exception frame. */
__attribute__((naked)) void hb_fault_entry(void) {
  __asm__ volatile(
      "tst lr, #4\n\t"
      "ite eq\n\t"
      "mrseq r0, msp\n\t"
      "mrsne r0, psp\n\t"
      "b hb_fault_report\n\t");
}
