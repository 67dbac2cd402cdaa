/* Arm CMSDK APB UART (MPS2 FPGA images, QEMU mps2-*): polling transmit,
 * interrupt-driven receive into an hbp_ring.
 * Registers (CMSDK technical reference, DDI 0479): DATA 0x00, STATE 0x04,
 * CTRL 0x08, INTSTATUS/INTCLEAR 0x0C, BAUDDIV 0x10. One byte of holding
 * register each way, no FIFO. */
#ifndef HB_CMSDK_UART_H
#define HB_CMSDK_UART_H

#include <stddef.h>
#include <stdint.h>

#include "codec/ring.h"

typedef struct {
  uintptr_t base;
  hbp_ring* rx;
  volatile uint32_t overruns; /* bytes the hardware lost (RX overrun) */
} cmsdk_uart;

/* Enables TX, RX and the RX interrupt (the caller enables it in the NVIC)
 * and moves a byte that arrived before that into the ring. bauddiv =
 * PCLK / baud, >= 16 (QEMU's model refuses to move bytes below 16). */
void cmsdk_uart_init(cmsdk_uart* u, uintptr_t base, uint32_t bauddiv, hbp_ring* rx);

/* Blocks until every byte is in the transmit holding register. */
void cmsdk_uart_write(cmsdk_uart* u, const uint8_t* bytes, size_t n);

/* Body of the RX interrupt handler. */
void cmsdk_uart_rx_isr(cmsdk_uart* u);

#endif
