/* The sim board's serial line: the pty moves bytes as fast as the kernel
 * copies them, about 26x faster than a 921,600 Bd UART. With pacing on, this
 * model makes each direction carry at most baud/10 bytes per second (8N1),
 * the way a UART does, so link efficiency and transfer/inference overlap can
 * be measured here.
 *
 * Receive: a thread (the sim's "DMA") takes bytes from the pty as soon as
 * they are there, also while the app runs the model, and stamps them with the
 * time they would finish arriving on a line of this rate (back to back after
 * the previous ones); the app only gets bytes whose time has come. The port
 * then announces rx_policy ring_dma, which is what it models. Transmit: bytes are handed to the host in small pieces,
 * each when its last bit would have left. A little slack (SIM_LINE_SLACK_NS) stands in for the FIFO/DMA that keeps a
 * real UART busy while its CPU is late, so the host's scheduler does not cost line time; over any busy period the rate
 * never exceeds baud/10.
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

#define SIM_LINE_QUEUE 16384u        /* bytes on the "wire" towards us */
#define SIM_LINE_SLACK_NS 2000000ull /* 2 ms of catch-up after a late wake-up */
#define SIM_LINE_TX_PIECE 64u        /* bytes handed to the host at once */
#define SIM_WRITE_STALL_MS 1000      /* a host that reads nothing for this long is gone */
#define SIM_LINE_DAMAGE 0xA5u        /* what a failing rate does to every byte */

static struct {
  int master, slave;
  int paced;
  uint32_t baud, max_baud;
  double ns_per_byte;
  /* receive queue (ring) and the time its last byte finishes arriving */
  uint8_t q[SIM_LINE_QUEUE];
  uint32_t q_head, q_count;
  uint64_t rx_line_ns;
  uint64_t tx_line_ns; /* time the last byte we sent finished leaving */
  uint32_t read_total;
  pthread_mutex_t mu; /* guards the receive queue (the "DMA" thread fills it) */
} L = {.master = -1, .slave = -1, .mu = PTHREAD_MUTEX_INITIALIZER};

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

static void rx_pull(void);

/* The receive "DMA": keeps taking bytes off the pty, whatever the app does. */
static void* rx_dma(void* arg) {
  (void)arg;
  while (!sim_stop) {
    struct pollfd pf = {L.master, POLLIN, 0};
    (void)poll(&pf, 1, 1);
    pthread_mutex_lock(&L.mu);
    uint32_t full = L.q_count == SIM_LINE_QUEUE;
    rx_pull();
    pthread_mutex_unlock(&L.mu);
    if (full) sleep_ns(500000u); /* queue full: the host's writes wait in the pty */
  }
  return NULL;
}

void sim_line_setup(int master, int slave, uint32_t baud, int paced, uint32_t max_baud) {
  L.master = master;
  L.slave = slave;
  L.paced = paced && baud > 0;
  L.max_baud = max_baud;
  L.q_head = L.q_count = 0;
  L.rx_line_ns = L.tx_line_ns = 0;
  (void)sim_line_set_baud(baud);
  if (L.paced) {
    pthread_t th;
    if (pthread_create(&th, NULL, rx_dma, NULL) == 0)
      (void)pthread_detach(th);
    else
      L.paced = 0; /* cannot model the line: serve unpaced rather than not at all */
  }
}

int sim_line_set_baud(uint32_t baud) {
  if (baud == 0) return -1;
  pthread_mutex_lock(&L.mu);
  L.baud = baud;
  L.ns_per_byte = 1e10 / (double)baud; /* 10 bit times per byte (8N1) */
  pthread_mutex_unlock(&L.mu);
  return 0;
}

int sim_line_paced(void) { return L.paced; }

uint32_t sim_line_baud(void) { return L.baud; }

/* Bytes of the queue still on the wire at time t. */
static uint32_t in_flight(uint64_t t) {
  if (L.rx_line_ns <= t) return 0;
  double n = (double)(L.rx_line_ns - t) / L.ns_per_byte;
  uint32_t k = (uint32_t)n + ((double)(uint32_t)n < n ? 1u : 0u);
  return k < L.q_count ? k : L.q_count;
}

/* Moves what the host wrote into the queue, stamped with its arrival time. */
static void rx_pull(void) {
  while (L.q_count < SIM_LINE_QUEUE) {
    uint32_t tail = (L.q_head + L.q_count) % SIM_LINE_QUEUE;
    uint32_t room = SIM_LINE_QUEUE - L.q_count;
    if (room > SIM_LINE_QUEUE - tail) room = SIM_LINE_QUEUE - tail;
    ssize_t r = read(L.master, L.q + tail, room);
    if (r <= 0) return;
    uint64_t t = now_ns();
    uint64_t start = L.rx_line_ns + SIM_LINE_SLACK_NS < t ? t - SIM_LINE_SLACK_NS : L.rx_line_ns;
    L.rx_line_ns = start + (uint64_t)((double)r * L.ns_per_byte);
    L.q_count += (uint32_t)r;
  }
}

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

void sim_line_write(const uint8_t* bytes, size_t n) {
  uint8_t piece[SIM_LINE_TX_PIECE];
  while (n > 0 && !sim_stop) {
    size_t k = n < sizeof piece ? n : sizeof piece;
    memcpy(piece, bytes, k);
    if (failing())
      for (size_t i = 0; i < k; ++i) piece[i] ^= SIM_LINE_DAMAGE;
    if (L.paced) {
      uint64_t t = now_ns();
      uint64_t start = L.tx_line_ns + SIM_LINE_SLACK_NS < t ? t - SIM_LINE_SLACK_NS : L.tx_line_ns;
      uint64_t done = start + (uint64_t)((double)k * L.ns_per_byte);
      /* (The receive thread keeps receiving meanwhile: full duplex.) */
      while ((t = now_ns()) < done && !sim_stop) sleep_ns(done - t);
      L.tx_line_ns = done;
    }
    raw_write(piece, k);
    bytes += k;
    n -= k;
  }
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
