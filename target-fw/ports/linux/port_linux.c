/* hb_port_* for the Linux board.
 *
 * Timer: the CPU's cycle counter through perf_event_open (user-space
 * cycles of this thread) when the kernel allows it (perf_event_paranoid
 * <= 2 and a PMU, as on the MP157's Cortex-A7), else CLOCK_MONOTONIC in ns.
 * A thread's cycle count stops while it sleeps, but the protocol wants a
 * free-running count (PONG reports "device time now"): time spent asleep
 * in hb_port_idle is added at cpu_hz, so the count keeps pace with the
 * wall clock, while an inference (which never idles) is pure PMU cycles. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "app/port.h"
#include "codec/messages.h"
#include "linux_port.h"

#ifndef HB_FW_BUILD
#define HB_FW_BUILD "hb-fw linux"
#endif

#define WRITE_STALL_MS 1000 /* a peer that reads nothing for this long loses the bytes */
#define IDLE_MS 10

static _Alignas(16) uint8_t g_arena[LX_ARENA_BYTES];
static _Alignas(16) uint8_t g_slots[LX_N_SLOTS * LX_SLOT_BYTES];

static hb_port_info_t g_info = {
    .fw_build = HB_FW_BUILD,
    /* While the model runs nobody reads the socket/tty: bytes wait in the
     * kernel's buffers, and TCP's window holds the host back. */
    .rx_policy = HBP_RXP_HELD_OFF,
    .rx_window = 8,
};
static const hb_port_mem_t g_mem = {g_arena, LX_ARENA_BYTES, g_slots, LX_SLOT_BYTES, LX_N_SLOTS};

static const uint8_t* g_plan;
static uint32_t g_plan_len;
static int g_listen = -1, g_fd = -1, g_is_tty;
static uint32_t g_read_total;

static int g_perf = -1;
static uint64_t g_hz;
static uint64_t g_idle_cycles; /* sleep time in hb_port_idle, at g_hz */

static uint64_t mono_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int perf_open(void) {
  struct perf_event_attr a;
  memset(&a, 0, sizeof a);
  a.type = PERF_TYPE_HARDWARE;
  a.size = sizeof a;
  a.config = PERF_COUNT_HW_CPU_CYCLES;
  a.exclude_kernel = 1; /* allowed at perf_event_paranoid 2 */
  a.exclude_hv = 1;
  return (int)syscall(SYS_perf_event_open, &a, 0, -1, -1, 0);
}

static uint64_t perf_read(void) {
  uint64_t v = 0;
  if (read(g_perf, &v, sizeof v) != (ssize_t)sizeof v) return 0;
  return v;
}

/* cpufreq's maximum (kHz in sysfs), else cycles over 50 ms of spinning. */
static uint64_t cpu_hz(void) {
  FILE* f = fopen("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq", "r");
  unsigned long long khz = 0;
  if (f) {
    if (fscanf(f, "%llu", &khz) != 1) khz = 0;
    fclose(f);
  }
  if (khz) return (uint64_t)khz * 1000u;
  const uint64_t t0 = mono_ns(), c0 = perf_read();
  uint64_t t1;
  do t1 = mono_ns();
  while (t1 - t0 < 50000000u);
  const uint64_t c1 = perf_read();
  return c1 > c0 ? (c1 - c0) * 1000000000u / (t1 - t0) : 0;
}

int lx_port_setup(const lx_config* c) {
  g_info.board = c->board;
  g_plan = c->plan;
  g_plan_len = c->plan_len;
  g_listen = c->listen_fd;
  g_fd = c->tty_fd;
  g_is_tty = c->tty_fd >= 0;
  if (strcmp(c->timer, "clock") != 0) {
    g_perf = perf_open();
    if (g_perf >= 0) {
      g_hz = c->cpu_hz ? c->cpu_hz : cpu_hz();
      if (g_hz == 0 || g_hz > 0xFFFFFFFFu) { /* INFO.timer_hz is 32 bits */
        close(g_perf);
        g_perf = -1;
      }
    }
    if (g_perf < 0 && strcmp(c->timer, "pmu") == 0) {
      fprintf(stderr, "hb-fw-linux: --timer pmu: perf_event_open(PERF_COUNT_HW_CPU_CYCLES): %s\n",
              g_hz ? strerror(errno) : "cannot tell the CPU clock (give --cpu-hz)");
      return -1;
    }
  }
  if (g_perf >= 0) {
    g_info.timer_source = HBP_TIMER_PMU_CYCLES;
    g_info.timer_hz = (uint32_t)g_hz;
    g_info.core_clock_hz = (uint32_t)g_hz;
    g_info.timer_unit = "cycles";
  } else {
    g_info.timer_source = HBP_TIMER_CLOCK_NS;
    g_info.timer_hz = 1000000000u;
    g_info.core_clock_hz = c->cpu_hz <= 0xFFFFFFFFu ? (uint32_t)c->cpu_hz : 0u;
    g_info.timer_unit = "ns";
  }
  return 0;
}

const char* lx_timer_name(void) { return g_perf >= 0 ? "pmu cycles" : "CLOCK_MONOTONIC ns"; }

const hb_port_info_t* hb_port_info(void) { return &g_info; }
const hb_port_mem_t* hb_port_mem(void) { return &g_mem; }

int hb_port_plan(const uint8_t** ptr, uint32_t* len) {
  if (!g_plan) return -1;
  *ptr = g_plan;
  *len = g_plan_len;
  return 0;
}

static void drop_client(void) {
  if (g_is_tty || g_fd < 0) return;
  close(g_fd);
  g_fd = -1;
  fprintf(stderr, "hb-fw-linux: client disconnected\n");
}

/* TCP: takes a waiting client if there is none (the previous host left). */
static void accept_client(void) {
  if (g_is_tty || g_fd >= 0 || g_listen < 0) return;
  int fd = accept4(g_listen, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
  if (fd < 0) return;
  int one = 1;
  (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  g_fd = fd;
  fprintf(stderr, "hb-fw-linux: client connected\n");
}

void hb_port_write(const uint8_t* bytes, size_t n) {
  while (n > 0 && g_fd >= 0 && !lx_stop) {
    ssize_t w = g_is_tty ? write(g_fd, bytes, n) : send(g_fd, bytes, n, MSG_NOSIGNAL);
    if (w > 0) {
      bytes += w;
      n -= (size_t)w;
      continue;
    }
    if (w < 0 && errno == EINTR) continue;
    if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
      drop_client(); /* the host is gone: what we had to say is lost, like on a UART */
      return;
    }
    struct pollfd pf = {g_fd, POLLOUT, 0};
    if (poll(&pf, 1, WRITE_STALL_MS) <= 0) return;
  }
}

size_t hb_port_read(uint8_t* buf, size_t max) {
  accept_client();
  if (g_fd < 0) return 0;
  ssize_t r = read(g_fd, buf, max);
  if (r == 0 && !g_is_tty) drop_client();
  if (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) drop_client();
  if (r <= 0) return 0;
  g_read_total += (uint32_t)r;
  return (size_t)r;
}

void hb_port_rx_counts(uint32_t* arrived, uint32_t* dropped) {
  /* Nothing is dropped (TCP and the tty driver hold bytes back); what
   * arrived = what we read + what waits in the kernel. */
  int pending = 0;
  if (g_fd < 0 || ioctl(g_fd, FIONREAD, &pending) != 0 || pending < 0) pending = 0;
  *arrived = g_read_total + (uint32_t)pending;
  *dropped = 0;
}

uint32_t hb_port_now_ms(void) { return (uint32_t)(mono_ns() / 1000000u); }

void hb_port_timer_start(void) {}

uint64_t hb_port_timer_read(void) { return g_perf >= 0 ? perf_read() + g_idle_cycles : mono_ns(); }

void hb_port_idle(void) {
  if (lx_stop) return;
  accept_client();
  const uint64_t t0 = mono_ns();
  struct pollfd pf = {g_fd >= 0 ? g_fd : g_listen, POLLIN, 0};
  if (pf.fd >= 0)
    (void)poll(&pf, 1, IDLE_MS);
  else
    (void)usleep(IDLE_MS * 1000);
  if (g_perf >= 0) g_idle_cycles += (mono_ns() - t0) * g_hz / 1000000000u;
}

void hb_port_reboot(void) {
  /* A process cannot reboot the board: start the app over (it re-inits
   * itself when this returns), with what sat in the input queue gone. */
  if (g_is_tty) (void)tcflush(g_fd, TCIFLUSH);
  uint8_t junk[4096];
  while (g_fd >= 0 && !g_is_tty && recv(g_fd, junk, sizeof junk, MSG_DONTWAIT) > 0) {
  }
  fprintf(stderr, "hb-fw-linux: RESET reboot: restarting the app\n");
}
