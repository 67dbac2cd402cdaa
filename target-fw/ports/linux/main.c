/* hb-fw-linux --plan PLAN.bin (--listen PORT [--bind ADDR] | --tty DEV [--baud B])
 *             [--board-id ID] [--timer auto|pmu|clock] [--cpu-hz HZ]
 * Serves the protocol until SIGTERM/SIGINT. --listen binds 127.0.0.1 unless
 * --bind says otherwise (the protocol is unauthenticated: see README). --listen 0 picks a free port;
 * the port in use is printed on stderr ("listening on ADDR:PORT"). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "app/app.h"
#include "linux_port.h"

volatile sig_atomic_t lx_stop;

static _Alignas(16) uint8_t g_plan[LX_PLAN_MAX];

static void on_signal(int sig) {
  (void)sig;
  lx_stop = 1;
}

static int usage(const char* msg) {
  if (msg) fprintf(stderr, "hb-fw-linux: %s\n", msg);
  fprintf(stderr,
          "usage: hb-fw-linux --plan PLAN.bin (--listen PORT [--bind ADDR] | --tty DEV [--baud B])\n"
          "                   [--board-id ID] [--timer auto|pmu|clock] [--cpu-hz HZ]\n");
  return 2;
}

static long load_plan(const char* path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    fprintf(stderr, "hb-fw-linux: %s: %s\n", path, fd < 0 ? strerror(errno) : "not a regular file");
    if (fd >= 0) close(fd);
    return -1;
  }
  if ((unsigned long long)st.st_size > LX_PLAN_MAX) {
    fprintf(stderr, "hb-fw-linux: %s: %lld bytes is more than the %u-byte plan buffer\n", path, (long long)st.st_size,
            LX_PLAN_MAX);
    close(fd);
    return -1;
  }
  size_t got = 0, want = (size_t)st.st_size;
  while (got < want) {
    ssize_t r = read(fd, g_plan + got, want - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) {
      fprintf(stderr, "hb-fw-linux: %s: read failed\n", path);
      close(fd);
      return -1;
    }
    got += (size_t)r;
  }
  close(fd);
  return (long)got;
}

static int listen_on(const char* bind_addr, long port) {
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons((uint16_t)port);
  if (inet_pton(AF_INET, bind_addr, &a.sin_addr) != 1) {
    fprintf(stderr, "hb-fw-linux: --bind %s: not an IPv4 address\n", bind_addr);
    return -1;
  }
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int one = 1;
  if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
      bind(fd, (struct sockaddr*)&a, sizeof a) != 0 || listen(fd, 1) != 0) {
    fprintf(stderr, "hb-fw-linux: listen on %s:%ld: %s\n", bind_addr, port, strerror(errno));
    if (fd >= 0) close(fd);
    return -1;
  }
  socklen_t len = sizeof a;
  (void)getsockname(fd, (struct sockaddr*)&a, &len);
  fprintf(stderr, "hb-fw-linux: listening on %s:%u\n", bind_addr, (unsigned)ntohs(a.sin_port));
  return fd;
}

static speed_t baud_code(long baud) {
  switch (baud) {
    case 115200:
      return B115200;
    case 230400:
      return B230400;
    case 460800:
      return B460800;
    case 921600:
      return B921600;
    case 1000000:
      return B1000000;
    case 2000000:
      return B2000000;
    default:
      return 0;
  }
}

static int open_tty(const char* dev, long baud) {
  const speed_t sp = baud_code(baud);
  if (!sp) {
    fprintf(stderr, "hb-fw-linux: --baud %ld not supported\n", baud);
    return -1;
  }
  int fd = open(dev, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  struct termios t;
  if (fd < 0 || tcgetattr(fd, &t) != 0) {
    fprintf(stderr, "hb-fw-linux: %s: %s\n", dev, strerror(errno));
    if (fd >= 0) close(fd);
    return -1;
  }
  cfmakeraw(&t);
  t.c_cflag |= CLOCAL | CREAD;
  t.c_cflag &= ~(tcflag_t)CRTSCTS;
  (void)cfsetispeed(&t, sp);
  (void)cfsetospeed(&t, sp);
  if (tcsetattr(fd, TCSANOW, &t) != 0) {
    fprintf(stderr, "hb-fw-linux: %s: tcsetattr: %s\n", dev, strerror(errno));
    close(fd);
    return -1;
  }
  (void)tcflush(fd, TCIOFLUSH);
  return fd;
}

int main(int argc, char** argv) {
  /* Loopback by default: the protocol has no authentication, so the host
   * reaches it through an ssh port forward. --bind 0.0.0.0 (or a lab
   * address) opens it to that network: anyone there can then load inputs,
   * run and reset the board. */
  const char *plan_path = NULL, *tty = NULL, *bind_addr = "127.0.0.1";
  long port = -1, baud = 921600;
  lx_config c = {.board = "mp157", .listen_fd = -1, .tty_fd = -1, .timer = "auto"};
  for (int i = 1; i < argc; ++i) {
    const char* a = argv[i];
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      usage(NULL);
      return 0;
    }
    if (i + 1 >= argc) return usage("missing value after an option");
    const char* v = argv[++i];
    char* end = NULL;
    if (strcmp(a, "--plan") == 0) {
      plan_path = v;
    } else if (strcmp(a, "--listen") == 0) {
      port = strtol(v, &end, 10);
      if (*end || port < 0 || port > 65535) return usage("--listen takes a port number 0..65535");
    } else if (strcmp(a, "--bind") == 0) {
      bind_addr = v;
    } else if (strcmp(a, "--tty") == 0) {
      tty = v;
    } else if (strcmp(a, "--baud") == 0) {
      baud = strtol(v, &end, 10);
      if (*end) return usage("--baud takes a number");
    } else if (strcmp(a, "--board-id") == 0) {
      c.board = v;
    } else if (strcmp(a, "--timer") == 0) {
      if (strcmp(v, "auto") && strcmp(v, "pmu") && strcmp(v, "clock")) return usage("--timer is auto, pmu or clock");
      c.timer = v;
    } else if (strcmp(a, "--cpu-hz") == 0) {
      c.cpu_hz = strtoull(v, &end, 10);
      if (*end) return usage("--cpu-hz takes a number");
    } else {
      return usage("unknown option");
    }
  }
  if ((port >= 0) == (tty != NULL)) return usage("give exactly one of --listen and --tty");
  if (!c.board[0] || strlen(c.board) > 63) return usage("--board-id must be 1..63 characters");
  if (plan_path) {
    const long n = load_plan(plan_path);
    if (n < 0) return 2;
    c.plan = g_plan;
    c.plan_len = (uint32_t)n;
  }

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal; /* no SA_RESTART: poll() returns EINTR */
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);

  if (port >= 0)
    c.listen_fd = listen_on(bind_addr, port);
  else
    c.tty_fd = open_tty(tty, baud);
  if (c.listen_fd < 0 && c.tty_fd < 0) return 1;
  if (lx_port_setup(&c) != 0) return 1;

  hb_app_init();
  fprintf(stderr, "hb-fw-linux: serving %s, timer %s\n", hb_app_model_name(), lx_timer_name());
  if (hb_app_plan_problem()[0]) fprintf(stderr, "hb-fw-linux: no model: %s\n", hb_app_plan_problem());
  while (!lx_stop) (void)hb_app_poll();
  return 0;
}
