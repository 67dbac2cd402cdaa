/* The sim board: the portable firmware app as a Linux process that serves
 * the protocol on a pseudo-terminal, the way a board serves it on a UART.
 * Only this port uses POSIX; the app and engine it links stay freestanding. */
#ifndef HB_SIM_H
#define HB_SIM_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#define SIM_PLAN_MAX (64u * 1024u * 1024u) /* "flash" plan region, as boards/sim.json */
#define SIM_ARENA_BYTES (32u * 1024u * 1024u)
#define SIM_SLOT_BYTES (4u * 1024u * 1024u)
#define SIM_N_SLOTS 2u

extern volatile sig_atomic_t sim_stop; /* set by SIGTERM/SIGINT */

typedef struct {
  int master; /* the device end: the app reads and writes here */
  int slave;  /* kept open so the tty and its settings outlive host sessions */
  char slave_path[128];
} sim_pty;

/* posix_openpt + raw mode on both ends. Returns 0, or -1 with errno set and
 * *what naming the failing call. */
int sim_pty_open(sim_pty* p, const char** what);
void sim_pty_close(sim_pty* p);

/* Hands the port its resources before hb_app_init. plan may be NULL. */
void sim_port_setup(const char* board_id, const sim_pty* pty, const uint8_t* plan, uint32_t plan_len);

/* Fault injection: inference k (0 = first) of this process hangs until SIGTERM. */
void sim_port_hang_at(long k);

#endif
