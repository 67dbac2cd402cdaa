/* Benchmark time bases on Cortex-M: SysTick extended to 64 bits, and the
 * DWT cycle counter where the core has one.
 *
 * SysTick counts down 24 bits from RELOAD; its wrap interrupt adds one
 * period to a software base, so the count runs free for 2^64 ticks. The
 * interrupt is cheap (one 64-bit add) and, at RELOAD = 2^24 - 1, rare. */
#ifndef HB_CM_TIMER_H
#define HB_CM_TIMER_H

#include <stdint.h>

/* SysTick on the processor clock, full 24-bit period, wrap interrupt on
 * (priority 0: a late wrap would make a read jump back). */
void cm_systick_start(void);

/* Ticks since cm_systick_start: monotonic, 64-bit. Any context. */
uint64_t cm_systick_read(void);

/* Restarts SysTick's tick phase at this instant; the count continues from
 * its current value (the part of a tick already elapsed is dropped). Code
 * that reads the counter a fixed number of instructions after a rephase
 * sees the same tick boundaries every time: on an emulator with a virtual
 * clock this makes repeated measurements identical. */
void cm_systick_rephase(void);

/* Stops / restarts the count (idle: under QEMU -icount sleep=off a running
 * SysTick makes WFI jump virtual time to its next wrap, so the guest would
 * spin through wraps instead of sleeping). */
void cm_systick_pause(void);
void cm_systick_resume(void);

/* The SysTick exception handler (referenced by the vector table). */
void SysTick_Handler(void);

/* Enables DEMCR.TRCENA and DWT CYCCNT and checks that it advances.
 * Returns 1 if the core has a working cycle counter, 0 if not (QEMU's
 * M-profile cores read 0 there). */
int cm_dwt_start(void);

/* CYCCNT extended to 64 bits. Needs a read (or a SysTick wrap, which takes
 * one) at least once per 2^32 cycles: cm_systick_start must run on the
 * processor clock, whose 2^24-tick wraps come far more often. */
uint64_t cm_dwt_read(void);

#endif
