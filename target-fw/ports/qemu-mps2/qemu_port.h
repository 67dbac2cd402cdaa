/* The QEMU MPS2 boards (mps2-an500 Cortex-M7, mps2-an505 Cortex-M33): one
 * port, built once per board with that board's board.h and linker script.
 * QEMU is started by harness/flash/qemu_flasher.cpp with
 *   -icount shift=0,align=off,sleep=off   (1 instruction = 1 ns of virtual time)
 *   -semihosting-config enable=on,target=native
 * and the plan written to the PLAN region by -device loader. The port
 * relies on semihosting (host clock, fault reports): without it the first
 * BKPT 0xAB faults. */
#ifndef HB_QEMU_PORT_H
#define HB_QEMU_PORT_H

#include <stdint.h>

/* UART, interrupts, timer selection. Before hb_app_init. */
void qemu_port_init(void);

/* qemu_timer.c: picks the benchmark timer (DWT if the core counts cycles,
 * else SysTick, in instructions when -icount makes that exact). */
void qemu_timer_init(void);
void qemu_timer_describe(uint8_t* source, uint32_t* hz, const char** unit);

/* "0x%08x" for semihosting messages (no printf here). out: 11 bytes. */
char* qemu_fmt_hex(char* out, uint32_t v);

#endif
