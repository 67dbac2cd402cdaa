/* hb_port_* for the sim board. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "app/port.h"
#include "codec/messages.h"
#include "sim.h"

#ifndef HB_FW_BUILD
#define HB_FW_BUILD "hb-fw sim"
#endif

/* How long a write may wait for the host to read before the bytes are
 * dropped, as a UART would send them into the void when nobody listens. */
#define SIM_WRITE_STALL_MS 1000

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

static int g_master = -1, g_slave = -1;
static const uint8_t* g_plan;
static uint32_t g_plan_len;
static uint32_t g_read_total;

void sim_port_setup(const char* board_id, const sim_pty* pty, const uint8_t* plan, uint32_t plan_len) {
  g_info.board = board_id;
  g_master = pty->master;
  g_slave = pty->slave;
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

void hb_port_write(const uint8_t* bytes, size_t n) {
  int flushed = 0;
  while (n > 0 && !sim_stop) {
    ssize_t w = write(g_master, bytes, n);
    if (w > 0) {
      bytes += w;
      n -= (size_t)w;
      continue;
    }
    if (w < 0 && errno == EINTR) continue;
    if (w < 0 && errno != EAGAIN) return; /* master gone: nothing to talk to */
    struct pollfd pf = {g_master, POLLOUT, 0};
    if (poll(&pf, 1, SIM_WRITE_STALL_MS) > 0) continue;
    if (sim_stop) return;
    /* Nobody has read for a while (host gone, buffer full): discard what
     * waits for the host once, then give up on these bytes. */
    if (flushed) return;
    (void)tcflush(g_slave, TCIFLUSH);
    flushed = 1;
  }
}

size_t hb_port_read(uint8_t* buf, size_t max) {
  ssize_t r = read(g_master, buf, max);
  if (r <= 0) return 0;
  g_read_total += (uint32_t)r;
  return (size_t)r;
}

void hb_port_rx_counts(uint32_t* arrived, uint32_t* dropped) {
  /* The pty never drops (the writer blocks); what arrived = what we read +
   * what waits in the master's input queue. */
  int pending = 0;
  if (ioctl(g_master, FIONREAD, &pending) != 0 || pending < 0) pending = 0;
  *arrived = g_read_total + (uint32_t)pending;
  *dropped = 0;
}

static uint64_t mono_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint32_t hb_port_now_ms(void) { return (uint32_t)(mono_ns() / 1000000u); }

/* --hang-at K (fault injection for tests): inference K of this process
 * (0 = the first) never finishes, as a hung board would; SIGTERM still ends
 * the process. */
static long g_hang_at = -1;
static long g_inferences;

void sim_port_hang_at(long k) { g_hang_at = k; }

void hb_port_timer_start(void) {
  if (g_inferences++ != g_hang_at) return;
  fprintf(stderr, "hb-fw-sim: --hang-at %ld: hanging inside this inference\n", g_hang_at);
  while (!sim_stop) (void)poll(NULL, 0, 20);
}

uint64_t hb_port_timer_read(void) { return mono_ns(); }

void hb_port_idle(void) {
  if (sim_stop) return;
  /* Short enough for retransmission timeouts and a prompt exit on signals
   * that arrive just before poll() (poll itself returns EINTR). */
  struct pollfd pf = {g_master, POLLIN, 0};
  (void)poll(&pf, 1, 20);
}

void hb_port_reboot(void) {
  /* A rebooted board has lost what sat in its receive buffer. */
  (void)tcflush(g_master, TCIFLUSH);
  fprintf(stderr, "hb-fw-sim: RESET reboot: restarting the app\n");
}
