/* USART driver (RM0399 / RM0410 / RM0456 "USART registers": the offsets and
 * flag bits used here are common to the three families). */
#include "stm32_usart.h"

#include "codec/frame.h"
#include "codec/ring.h"
#include "stm32_cm.h"

_Static_assert(HB_STM32_RX_DMA || HB_STM32_RX_RING >= HB_STM32_RX_WINDOW * HBP_WIRE_MAX + 256u,
               "RX ring smaller than a window of frames");

#define USART_CR1 0x00u
#define USART_CR2 0x04u
#define USART_CR3 0x08u
#define USART_BRR 0x0Cu
#define USART_ISR 0x1Cu
#define USART_ICR 0x20u
#define USART_RDR 0x24u
#define USART_TDR 0x28u

#define CR1_UE (1u << 0)
#define CR1_RE (1u << 2)
#define CR1_TE (1u << 3)
#define CR1_RXNEIE (1u << 5)

#define ISR_ERRORS 0x0Fu /* PE, FE, NE, ORE: cleared by the same bits in ICR */
#define ISR_ORE (1u << 3)
#define ISR_RXNE (1u << 5)
#define ISR_TC (1u << 6)
#define ISR_TXE (1u << 7)

static uintptr_t g_base;
static hbp_ring g_ring;
static uint8_t g_ring_buf[HB_STM32_RX_RING];
/* Bytes the hardware lost (overrun: a byte arrived before the last was
 * read). Counted as arrived and dropped, like a full ring. */
static volatile uint32_t g_overruns;

#define REG(off) HB_REG(g_base + (off))

void hb_usart_init(uintptr_t base, uint32_t kernel_hz, uint32_t baud, uint32_t irq) {
  g_base = base;
  (void)hbp_ring_init(&g_ring, g_ring_buf, HB_STM32_RX_RING);
  REG(USART_CR1) = 0; /* BRR and the frame format are written with UE off */
  REG(USART_CR2) = 0;
  REG(USART_CR3) = 0;
  /* 16x oversampling: BRR = kernel clock / baud, rounded to nearest. */
  REG(USART_BRR) = (kernel_hz + baud / 2u) / baud;
  REG(USART_ICR) = ISR_ERRORS;
  REG(USART_CR1) = CR1_RXNEIE | CR1_TE | CR1_RE | CR1_UE;
  NVIC_IPR_BYTE(irq) = 0x40; /* above SysTick (0xF0): a byte must never wait for the tick */
  NVIC_ICPR(irq / 32u) = 1u << (irq % 32u);
  NVIC_ISER(irq / 32u) = 1u << (irq % 32u);
}

void hb_usart_irq(void) {
  const uint32_t isr = REG(USART_ISR);
  if (isr & ISR_ERRORS) {
    REG(USART_ICR) = isr & ISR_ERRORS;
    if (isr & ISR_ORE) g_overruns = g_overruns + 1u;
  }
  if (isr & ISR_RXNE) (void)hbp_ring_put(&g_ring, (uint8_t)REG(USART_RDR));
}

void hb_usart_write(const uint8_t* bytes, size_t n) {
  while (n--) {
    while (!(REG(USART_ISR) & ISR_TXE)) {
    }
    REG(USART_TDR) = *bytes++;
  }
}

size_t hb_usart_read(uint8_t* buf, size_t max) {
  size_t n = 0;
  while (n < max && hbp_ring_get(&g_ring, &buf[n])) ++n;
  return n;
}

uint32_t hb_usart_pending(void) { return hbp_ring_count(&g_ring); }

void hb_usart_counts(uint32_t* arrived, uint32_t* dropped) {
  const uint32_t lost = g_overruns;
  *arrived = g_ring.total + lost;
  *dropped = g_ring.dropped + lost;
}

int hb_usart_ready(void) { return g_base != 0u; }

void hb_usart_drain(void) {
  while (!(REG(USART_ISR) & ISR_TC)) {
  }
}

int hb_usart_set_baud(uint32_t kernel_hz, uint32_t baud) {
  if (baud == 0u) return -1;
  const uint32_t brr = (kernel_hz + baud / 2u) / baud;
  if (brr < 16u || brr > 0xFFFFu) return -1;
  const uint32_t actual = kernel_hz / brr;
  const uint32_t err = actual > baud ? actual - baud : baud - actual;
  if ((uint64_t)err * 50u > baud) return -1; /* more than 2 % off: the far end would see framing errors */
  hb_usart_drain();
  const uint32_t cr1 = REG(USART_CR1);
  REG(USART_CR1) = cr1 & ~CR1_UE;
  REG(USART_BRR) = brr;
  REG(USART_CR1) = cr1; /* CR3 (DMAR) is kept: DMA reception goes on */
  return 0;
}
