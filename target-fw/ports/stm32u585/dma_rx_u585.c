/* STM32U585 USART1 RX by DMA (RM0456): GPDMA1 channel 0, hardware request
 * 24 (RM0456 17.3.3 table 137, "Programmed GPDMA1 request": usart1_rx_dma).
 * GPDMA has no circular bit: a one-item linked list that reloads the block
 * size and destination and points at itself (RM0456 17.4.6) makes it one.
 * Non-secure aliases, as the rest of this port. Not yet run on silicon. */
#include <stdint.h>

#include "stm32_cm.h"
#include "stm32_dma_rx.h"

/* RCC_AHB1ENR (RM0456 11.8.32, 0x46020C00 + 0x88): GPDMA1EN is bit 0. */
#define RCC_AHB1ENR HB_REG(0x46020C00u + 0x88u)
#define AHB1ENR_GPDMA1EN (1u << 0)

/* GPDMA1 at 0x40020000 (RM0456 2.3 memory map); channel x registers at
 * 0x50 + 0x80 * x (RM0456 17.8). Offsets below are channel 0's. */
#define GPDMA1 0x40020000u
#define C0LBAR HB_REG(GPDMA1 + 0x50u) /* 17.8.7: linked-list base (upper 16 address bits) */
#define C0FCR HB_REG(GPDMA1 + 0x5Cu)  /* 17.8.8: flag clear */
#define C0CR HB_REG(GPDMA1 + 0x64u)   /* 17.8.10: control */
#define C0TR1 HB_REG(GPDMA1 + 0x90u)  /* 17.8.11: transfer 1 */
#define C0TR2 HB_REG(GPDMA1 + 0x94u)  /* 17.8.12: transfer 2 */
#define C0BR1 HB_REG(GPDMA1 + 0x98u)  /* 17.8.13: block 1 (BNDT bits 15:0 = bytes left) */
#define C0SAR HB_REG(GPDMA1 + 0x9Cu)  /* 17.8.14: source address */
#define C0DAR HB_REG(GPDMA1 + 0xA0u)  /* 17.8.15: destination address */
#define C0LLR HB_REG(GPDMA1 + 0xCCu)  /* 17.8.18: linked-list address */
#define CR_EN (1u << 0)
#define CR_RESET (1u << 1)
#define TR1_DINC (1u << 19) /* destination incremented; SDW/DDW 00 = byte, source fixed */
#define TR2_REQSEL(r) ((uint32_t)(r)&0x7Fu)
#define LLR_UB1 (1u << 29) /* reload CxBR1 from the item */
#define LLR_UDA (1u << 27) /* reload CxDAR */
#define LLR_ULL (1u << 16) /* reload CxLLR */
#define REQ_USART1_RX 24u

/* The item, in register order of its update bits: BR1, DAR, LLR. It must
 * share the upper 16 address bits with CxLBAR (same 64 KB as itself). */
static struct { uint32_t br1, dar, llr; } g_lli __attribute__((aligned(4)));
static uint8_t g_ring[HB_DMA_RX_BYTES] __attribute__((aligned(32)));

uint8_t* hb_chip_dma_rx_buffer(void) { return g_ring; }

void hb_chip_dma_rx_start(uint32_t rdr_addr, uint8_t* buf, uint32_t n) {
  RCC_AHB1ENR |= AHB1ENR_GPDMA1EN;
  (void)RCC_AHB1ENR;
  C0CR = CR_RESET; /* channel idle and its state reset */
  const uint32_t lli = (uint32_t)(uintptr_t)&g_lli;
  g_lli.br1 = n;
  g_lli.dar = (uint32_t)(uintptr_t)buf;
  g_lli.llr = LLR_UB1 | LLR_UDA | LLR_ULL | (lli & 0xFFFCu);
  C0FCR = 0x7F00u; /* clear TCF, HTF, DTEF, ULEF, USEF, SUSPF, TOF */
  C0LBAR = lli & 0xFFFF0000u;
  C0TR1 = TR1_DINC;
  C0TR2 = TR2_REQSEL(REQ_USART1_RX); /* SWREQ 0: hardware request; DREQ 0: source requests */
  C0BR1 = n;
  C0SAR = rdr_addr;
  C0DAR = (uint32_t)(uintptr_t)buf;
  C0LLR = g_lli.llr;
  C0CR = CR_EN;
}

uint32_t hb_chip_dma_rx_remaining(void) { return C0BR1 & 0xFFFFu; }
