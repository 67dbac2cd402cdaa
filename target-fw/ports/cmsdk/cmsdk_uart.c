#include "cmsdk_uart.h"

#define REG(u, off) (*(volatile uint32_t*)((u)->base + (off)))
#define DATA 0x00u
#define STATE 0x04u
#define CTRL 0x08u
#define INTSTATUS 0x0Cu /* write: INTCLEAR */
#define BAUDDIV 0x10u

#define STATE_TX_FULL (1u << 0)
#define STATE_RX_FULL (1u << 1)
#define STATE_RX_OVERRUN (1u << 3)
#define CTRL_TX_EN (1u << 0)
#define CTRL_RX_EN (1u << 1)
#define CTRL_RX_IRQ_EN (1u << 3)
#define INT_RX (1u << 1)
#define INT_ALL 0xFu

static void drain(cmsdk_uart* u) {
  uint32_t st;
  while ((st = REG(u, STATE)) & (STATE_RX_FULL | STATE_RX_OVERRUN)) {
    if (st & STATE_RX_OVERRUN) {
      REG(u, STATE) = STATE_RX_OVERRUN; /* write 1 to clear */
      u->overruns = u->overruns + 1u;
    }
    if (st & STATE_RX_FULL) (void)hbp_ring_put(u->rx, (uint8_t)REG(u, DATA));
  }
}

void cmsdk_uart_init(cmsdk_uart* u, uintptr_t base, uint32_t bauddiv, hbp_ring* rx) {
  u->base = base;
  u->rx = rx;
  u->overruns = 0;
  REG(u, CTRL) = 0;
  REG(u, BAUDDIV) = bauddiv < 16u ? 16u : bauddiv;
  REG(u, INTSTATUS) = INT_ALL;
  REG(u, CTRL) = CTRL_TX_EN | CTRL_RX_EN | CTRL_RX_IRQ_EN;
  /* The RX interrupt is raised when a byte arrives, not while one waits:
   * one that came before the enable would otherwise sit there forever. */
  drain(u);
}

void cmsdk_uart_write(cmsdk_uart* u, const uint8_t* bytes, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    while (REG(u, STATE) & STATE_TX_FULL) {
    }
    REG(u, DATA) = bytes[i];
  }
}

void cmsdk_uart_rx_isr(cmsdk_uart* u) {
  /* Clear before draining: a byte that lands after the clear raises the
   * interrupt again instead of waiting unseen for the next one. */
  REG(u, INTSTATUS) = INT_RX;
  drain(u);
}
