// Any tty rate through termios2: BOTHER with the rate in c_ispeed/c_ospeed,
// which Linux serial drivers (cdc-acm for ST-LINK virtual COM ports, ftdi_sio,
// pty) accept besides the fixed B* constants. glibc's <termios.h> defines
// its own struct termios, so this file only includes the kernel's.
#include <asm/termbits.h>
#include <sys/ioctl.h>

#include <cerrno>

#include "link/serial_transport.h"

namespace hb::link {

namespace {

// The fixed rates, so tools reading the settings with cfgetospeed (which
// only knows B* codes) see them as before; anything else goes as BOTHER.
tcflag_t fixed_code(unsigned baud) {
  switch (baud) {
    case 9600:
      return B9600;
    case 19200:
      return B19200;
    case 38400:
      return B38400;
    case 57600:
      return B57600;
    case 115200:
      return B115200;
    case 230400:
      return B230400;
    case 460800:
      return B460800;
    case 500000:
      return B500000;
    case 576000:
      return B576000;
    case 921600:
      return B921600;
    case 1000000:
      return B1000000;
    case 1152000:
      return B1152000;
    case 1500000:
      return B1500000;
    case 2000000:
      return B2000000;
    case 2500000:
      return B2500000;
    case 3000000:
      return B3000000;
    case 3500000:
      return B3500000;
    case 4000000:
      return B4000000;
    default:
      return BOTHER;
  }
}

}  // namespace

int set_tty_speed(int fd, unsigned baud) {
  struct termios2 t {};
  if (::ioctl(fd, TCGETS2, &t) != 0) return errno;
  // Input speed code 0 (the IBSHIFT field): "same as output".
  t.c_cflag &= ~static_cast<tcflag_t>(CBAUD | (CBAUD << IBSHIFT));
  t.c_cflag |= fixed_code(baud);
  t.c_ispeed = baud;
  t.c_ospeed = baud;
  if (::ioctl(fd, TCSETS2, &t) != 0) return errno;
  return 0;
}

}  // namespace hb::link
