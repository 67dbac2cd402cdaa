/* USART reception by circular DMA (PROTOCOL.md section 9, rx_policy
 * ring_dma): the DMA writes every received byte into a ring in RAM with no
 * CPU work and no interrupt, so nothing but the model runs on the core
 * during a timed inference and the host may load the next input meanwhile.
 * The USART RX interrupt stays off for good.
 *
 * Common part (stm32_dma_rx.c): the USART side (CR3.DMAR) and the consumer
 * of the ring, which follows the DMA's write position from its remaining-
 * count register. Per chip (dma_rx_<chip>.c): the channel, request routing
 * and the buffer's placement, from the chip's reference manual.
 *
 * Not yet run on silicon: reviewed against RM0399 / RM0410 / RM0456 and
 * built in every cross build (HB_STM32_RX_DMA, default on). */
#ifndef HB_STM32_DMA_RX_H
#define HB_STM32_DMA_RX_H

#include <stddef.h>
#include <stdint.h>

/* Ring size: a window of frames sent during an inference (8 x 1031 B) and
 * the ACKs, with room to spare, so the write position cannot lap the reader
 * between two looks (a conforming host has at most a window unacknowledged).
 * A multiple of the 32-byte Cortex-M7 cache line. */
#define HB_DMA_RX_BYTES 16384u

/* Switches the USART (already initialised, receiver on) from its RX
 * interrupt to DMA and starts the channel. */
void hb_dma_rx_init(uintptr_t usart_base, uint32_t usart_irq);
size_t hb_dma_rx_read(uint8_t* buf, size_t max);
uint32_t hb_dma_rx_pending(void);
/* Bytes ever received, and lost (USART overruns). */
void hb_dma_rx_counts(uint32_t* arrived, uint32_t* dropped);

/* Per chip. buffer: HB_DMA_RX_BYTES bytes, 32-byte aligned, where the DMA
 * can write. start: enable the DMA clock, route the USART's RX request,
 * program peripheral -> memory, byte wide, memory increment, circular over
 * the buffer, no interrupts, and enable. remaining: the channel's count of
 * bytes left before it wraps to the buffer start (HB_DMA_RX_BYTES..1). */
uint8_t* hb_chip_dma_rx_buffer(void);
void hb_chip_dma_rx_start(uint32_t rdr_addr, uint8_t* buf, uint32_t n);
uint32_t hb_chip_dma_rx_remaining(void);

#endif
