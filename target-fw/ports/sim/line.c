/* The sim board's serial line: the pty moves bytes as fast as the kernel
 * copies them, about 26x faster than a 921,600 Bd UART. With pacing on, this
 * model makes each direction carry at most baud/10 bytes per second (8N1),
 * the way a UART does, so link efficiency and transfer/inference overlap can
 * be measured here.
 *
 * Two threads stand in for a UART's DMA, so the line keeps moving whatever
 * the app does (parsing, or running the model):
 *  - receive: takes bytes off the pty as soon as they are there and stamps
 *    them with the time they finish arriving on a line of this rate (back to
 *    back after the previous ones); the app only gets bytes whose time has
 *    come. The port then announces rx_policy ring_dma, which is what this is.
 *  - transmit: the app's writes go into a queue (returning at once, as into a
 *    DMA buffer); the thread hands them to the host in small pieces, each when
 *    its last bit would have left.
 * A line that was busy stays on its own schedule even when a thread wakes
 * late (a loaded host), so scheduling delay does not cost line time; only
 * after an idle line may a late thread catch up by at most SLACK, so no busy
 * period ever carries more than baud/10 bytes/s.
 *
 * A rate above --max-baud "fails" like a UART clocked out of tolerance:
 * every byte arrives damaged, both ways (baud negotiation's fallback test). */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "sim.h"

#define SIM_LINE_QUEUE 65536u       /* bytes on the "wire" towards us: 32 frames and more */
#define SIM_LINE_TXQ 8192u          /* bytes queued for sending */
#define SIM_RX_SLACK_NS 500000ull   /* receive thread: woken by poll, late by little */
#define SIM_TX_SLACK_NS 20000000ull /* transmit thread: sleeps, may wake late on a loaded host */
#define SIM_LINE_TX_PIECE 64u       /* bytes handed to the host at once */
#define SIM_WRITE_STALL_MS 1000     /* a host that reads nothing for this long is gone */
#define SIM_LINE_DAMAGE 0xA5u       /* what a failing rate does to every byte */

static struct {
  int master, slave;
  int paced;
  uint32_t baud, max_baud;
  double ns_per_byte;
  /* receive queue (ring) and the time its last byte finishes arriving */
  uint8_t q[SIM_LINE_QUEUE];
  uint32_t q_head, q_count;
  uint64_t rx_line_ns;
  uint32_t read_total;
  /* transmit queue and the time the last byte sent finished leaving */
  uint8_t t[SIM_LINE_TXQ];
  uint32_t t_head, t_count, t_busy; /* t_busy: bytes taken by the thread, not yet written */
  uint64_t tx_line_ns;
  pthread_mutex_t mu;
  pthread_cond_t cv; /* transmit queue changed */
} L = {.master = -1, .slave = -1, .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void sleep_ns(uint64_t ns) {
  struct timespec ts = {(time_t)(ns / 1000000000u), (long)(ns % 1000000000u)};
  (void)nanosleep(&ts, NULL);
}

static int failing(void) { return L.max_baud != 0 && L.baud > L.max_baud; }

/* Start of the next transfer on a line whose last one ended at `line`. */
static uint64_t line_start(uint64_t line, uint64_t t, uint64_t slack) { return line + slack < t ? t - slack : line; }

/* Bytes of the receive queue still on the wire at time t. */
static uint32_t in_flight(uint64_t t) {
  if (L.rx_line_ns <= t) return 0;
  double n = (double)(L.rx_line_ns - t) / L.ns_per_byte;
  uint32_t k = (uint32_t)n + ((double)(uint32_t)n < n ? 1u : 0u);
  return k < L.q_count ? k : L.q_count;
}

/* Moves what the host wrote into the queue, stamped with its arrival time.
 * Called with L.mu held. */
static void rx_pull(void) {
  while (L.q_count < SIM_LINE_QUEUE) {
    uint32_t tail = (L.q_head + L.q_count) % SIM_LINE_QUEUE;
    uint32_t room = SIM_LINE_QUEUE - L.q_count;
    if (room > SIM_LINE_QUEUE - tail) room = SIM_LINE_QUEUE - tail;
    ssize_t r = read(L.master, L.q + tail, room);
    if (r <= 0) return;
    uint64_t start = line_start(L.rx_line_ns, now_ns(), SIM_RX_SLACK_NS);
    L.rx_line_ns = start + (uint64_t)((double)r * L.ns_per_byte);
    L.q_count += (uint32_t)r;
  }
}

static void* rx_thread(void* arg) {
  (void)arg;
  while (!sim_stop) {
    struct pollfd pf = {L.master, POLLIN, 0};
    (void)poll(&pf, 1, 5);
    pthread_mutex_lock(&L.mu);
    uint32_t full = L.q_count == SIM_LINE_QUEUE;
    rx_pull();
    pthread_mutex_unlock(&L.mu);
    if (full) sleep_ns(500000u); /* queue full: the host's writes wait in the pty */
  }
  return NULL;
}

/* Writes every byte to the host, blocking like a UART whose FIFO is full. */
static void raw_write(const uint8_t* bytes, size_t n) {
  int flushed = 0;
  while (n > 0 && !sim_stop) {
    ssize_t w = write(L.master, bytes, n);
    if (w > 0) {
      bytes += w;
      n -= (size_t)w;
      continue;
    }
    if (w < 0 && errno == EINTR) continue;
    if (w < 0 && errno != EAGAIN) return; /* master gone: nothing to talk to */
    struct pollfd pf = {L.master, POLLOUT, 0};
    if (poll(&pf, 1, SIM_WRITE_STALL_MS) > 0) continue;
    if (sim_stop) return;
    /* Nobody has read for a while (host gone, buffer full): discard what
     * waits for the host once, then give up on these bytes. */
    if (flushed) return;
    (void)tcflush(L.slave, TCIFLUSH);
    flushed = 1;
  }
}

static void* tx_thread(void* arg) {
  (void)arg;
  uint8_t piece[SIM_LINE_TX_PIECE];
  pthread_mutex_lock(&L.mu);
  while (!sim_stop) {
    if (L.t_count == 0) {
      struct timespec ts;
      clock_gettime(CLOCK_REALTIME, &ts);
      ts.tv_nsec += 20000000;
      if (ts.tv_nsec >= 1000000000) ts.tv_sec++, ts.tv_nsec -= 1000000000;
      (void)pthread_cond_timedwait(&L.cv, &L.mu, &ts);
      continue;
    }
    uint32_t k = L.t_count < SIM_LINE_TX_PIECE ? L.t_count : SIM_LINE_TX_PIECE;
    for (uint32_t i = 0; i < k; ++i) piece[i] = L.t[(L.t_head + i) % SIM_LINE_TXQ];
    L.t_head = (L.t_head + k) % SIM_LINE_TXQ;
    L.t_count -= k;
    L.t_busy = k;
    uint64_t start = line_start(L.tx_line_ns, now_ns(), SIM_TX_SLACK_NS);
    uint64_t done = start + (uint64_t)((double)k * L.ns_per_byte);
    L.tx_line_ns = done;
    int damage = failing();
    pthread_cond_broadcast(&L.cv); /* room in the queue */
    pthread_mutex_unlock(&L.mu);
    if (damage)
      for (uint32_t i = 0; i < k; ++i) piece[i] ^= SIM_LINE_DAMAGE;
    uint64_t t;
    while ((t = now_ns()) < done && !sim_stop) sleep_ns(done - t);
    raw_write(piece, k);
    pthread_mutex_lock(&L.mu);
    L.t_busy = 0;
    pthread_cond_broadcast(&L.cv); /* drained? */
  }
  pthread_mutex_unlock(&L.mu);
  return NULL;
}

void sim_line_setup(int master, int slave, uint32_t baud, int paced, uint32_t max_baud) {
  L.master = master;
  L.slave = slave;
  L.paced = paced && baud > 0;
  L.max_baud = max_baud;
  L.baud = baud ? baud : 921600u;
  L.ns_per_byte = 1e10 / (double)L.baud; /* 10 bit times per byte (8N1) */
  if (L.paced) {
    pthread_t rx, tx;
    if (pthread_create(&rx, NULL, rx_thread, NULL) != 0 || pthread_create(&tx, NULL, tx_thread, NULL) != 0) {
      L.paced = 0; /* cannot model the line: serve unpaced rather than not at all */
      return;
    }
    (void)pthread_detach(rx);
    (void)pthread_detach(tx);
  }
}

/* Waits until every byte written so far has left (paced: its line time has
 * passed and the host has it). Called with L.mu held. */
static void tx_drain_locked(void) {
  while (L.paced && (L.t_count || L.t_busy) && !sim_stop) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 20000000;
    if (ts.tv_nsec >= 1000000000) ts.tv_sec++, ts.tv_nsec -= 1000000000;
    (void)pthread_cond_timedwait(&L.cv, &L.mu, &ts);
  }
}

int sim_line_set_baud(uint32_t baud) {
  if (baud == 0) return -1;
  pthread_mutex_lock(&L.mu);
  tx_drain_locked(); /* what was written leaves at the old rate */
  L.baud = baud;
  L.ns_per_byte = 1e10 / (double)baud;
  pthread_mutex_unlock(&L.mu);
  return 0;
}

uint32_t sim_line_baud(void) { return L.baud; }
int sim_line_paced(void) { return L.paced; }

size_t sim_line_read(uint8_t* buf, size_t max) {
  size_t n = 0;
  if (!L.paced) {
    ssize_t r = read(L.master, buf, max);
    n = r > 0 ? (size_t)r : 0;
  } else {
    pthread_mutex_lock(&L.mu);
    rx_pull();
    uint32_t ready = L.q_count - in_flight(now_ns());
    n = ready < max ? ready : max;
    for (size_t i = 0; i < n; ++i) {
      buf[i] = L.q[L.q_head];
      L.q_head = (L.q_head + 1u) % SIM_LINE_QUEUE;
    }
    L.q_count -= (uint32_t)n;
    pthread_mutex_unlock(&L.mu);
  }
  if (failing())
    for (size_t i = 0; i < n; ++i) buf[i] ^= SIM_LINE_DAMAGE;
  L.read_total += (uint32_t)n;
  return n;
}

uint32_t sim_line_arrived(void) {
  /* The pty never drops (the writer blocks): what arrived = what we read +
   * what waits in our queue and in the master's input buffer. */
  int pending = 0;
  if (ioctl(L.master, FIONREAD, &pending) != 0 || pending < 0) pending = 0;
  pthread_mutex_lock(&L.mu);
  uint32_t n = L.read_total + L.q_count + (uint32_t)pending;
  pthread_mutex_unlock(&L.mu);
  return n;
}

void sim_line_write(const uint8_t* bytes, size_t n) {
  if (!L.paced) {
    uint8_t piece[SIM_LINE_TX_PIECE];
    while (n > 0) {
      size_t k = n < sizeof piece ? n : sizeof piece;
      memcpy(piece, bytes, k);
      if (failing())
        for (size_t i = 0; i < k; ++i) piece[i] ^= SIM_LINE_DAMAGE;
      raw_write(piece, k);
      bytes += k;
      n -= k;
    }
    return;
  }
  pthread_mutex_lock(&L.mu);
  while (n > 0 && !sim_stop) {
    if (L.t_count == SIM_LINE_TXQ) { /* queue full: block, as a UART would */
      struct timespec ts;
      clock_gettime(CLOCK_REALTIME, &ts);
      ts.tv_nsec += 20000000;
      if (ts.tv_nsec >= 1000000000) ts.tv_sec++, ts.tv_nsec -= 1000000000;
      (void)pthread_cond_timedwait(&L.cv, &L.mu, &ts);
      continue;
    }
    L.t[(L.t_head + L.t_count) % SIM_LINE_TXQ] = *bytes++;
    L.t_count++;
    n--;
  }
  pthread_cond_broadcast(&L.cv);
  pthread_mutex_unlock(&L.mu);
}

void sim_line_idle(void) {
  if (sim_stop) return;
  if (L.paced) {
    /* Until the next bytes are in (at most 1 ms: the thread may queue more). */
    pthread_mutex_lock(&L.mu);
    uint64_t t = now_ns();
    uint32_t wait = in_flight(t);
    uint64_t first = wait ? L.rx_line_ns - (uint64_t)((double)(wait - 1u) * L.ns_per_byte) : t + 1000000u;
    pthread_mutex_unlock(&L.mu);
    uint64_t d = first > t ? first - t : 0;
    sleep_ns(d < 50000u ? 50000u : d > 1000000u ? 1000000u : d);
    return;
  }
  /* Short enough for retransmission timeouts and a prompt exit on signals
   * that arrive just before poll() (poll itself returns EINTR). */
  struct pollfd pf = {L.master, POLLIN, 0};
  (void)poll(&pf, 1, 20);
}

void sim_line_drop_input(void) {
  pthread_mutex_lock(&L.mu);
  (void)tcflush(L.master, TCIFLUSH);
  L.q_head = L.q_count = 0;
  pthread_mutex_unlock(&L.mu);
}
