/* The Linux board (STM32MP157's Cortex-A7 running Linux, or any Linux
 * machine): the portable app as a process serving the protocol on a TCP
 * port (one client at a time) or a serial tty. POSIX lives only here. */
#ifndef HB_LINUX_PORT_H
#define HB_LINUX_PORT_H

#include <signal.h>
#include <stdint.h>

#define LX_PLAN_MAX (64u * 1024u * 1024u)
#define LX_ARENA_BYTES (32u * 1024u * 1024u)
#define LX_SLOT_BYTES (4u * 1024u * 1024u)
#define LX_N_SLOTS 2u

extern volatile sig_atomic_t lx_stop; /* SIGTERM/SIGINT */

typedef struct {
  const char* board;
  const uint8_t* plan; /* NULL: no model */
  uint32_t plan_len;
  int listen_fd;     /* TCP: the listening socket, clients accepted by the port; else -1 */
  int tty_fd;        /* serial: the open tty; else -1 */
  const char* timer; /* "auto", "pmu" or "clock" */
  uint64_t cpu_hz;   /* PMU rate; 0 = cpufreq's maximum, else measured */
} lx_config;

/* Before hb_app_init. Returns 0, or -1 after printing why ("pmu" forced but
 * perf_event_open refused). */
int lx_port_setup(const lx_config* c);

/* What INFO will report, for the start-up line. */
const char* lx_timer_name(void);

#endif
