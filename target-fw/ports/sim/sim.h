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

/* --hang-at K: hang inside the K-th inference (0-based); -1 = never. */
void sim_port_hang_at(long k);
/* The serial line model (line.c). baud: the line's rate; paced: move at
 * most baud/10 bytes/s each way (otherwise as fast as the pty goes); a rate
 * above max_baud (0: no limit) damages every byte, as an out-of-tolerance
 * UART would. */
void sim_line_setup(int master, int slave, uint32_t baud, int paced, uint32_t max_baud);
int sim_line_set_baud(uint32_t baud); /* after what was written has left; 0, or -1 */
uint32_t sim_line_baud(void);
int sim_line_paced(void);
void sim_line_write(const uint8_t* bytes, size_t n); /* queues (paced) or writes them */
size_t sim_line_read(uint8_t* buf, size_t max);      /* bytes that have arrived, non-blocking */
uint32_t sim_line_arrived(void);                     /* bytes ever arrived (read or waiting) */
void sim_line_idle(void);                            /* waits for input, at most ~20 ms */
void sim_line_drop_input(void);

/* Timing isolation: pins the process to the highest-numbered CPU it may use
 * (the harness keeps its threads off that one, harness/run/cpu_affinity.h).
 * HB_SIM_PIN=0 leaves it unpinned. Returns the CPU, or -1 when not pinned. */
int sim_pin_cpu(void);

/* HB_SIM_SLOWDOWN=F (1 < F <= 100) makes every timed inference take F times
 * as long, by busy-waiting inside the timed region: a real slower board, for
 * testing that `hilbench check` catches it. Returns F (1 when unset). */
double sim_slowdown_setup(void);

#endif
