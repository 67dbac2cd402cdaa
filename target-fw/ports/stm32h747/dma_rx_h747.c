/* STM32H747 USART1 RX by DMA (RM0399): DMA1 stream 0, request routed by
 * DMAMUX1 channel 0 (DMA1 streams 0..7 are DMAMUX1 channels 0..7). The ring
 * lives in D2 SRAM: DMA1 cannot reach the DTCM where .bss is (RM0399 2.1,
 * bus matrix), and D2 SRAM1-3 are on its own domain. Not yet run on silicon. */
#include <stdint.h>

#include "stm32_cm.h"
#include "stm32_dma_rx.h"

/* RCC_AHB1ENR (RM0399 8.7.42, offset 0xD8): DMA1EN is bit 0. */
#define RCC_AHB1ENR HB_REG(0x58024400u + 0xD8u)
#define AHB1ENR_DMA1EN (1u << 0)

/* DMA1 at 0x40020000 (RM0399 2.3.2 memory map). Stream x registers at
 * 0x10 + 0x18 * x (RM0399 15.5): CR, NDTR, PAR, M0AR, M1AR, FCR. */
#define DMA1_BASE 0x40020000u
#define DMA_LIFCR HB_REG(DMA1_BASE + 0x08u) /* 15.5.3: stream 0 flags are bits 0..5 */
#define S0CR HB_REG(DMA1_BASE + 0x10u)      /* 15.5.5 DMA_SxCR */
#define S0NDTR HB_REG(DMA1_BASE + 0x14u)    /* 15.5.6 DMA_SxNDTR: items left */
#define S0PAR HB_REG(DMA1_BASE + 0x18u)     /* 15.5.7 DMA_SxPAR */
#define S0M0AR HB_REG(DMA1_BASE + 0x1Cu)    /* 15.5.8 DMA_SxM0AR */
#define S0FCR HB_REG(DMA1_BASE + 0x24u)     /* 15.5.10 DMA_SxFCR */
#define CR_EN (1u << 0)
#define CR_CIRC (1u << 8)
#define CR_MINC (1u << 10)
/* DIR 00 (peripheral to memory), PSIZE/MSIZE 00 (byte), PL 00, no interrupts:
 * everything else in SxCR stays 0. FCR 0: direct mode (no FIFO). */

/* DMAMUX1 channel 0 configuration (RM0399 17.6.1 DMAMUX1_CxCR at
 * 0x40020800 + 4x): DMAREQ_ID bits 7:0; USART1_RX is request 41 (RM0399
 * table 121, "DMAMUX1: assignment of multiplexer inputs to resources"). */
#define DMAMUX1_C0CR HB_REG(0x40020800u)
#define DMAREQ_USART1_RX 41u

/* Placed in D2 SRAM by stm32h747.ld (section .dma_rx). */
static uint8_t g_ring[HB_DMA_RX_BYTES] __attribute__((aligned(32), section(".dma_rx")));

uint8_t* hb_chip_dma_rx_buffer(void) { return g_ring; }

void hb_chip_dma_rx_start(uint32_t rdr_addr, uint8_t* buf, uint32_t n) {
  RCC_AHB1ENR |= AHB1ENR_DMA1EN;
  (void)RCC_AHB1ENR; /* read back: the clock is on before the first access */
  S0CR = 0;
  while (S0CR & CR_EN) {
  }
  DMA_LIFCR = 0x3Du; /* clear FEIF0, DMEIF0, TEIF0, HTIF0, TCIF0 */
  DMAMUX1_C0CR = DMAREQ_USART1_RX;
  S0PAR = rdr_addr;
  S0M0AR = (uint32_t)(uintptr_t)buf;
  S0NDTR = n;
  S0FCR = 0;
  S0CR = CR_MINC | CR_CIRC;
  S0CR |= CR_EN;
}

uint32_t hb_chip_dma_rx_remaining(void) { return S0NDTR & 0xFFFFu; }
