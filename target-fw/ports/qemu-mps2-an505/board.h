/* QEMU mps2-an505: Arm MPS2+ FPGA image AN505 (IoT Kit), Cortex-M33 with
 * the Security Extension and FPv5 SP. The core boots Secure with the SAU
 * off, so every address is Secure and we use the Secure aliases
 * (code 0x10000000, RAM 0x38000000, peripherals 0x5xxxxxxx). Memory map and
 * interrupts as QEMU 7.2 models them (hw/arm/mps2-tz.c). */
#ifndef HB_BOARD_H
#define HB_BOARD_H

#define BOARD_ID "qemu-m33" /* = boards/qemu-m33.json "name" */
#define BOARD_PORT "qemu-mps2-an505"
#define BOARD_CPU_HZ 20000000u /* SYSCLK: clocks the core and SysTick (CLKSOURCE=1) */
#define BOARD_PCLK_HZ 20000000u
#define BOARD_UART_BASE 0x50200000u /* UART0, Secure alias */
#define BOARD_UART_RX_IRQ 32u       /* UART0 RX; TX is 33 */

/* In PSRAM (16 MB at 0x80000000). */
#define BOARD_ARENA_BYTES (8u * 1024u * 1024u)
#define BOARD_SLOT_BYTES (512u * 1024u)

#endif
