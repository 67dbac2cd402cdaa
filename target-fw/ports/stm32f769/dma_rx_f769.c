/* STM32F769 USART1 RX by DMA (RM0410): DMA2 stream 5, channel 4 (RM0410
 * 8.3.4 table 28, "DMA2 request mapping": USART1_RX is on stream 2 and
 * stream 5, channel 4). DMA2 reaches the DTCM and SRAM1 where .bss is
 * (through the Cortex-M7 AHBS port, RM0410 2.1.9). Not yet run on silicon. */
#include <stdint.h>

#include "stm32_cm.h"
#include "stm32_dma_rx.h"

/* RCC_AHB1ENR (RM0410 5.3.10, 0x40023800 + 0x30): DMA2EN is bit 22. */
#define RCC_AHB1ENR HB_REG(0x40023830u)
#define AHB1ENR_DMA2EN (1u << 22)

/* DMA2 at 0x40026400 (RM0410 2.2.2). Stream x registers at 0x10 + 0x18 * x
 * (RM0410 8.5): stream 5 at 0x88. */
#define DMA2_BASE 0x40026400u
#define DMA_HIFCR HB_REG(DMA2_BASE + 0x0Cu) /* 8.5.4: stream 5 flags are bits 6..11 */
#define S5CR HB_REG(DMA2_BASE + 0x88u)      /* 8.5.5 DMA_SxCR */
#define S5NDTR HB_REG(DMA2_BASE + 0x8Cu)    /* 8.5.6 DMA_SxNDTR */
#define S5PAR HB_REG(DMA2_BASE + 0x90u)     /* 8.5.7 DMA_SxPAR */
#define S5M0AR HB_REG(DMA2_BASE + 0x94u)    /* 8.5.8 DMA_SxM0AR */
#define S5FCR HB_REG(DMA2_BASE + 0x9Cu)     /* 8.5.10 DMA_SxFCR */
#define CR_EN (1u << 0)
#define CR_CIRC (1u << 8)
#define CR_MINC (1u << 10)
#define CR_CHSEL(c) ((uint32_t)(c) << 25) /* bits 27:25 */
/* DIR 00 (peripheral to memory), byte sizes, PL 00, no interrupts. */

static uint8_t g_ring[HB_DMA_RX_BYTES] __attribute__((aligned(32)));

uint8_t* hb_chip_dma_rx_buffer(void) { return g_ring; }

void hb_chip_dma_rx_start(uint32_t rdr_addr, uint8_t* buf, uint32_t n) {
  RCC_AHB1ENR |= AHB1ENR_DMA2EN;
  (void)RCC_AHB1ENR;
  S5CR = 0;
  while (S5CR & CR_EN) {
  }
  DMA_HIFCR = 0x3Du << 6; /* clear stream 5's FEIF, DMEIF, TEIF, HTIF, TCIF */
  S5PAR = rdr_addr;
  S5M0AR = (uint32_t)(uintptr_t)buf;
  S5NDTR = n;
  S5FCR = 0;
  S5CR = CR_CHSEL(4) | CR_MINC | CR_CIRC;
  S5CR |= CR_EN;
}

uint32_t hb_chip_dma_rx_remaining(void) { return S5NDTR & 0xFFFFu; }
