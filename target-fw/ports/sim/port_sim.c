/* hb_port_* for the sim board. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>

#include "app/port.h"
#include "codec/messages.h"
#include "sim.h"

#ifndef HB_FW_BUILD
#define HB_FW_BUILD "hb-fw sim"
#endif

static _Alignas(16) uint8_t g_arena[SIM_ARENA_BYTES];
static _Alignas(16) uint8_t g_slots[SIM_N_SLOTS * SIM_SLOT_BYTES];

static hb_port_info_t g_info = {
    .board = "sim",
    .fw_build = HB_FW_BUILD,
    .cpuid = 0,
    .core_clock_hz = 0,
    .timer_source = HBP_TIMER_CLOCK_NS,
    .timer_hz = 1000000000u,
    .timer_unit = "ns",
    /* While the model runs nobody reads the master: bytes wait in the pty's
     * buffers and a host that fills them blocks in write(). */
    .rx_policy = HBP_RXP_HELD_OFF,
    .rx_window = 8,
};
static const hb_port_mem_t g_mem = {g_arena, SIM_ARENA_BYTES, g_slots, SIM_SLOT_BYTES, SIM_N_SLOTS};

static const uint8_t* g_plan;
static uint32_t g_plan_len;

void sim_port_setup(const char* board_id, const sim_pty* pty, const uint8_t* plan, uint32_t plan_len) {
  g_info.board = board_id;
  (void)pty; /* the line model (line.c) owns it: sim_line_setup */
  /* Paced, a thread takes bytes off the line while the model runs, as
   * circular DMA would (line.c); unpaced, they wait in the pty. */
  if (sim_line_paced()) {
    g_info.rx_policy = HBP_RXP_RING_DMA;
    g_info.rx_window = 32; /* line.c's queue holds 32 frames: the host may keep the line busy */
  }
  g_plan = plan;
  g_plan_len = plan_len;
}

const hb_port_info_t* hb_port_info(void) { return &g_info; }
const hb_port_mem_t* hb_port_mem(void) { return &g_mem; }

int hb_port_plan(const uint8_t** ptr, uint32_t* len) {
  if (!g_plan) return -1;
  *ptr = g_plan;
  *len = g_plan_len;
  return 0;
}

void hb_port_write(const uint8_t* bytes, size_t n) { sim_line_write(bytes, n); }

size_t hb_port_read(uint8_t* buf, size_t max) { return sim_line_read(buf, max); }

void hb_port_rx_counts(uint32_t* arrived, uint32_t* dropped) {
  *arrived = sim_line_arrived();
  *dropped = 0;
}

int hb_port_set_baud(uint32_t baud) { return sim_line_set_baud(baud); }
uint32_t hb_port_baud(void) { return sim_line_baud(); }

static uint64_t mono_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint32_t hb_port_now_ms(void) { return (uint32_t)(mono_ns() / 1000000u); }

/* Test switch --hang-at K: the K-th timed run (0-based, counted since the
 * process started) never ends, as a board stuck in a kernel would; only a
 * signal ends the process. For the host's timeout and recovery tests. */
static long g_hang_at = -1;
static long g_runs;

void sim_port_hang_at(long k) { g_hang_at = k; }

static void maybe_hang(void) {
  if (g_runs++ != g_hang_at) return;
  fprintf(stderr, "hb-fw-sim: --hang-at %ld: hanging in this inference\n", g_hang_at);
  while (!sim_stop) {
    struct timespec ts = {0, 50 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
}

int sim_pin_cpu(void) {
  const char* pin = getenv("HB_SIM_PIN");
  if (pin && strcmp(pin, "0") == 0) return -1;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0 || CPU_COUNT(&set) < 2) return -1;
  for (int c = CPU_SETSIZE - 1; c >= 0; --c)
    if (CPU_ISSET(c, &set)) {
      CPU_ZERO(&set);
      CPU_SET(c, &set);
      return sched_setaffinity(0, sizeof set, &set) == 0 ? c : -1;
    }
  return -1;
}

/* HB_SIM_SLOWDOWN: the app reads the timer twice around hb_run after
 * timer_start; the second read waits until (F - 1) x the run's time more has
 * passed. */
static double g_slowdown = 1.0;
static int g_timed_reads; /* reads since timer_start: 0, 1 (t0 taken), 2 */
static uint64_t g_t0;

double sim_slowdown_setup(void) {
  const char* f = getenv("HB_SIM_SLOWDOWN");
  if (f && *f) {
    char* end = NULL;
    const double v = strtod(f, &end);
    if (end && *end == '\0' && v > 1.0 && v <= 100.0) g_slowdown = v;
  }
  return g_slowdown;
}

/* Called by the app right before every timed run: the one place a "stuck
 * inference" can be made without touching the portable app. */
void hb_port_timer_start(void) {
  g_timed_reads = 0;
  maybe_hang();
}

uint64_t hb_port_timer_read(void) {
  uint64_t now = mono_ns();
  if (g_slowdown > 1.0 && g_timed_reads < 2) {
    if (++g_timed_reads == 1) {
      g_t0 = now;
    } else {
      const uint64_t until = g_t0 + (uint64_t)((double)(now - g_t0) * g_slowdown);
      while (now < until) now = mono_ns();
    }
  }
  return now;
}

void hb_port_idle(void) { sim_line_idle(); }

void hb_port_reboot(void) {
  /* A rebooted board has lost what sat in its receive buffer. */
  sim_line_drop_input();
  fprintf(stderr, "hb-fw-sim: RESET reboot: restarting the app\n");
}
