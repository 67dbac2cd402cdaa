/* The common STM32 port's entry points for main(). */
#ifndef HB_STM32_PORT_H
#define HB_STM32_PORT_H

/* After hb_board_init: carves RAM for the plan in flash, starts SysTick,
 * DWT and the USART, enables interrupts. clocks_ok = hb_board_init() == 0. */
void hb_stm32_port_init(int clocks_ok);

#endif
