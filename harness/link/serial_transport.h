// A serial port: a board's USB virtual COM port (/dev/ttyACM*, or a stable
// /dev/serial/by-id/* link), a USB-UART adapter, or the slave side of a
// pseudo-terminal (the sim board, socat). Raw 8N1, no flow control.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "link/fd_transport.h"

namespace hb::link {

class SerialTransport final : public FdTransport {
 public:
  // Opens `device` (a path, or a glob such as /dev/serial/by-id/usb-ST*-if02
  // that must match exactly one device), sets raw mode, 8N1, no flow control,
  // `baud`, takes exclusive access and drops stale input. Throws hb::Error
  // "board <board>: serial port <device>: <why> (<hint>)", e.g. "No such file
  // or directory (is the board plugged in?)". Does not block on the device.
  SerialTransport(const std::string& board, const std::string& device, unsigned baud);
  ~SerialTransport() override;

  void close() override;
  bool is_open() const override;
  unsigned baud() const override { return baud_; }
  // Any rate (termios2 BOTHER: 2,000,000 or 7,500,000 as well as the B*
  // constants), after tcdrain.
  bool set_baud(unsigned baud) override;
  void drop_input() override;

 protected:
  int fd() const override;
  std::string hangup_hint() const override;

 private:
  struct Port;  // keeps Asio out of this header
  std::unique_ptr<Port> port_;
  unsigned baud_ = 0;
};

// The devices a serial path or glob names, sorted (no match: empty). Paths
// without wildcards are returned as given, whether they exist or not.
std::vector<std::string> expand_serial_glob(const std::string& device);

// termios2 (TCGETS2/TCSETS2 with BOTHER): sets any input and output rate on
// an open tty. Returns 0 or an errno value. In its own file: the kernel's
// termios2 headers clash with glibc's <termios.h>.
int set_tty_speed(int fd, unsigned baud);

}  // namespace hb::link
