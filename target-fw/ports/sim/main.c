/* hb-fw-sim --plan PLAN.bin --pty-link PATH [--board-id ID]
 * Serves the protocol on a pseudo-terminal whose slave is reachable as PATH
 * (a symlink, like socat's link=) until SIGTERM/SIGINT. --hang-at K makes
 * inference K (0 = the first of this process) hang: a test's stuck board. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "sim.h"

volatile sig_atomic_t sim_stop;

/* The "flash" region the plan is programmed into. */
static _Alignas(16) uint8_t g_plan[SIM_PLAN_MAX];

static void on_signal(int sig) {
  (void)sig;
  sim_stop = 1;
}

static int usage(const char* msg) {
  if (msg) fprintf(stderr, "hb-fw-sim: %s\n", msg);
  fprintf(stderr, "usage: hb-fw-sim --plan PLAN.bin --pty-link PATH [--board-id ID] [--hang-at K]\n");
  return 2;
}

/* Reads the plan file. Returns its size, or -1 after printing why. */
static long load_plan(const char* path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) {
    fprintf(stderr, "hb-fw-sim: %s: %s\n", path, strerror(errno));
    if (fd >= 0) close(fd);
    return -1;
  }
  if (!S_ISREG(st.st_mode)) {
    fprintf(stderr, "hb-fw-sim: %s: not a regular file\n", path);
    close(fd);
    return -1;
  }
  if ((unsigned long long)st.st_size > SIM_PLAN_MAX) {
    fprintf(stderr, "hb-fw-sim: %s: %lld bytes does not fit the %u-byte plan region\n", path, (long long)st.st_size,
            SIM_PLAN_MAX);
    close(fd);
    return -1;
  }
  size_t got = 0, want = (size_t)st.st_size;
  while (got < want) {
    ssize_t r = read(fd, g_plan + got, want - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) {
      fprintf(stderr, "hb-fw-sim: %s: read failed: %s\n", path, r < 0 ? strerror(errno) : "file shrank");
      close(fd);
      return -1;
    }
    got += (size_t)r;
  }
  close(fd);
  return (long)got;
}

/* PATH -> slave device. A stale symlink (from a killed run) is replaced;
 * anything else at PATH is left alone. */
static int make_link(const char* link, const char* target) {
  struct stat st;
  if (lstat(link, &st) == 0) {
    if (!S_ISLNK(st.st_mode)) {
      fprintf(stderr, "hb-fw-sim: %s exists and is not a symlink\n", link);
      return -1;
    }
    unlink(link);
  }
  if (symlink(target, link) != 0) {
    fprintf(stderr, "hb-fw-sim: symlink %s -> %s: %s\n", link, target, strerror(errno));
    return -1;
  }
  return 0;
}

/* Removes PATH only if it still points at our slave (another sim may own it now). */
static void remove_link(const char* link, const char* target) {
  char buf[PATH_MAX];
  ssize_t n = readlink(link, buf, sizeof buf - 1);
  if (n < 0) return;
  buf[n] = '\0';
  if (strcmp(buf, target) == 0) unlink(link);
}

int main(int argc, char** argv) {
  const char *plan_path = NULL, *link = NULL, *board = "sim";
  for (int i = 1; i < argc; ++i) {
    const char* a = argv[i];
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      usage(NULL);
      return 0;
    }
    if (i + 1 >= argc) return usage("missing value after an option");
    if (strcmp(a, "--plan") == 0)
      plan_path = argv[++i];
    else if (strcmp(a, "--pty-link") == 0)
      link = argv[++i];
    else if (strcmp(a, "--board-id") == 0)
      board = argv[++i];
    else if (strcmp(a, "--hang-at") == 0) {
      char* end = NULL;
      const long k = strtol(argv[++i], &end, 10);
      if (!end || *end || k < 0) return usage("--hang-at takes an inference number >= 0");
      sim_port_hang_at(k);
    } else
      return usage("unknown option");
  }
  if (!link) return usage("--pty-link is required");
  if (!board[0] || strlen(board) > 63) return usage("--board-id must be 1..63 characters");

  long plan_len = -1;
  if (plan_path) {
    plan_len = load_plan(plan_path);
    if (plan_len < 0) return 2;
  }

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal; /* no SA_RESTART: poll() returns EINTR */
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);

  sim_pty pty;
  const char* what = "";
  if (sim_pty_open(&pty, &what) != 0) {
    fprintf(stderr, "hb-fw-sim: %s: %s\n", what, strerror(errno));
    sim_pty_close(&pty);
    return 1;
  }
  if (make_link(link, pty.slave_path) != 0) {
    sim_pty_close(&pty);
    return 1;
  }
  sim_port_setup(board, &pty, plan_path ? g_plan : NULL, (uint32_t)(plan_len < 0 ? 0 : plan_len));
  hb_app_init();
  fprintf(stderr, "hb-fw-sim: serving %s on %s\n", hb_app_model_name(), pty.slave_path);
  if (hb_app_plan_problem()[0]) fprintf(stderr, "hb-fw-sim: no model: %s\n", hb_app_plan_problem());

  while (!sim_stop) hb_app_poll();

  remove_link(link, pty.slave_path);
  sim_pty_close(&pty);
  return 0;
}
