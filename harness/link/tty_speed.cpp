// Any tty rate through termios2: BOTHER with the rate in c_ispeed/c_ospeed,
// which Linux serial drivers (cdc-acm for ST-LINK virtual COM ports, ftdi_sio,
// pty) accept besides the fixed B* constants. glibc's <termios.h> defines
// its own struct termios, so this file only includes the kernel's.
#include <asm/termbits.h>
#include <sys/ioctl.h>

#include <cerrno>

#include "link/serial_transport.h"

namespace hb::link {

int set_tty_speed(int fd, unsigned baud) {
  struct termios2 t {};
  if (::ioctl(fd, TCGETS2, &t) != 0) return errno;
  t.c_cflag &= ~static_cast<tcflag_t>(CBAUD | (CBAUD << IBSHIFT));
  t.c_cflag |= BOTHER | (BOTHER << IBSHIFT);
  t.c_ispeed = baud;
  t.c_ospeed = baud;
  if (::ioctl(fd, TCSETS2, &t) != 0) return errno;
  return 0;
}

}  // namespace hb::link
