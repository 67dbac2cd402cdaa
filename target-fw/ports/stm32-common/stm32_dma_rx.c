/* Circular DMA reception: USART side and ring consumer (stm32_dma_rx.h). */
#include "stm32_dma_rx.h"

#include "codec/frame.h"
#include "stm32_cm.h"
#include "stm32_usart.h"

_Static_assert(HB_DMA_RX_BYTES >= HB_STM32_RX_WINDOW * HBP_WIRE_MAX + 256u, "DMA ring smaller than a window of frames");
_Static_assert(HB_DMA_RX_BYTES <= 65535u, "DMA transfer counts are 16-bit");
_Static_assert(HB_DMA_RX_BYTES % 32u == 0u, "DMA ring not a whole number of cache lines");

/* USART registers (RM0399 50.7 / RM0410 34.8 / RM0456 68.8: same offsets). */
#define USART_CR1 0x00u
#define USART_CR3 0x08u
#define USART_ISR 0x1Cu
#define USART_ICR 0x20u
#define USART_RDR 0x24u
#define CR1_RXNEIE (1u << 5) /* CR1 bit 5: RXNE interrupt enable */
#define CR3_EIE (1u << 0)    /* CR3 bit 0: error interrupt enable (kept off) */
#define CR3_DMAR (1u << 6)   /* CR3 bit 6: DMA enable receiver */
#define ISR_ORE (1u << 3)    /* ISR bit 3: overrun; ICR bit 3 clears it */

/* NVIC interrupt clear-enable registers (Armv7-M ARM B3.4.4, Armv8-M the same). */
#define NVIC_ICER(n) HB_REG(0xE000E180u + 4u * (n))

static uintptr_t g_usart;
static uint8_t* g_buf;
static uint32_t g_tail;    /* next ring index to read */
static uint32_t g_seen;    /* DMA write index at the last look */
static uint32_t g_arrived; /* bytes ever written by the DMA (wraps) */
static uint32_t g_overruns;

#define USART(off) HB_REG(g_usart + (off))

#if defined(__ARM_ARCH_7EM__)
/* Cortex-M7 data cache: lines the DMA wrote may be stale in the cache.
 * DCIMVAC invalidates one line by address (Armv7-M ARM B2.2.7); the CPU
 * never writes the ring, so nothing dirty is lost. */
#define SCB_DCIMVAC HB_REG(0xE000EF5Cu)
static void invalidate(const uint8_t* p, uint32_t n) {
  uintptr_t a = (uintptr_t)p & ~(uintptr_t)31u;
  const uintptr_t end = (uintptr_t)p + n;
  hb_dsb_isb();
  for (; a < end; a += 32u) SCB_DCIMVAC = (uint32_t)a;
  hb_dsb_isb();
}
#else
static void invalidate(const uint8_t* p, uint32_t n) { /* Cortex-M33 here: no data cache on SRAM */
  (void)p;
  (void)n;
}
#endif

/* Brings g_seen/g_arrived up to the DMA's write position. Called around
 * every timed run and on every read, far more often than a ring's worth of
 * bytes can arrive (the host's window bounds what it sends unacknowledged). */
static uint32_t update(void) {
  const uint32_t left = hb_chip_dma_rx_remaining();
  const uint32_t w = left == 0u || left > HB_DMA_RX_BYTES ? 0u : HB_DMA_RX_BYTES - left;
  g_arrived += (w - g_seen + HB_DMA_RX_BYTES) % HB_DMA_RX_BYTES;
  g_seen = w;
  const uint32_t isr = USART(USART_ISR);
  if (isr & ISR_ORE) {
    USART(USART_ICR) = ISR_ORE;
    g_overruns++;
  }
  return w;
}

void hb_dma_rx_init(uintptr_t usart_base, uint32_t usart_irq) {
  g_usart = usart_base;
  g_buf = hb_chip_dma_rx_buffer();
  /* RX interrupt off at the NVIC and in the USART: bytes only go by DMA. */
  NVIC_ICER(usart_irq / 32u) = 1u << (usart_irq % 32u);
  USART(USART_CR1) &= ~CR1_RXNEIE;
  USART(USART_CR3) = (USART(USART_CR3) & ~CR3_EIE) | CR3_DMAR;
  USART(USART_ICR) = ISR_ORE;
  hb_chip_dma_rx_start((uint32_t)(usart_base + USART_RDR), g_buf, HB_DMA_RX_BYTES);
  g_tail = g_seen = g_arrived = 0;
}

uint32_t hb_dma_rx_pending(void) {
  const uint32_t w = update();
  return (w - g_tail + HB_DMA_RX_BYTES) % HB_DMA_RX_BYTES;
}

size_t hb_dma_rx_read(uint8_t* buf, size_t max) {
  const uint32_t w = update();
  size_t n = 0;
  while (n < max && g_tail != w) {
    const uint32_t run_end = w > g_tail ? w : HB_DMA_RX_BYTES;
    uint32_t k = run_end - g_tail;
    if (k > max - n) k = (uint32_t)(max - n);
    invalidate(g_buf + g_tail, k);
    for (uint32_t i = 0; i < k; ++i) buf[n + i] = g_buf[g_tail + i];
    n += k;
    g_tail = (g_tail + k) % HB_DMA_RX_BYTES;
  }
  return n;
}

void hb_dma_rx_counts(uint32_t* arrived, uint32_t* dropped) {
  (void)update();
  *arrived = g_arrived + g_overruns;
  *dropped = g_overruns;
}
