/* QEMU mps2-an500: Arm MPS2 FPGA image AN500, Cortex-M7 (FPv5 SP+DP).
 * Memory map and interrupts as QEMU 7.2 models them (hw/arm/mps2.c and
 * /work/shared/notes/qemu.md); the linker script an500.ld has the regions. */
#ifndef HB_BOARD_H
#define HB_BOARD_H

#define BOARD_ID "qemu-m7" /* = boards/qemu-m7.json "name" */
#define BOARD_PORT "qemu-mps2-an500"
#define BOARD_CPU_HZ 25000000u      /* SYSCLK: clocks the core and SysTick (CLKSOURCE=1) */
#define BOARD_PCLK_HZ 25000000u     /* APB clock of the UARTs */
#define BOARD_UART_BASE 0x40004000u /* UART0 */
#define BOARD_UART_RX_IRQ 0u        /* UART0 RX; TX is 1 */

/* In PSRAM (16 MB at 0x60000000): what the largest plans need. */
#define BOARD_ARENA_BYTES (8u * 1024u * 1024u)
#define BOARD_SLOT_BYTES (512u * 1024u)

#endif
