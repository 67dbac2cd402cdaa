/* The sim board's "UART": a pseudo-terminal pair in raw mode. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "sim.h"

static int make_raw(int fd) {
  struct termios t;
  if (tcgetattr(fd, &t) != 0) return -1;
  cfmakeraw(&t);
  t.c_cc[VMIN] = 1;
  t.c_cc[VTIME] = 0;
  return tcsetattr(fd, TCSANOW, &t);
}

static int fail(const char** what, const char* call) {
  *what = call;
  return -1;
}

int sim_pty_open(sim_pty* p, const char** what) {
  p->master = p->slave = -1;
  p->master = posix_openpt(O_RDWR | O_NOCTTY);
  if (p->master < 0) return fail(what, "posix_openpt");
  if (grantpt(p->master) != 0) return fail(what, "grantpt");
  if (unlockpt(p->master) != 0) return fail(what, "unlockpt");
  const char* name = ptsname(p->master);
  if (!name || strlen(name) >= sizeof p->slave_path) return fail(what, "ptsname");
  strcpy(p->slave_path, name);
  /* Holding the slave open ourselves keeps the master from seeing a hangup
   * (EIO, POLLHUP) whenever a host closes its end, and keeps the raw settings
   * for the next host. Raw on the slave is what matters: with the default
   * ECHO every byte we send would come straight back to us. */
  p->slave = open(p->slave_path, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (p->slave < 0) return fail(what, "open slave");
  if (make_raw(p->slave) != 0) return fail(what, "tcsetattr slave");
  if (make_raw(p->master) != 0) return fail(what, "tcsetattr master");
  int fl = fcntl(p->master, F_GETFL);
  if (fl < 0 || fcntl(p->master, F_SETFL, fl | O_NONBLOCK) != 0) return fail(what, "fcntl O_NONBLOCK");
  (void)fcntl(p->master, F_SETFD, FD_CLOEXEC);
  return 0;
}

void sim_pty_close(sim_pty* p) {
  if (p->slave >= 0) close(p->slave);
  if (p->master >= 0) close(p->master);
  p->master = p->slave = -1;
}
