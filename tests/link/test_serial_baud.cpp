// SerialTransport sets any line rate through termios2 (BOTHER), standard or
// not, on a real pty; the rate is read back from the kernel.
#include <asm/termbits.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "link/serial_transport.h"

namespace {

unsigned kernel_speed(const std::string& tty) {
  const int fd = ::open(tty.c_str(), O_RDWR | O_NOCTTY);
  if (fd < 0) return 0;
  struct termios2 t {};
  const int r = ::ioctl(fd, TCGETS2, &t);
  ::close(fd);
  return r == 0 ? t.c_ospeed : 0;
}

TEST(SerialBaud, SetsStandardAndCustomRates) {
  const int master = ::posix_openpt(O_RDWR | O_NOCTTY);
  ASSERT_GE(master, 0);
  ASSERT_EQ(::grantpt(master), 0);
  ASSERT_EQ(::unlockpt(master), 0);
  const std::string slave = ::ptsname(master);
  {
    hb::link::SerialTransport t("b", slave, 921600);
    EXPECT_EQ(t.baud(), 921600u);
    EXPECT_EQ(kernel_speed(slave), 921600u);
    EXPECT_TRUE(t.set_baud(3000000));
    EXPECT_EQ(t.baud(), 3000000u);
    EXPECT_EQ(kernel_speed(slave), 3000000u);
    EXPECT_TRUE(t.set_baud(1843200));  // no B* constant for it
    EXPECT_EQ(kernel_speed(slave), 1843200u);
    t.close();
    EXPECT_THROW(t.set_baud(921600), std::exception);
  }
  ::close(master);
}

}  // namespace
