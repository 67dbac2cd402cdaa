/* The QEMU boards' benchmark timer and millisecond clock.
 *
 * QEMU's M-profile cores have no DWT cycle counter (CYCCNT reads 0), and
 * emulated "cycles" would mean nothing anyway. Under -icount shift=0 the
 * virtual clock advances exactly 1 ns per guest instruction, and SysTick
 * counts that clock at BOARD_CPU_HZ, so one SysTick tick is exactly
 * 1e9 / BOARD_CPU_HZ instructions (40 on an500, 50 on an505): ticks times
 * that are an instruction count with that resolution. Whether QEMU really
 * runs with -icount is measured at start-up, not assumed: without it
 * SysTick follows the host clock and we report raw SysTick ticks instead. */
#include "app/port.h"
#include "board.h"
#include "cm_semihost.h"
#include "cm_timer.h"
#include "codec/messages.h"
#include "qemu_port.h"

#if (1000000000u % BOARD_CPU_HZ) != 0
#error "SysTick tick is not a whole number of icount nanoseconds: report raw ticks"
#endif
#define INSNS_PER_TICK (1000000000u / BOARD_CPU_HZ)

enum { TIMER_DWT, TIMER_ICOUNT, TIMER_SYSTICK };
static uint8_t g_mode = TIMER_SYSTICK;
static uint32_t g_host_hz; /* semihosting tick rate, 0 if unavailable */

/* Ticks for a loop of exactly 2 * n instructions (SUBS + BNE per pass),
 * started a fixed number of instructions after a rephase. */
static uint64_t loop_ticks(uint32_t n) {
  cm_systick_rephase();
  uint64_t t0 = cm_systick_read();
  __asm__ volatile(
      "1:\n\t"
      "subs %0, %0, #1\n\t"
      "bne 1b"
      : "+r"(n)
      :
      : "cc");
  return cm_systick_read() - t0;
}

/* Virtual time is instruction count iff equal loops take identical ticks
 * and doubling the loop adds exactly its instructions' worth of ticks.
 * Host-clock time fails at least one of these except by a coincidence of
 * both speed (to 2.5 %) and jitter. */
static int icount_active(void) {
  const uint32_t n = 20000u; /* 40000 instructions: 1000 ticks on an500 */
  uint64_t a = loop_ticks(n), a2 = loop_ticks(n), b = loop_ticks(2u * n);
  if (a != a2 || b <= a) return 0;
  int64_t extra = (int64_t)((b - a) * INSNS_PER_TICK) - (int64_t)(2u * n);
  return extra >= -(int64_t)INSNS_PER_TICK && extra <= (int64_t)INSNS_PER_TICK;
}

void qemu_timer_init(void) {
  cm_systick_start();
  uint32_t hz = 0;
  g_host_hz = cm_semihost_tickfreq(&hz) == 0 && hz >= 1000u ? hz : 0u;
  if (cm_dwt_start())
    g_mode = TIMER_DWT;
  else
    g_mode = icount_active() ? TIMER_ICOUNT : TIMER_SYSTICK;
}

void qemu_timer_describe(uint8_t* source, uint32_t* hz, const char** unit) {
  switch (g_mode) {
    case TIMER_DWT:
      *source = HBP_TIMER_DWT_CYCLES;
      *hz = BOARD_CPU_HZ;
      *unit = "cycles";
      return;
    case TIMER_ICOUNT:
      *source = HBP_TIMER_SYSTICK_ICOUNT;
      *hz = 1000000000u; /* instructions per second of virtual time */
      *unit = "instructions";
      return;
    default:
      *source = HBP_TIMER_SYSTICK_ICOUNT;
      *hz = BOARD_CPU_HZ;
      *unit = "systick-ticks";
      return;
  }
}

/* Restarting the SysTick phase here puts the timed region's first read at
 * a fixed distance from a tick boundary, so an identical run (same model,
 * same input) gives identical ticks instead of +-1. */
void hb_port_timer_start(void) {
  if (g_mode != TIMER_DWT) cm_systick_rephase();
}

uint64_t hb_port_timer_read(void) {
  switch (g_mode) {
    case TIMER_DWT:
      return cm_dwt_read();
    case TIMER_ICOUNT:
      return cm_systick_read() * INSNS_PER_TICK;
    default:
      return cm_systick_read();
  }
}

/* Retransmission timeouts follow the host's clock (semihosting): virtual
 * time stands still while the guest sleeps and races while it computes. */
uint32_t hb_port_now_ms(void) {
  uint64_t t;
  if (g_host_hz && cm_semihost_elapsed(&t) == 0) return (uint32_t)(t / (g_host_hz / 1000u));
  return (uint32_t)(cm_systick_read() / (BOARD_CPU_HZ / 1000u));
}
