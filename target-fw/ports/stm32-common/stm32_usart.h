/* The USART of STM32F7/H7/U5 (same register layout on all three): 8N1,
 * no flow control, polled transmit, receive interrupt into an hbp_ring. */
#ifndef HB_STM32_USART_H
#define HB_STM32_USART_H

#include <stddef.h>
#include <stdint.h>

/* Byte ring size: holds a full window of frames sent during an inference
 * (HB_STM32_RX_WINDOW * HBP_WIRE_MAX + 256, rounded up to a power of two). */
#define HB_STM32_RX_WINDOW 8u
#if HB_STM32_RX_DMA
#define HB_STM32_RX_RING 32u /* not used for reception: stm32_dma_rx.c's ring is */
#else
#define HB_STM32_RX_RING 16384u
#endif

void hb_usart_init(uintptr_t base, uint32_t kernel_hz, uint32_t baud, uint32_t irq);
void hb_usart_irq(void);
void hb_usart_write(const uint8_t* bytes, size_t n);
size_t hb_usart_read(uint8_t* buf, size_t max);
uint32_t hb_usart_pending(void);
void hb_usart_counts(uint32_t* arrived, uint32_t* dropped);
/* Non-zero once hb_usart_init ran (a fault before it has no link to report on). */
int hb_usart_ready(void);
/* Waits until the last byte has left the shift register (before a reset). */
void hb_usart_drain(void);
/* SET_BAUD: drains, then reprograms BRR with UE off (RM0399 50.5.7 /
 * RM0410 34.5.4 / RM0456 68.5.7: BRR is written only with UE = 0). Returns
 * 0, or -1 if the rate is not within 2 % at 16x oversampling (BRR >= 16). */
int hb_usart_set_baud(uint32_t kernel_hz, uint32_t baud);

#endif
