/* What one STM32 chip port (ports/stm32h747, stm32f769, stm32u585) gives
 * the common code in this folder: clock/power bring-up, the VCP USART's
 * pins and clock, and the RAM pools of its linker script. Everything else
 * (vector table, USART driver, timer, hb_port_*) is shared. */
#ifndef HB_STM32_BOARD_H
#define HB_STM32_BOARD_H

#include <stdint.h>

#include "mem_carve.h"

typedef struct {
  const char* name;         /* INFO.board: the descriptor name, e.g. "h747" */
  uint32_t core_hz;         /* after hb_board_init */
  uintptr_t usart_base;     /* the ST-LINK virtual COM port's USART */
  uint32_t usart_kernel_hz; /* its kernel clock after hb_board_init */
  uint32_t usart_irq;       /* NVIC number */
  uint32_t baud;
  uintptr_t iwdg_base; /* the core's independent watchdog (stm32_iwdg.h) */
} hb_stm32_board;

/* Not const: hb_board_init corrects the USART clock if it had to stay on
 * the reset oscillator. */
extern hb_stm32_board hb_board;

/* Runs from Reset_Handler before .data/.bss are set up (no statics, no
 * libc): turns on RAM that is off after reset. */
void hb_board_early(void);

/* Supply, clocks (core at hb_board.core_hz), flash wait states, caches,
 * the USART's GPIO pins and bus clock. Returns 0, or -1 if a clock or
 * regulator never became ready (the board then runs on its reset clock
 * and the port reports core_clock 0). */
int hb_board_init(void);

/* The linker script's pools (.pool0, .pool1, ... in that order). */
int hb_board_pools(hb_pool* out, int max);

#endif
