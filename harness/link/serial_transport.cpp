#include "link/serial_transport.h"

#include <fcntl.h>
#include <glob.h>
#include <sys/ioctl.h>
#include <termios.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "common/error.h"
#include "link/asio.h"

namespace hb::link {

struct SerialTransport::Port {
  boost::asio::io_context io;
  boost::asio::serial_port port{io};
};

namespace {

bool has_wildcard(const std::string& s) { return s.find_first_of("*?[") != std::string::npos; }

// What to check next, by the reason the open failed.
std::string open_hint(const boost::system::error_code& ec) {
  switch (ec.value()) {
    case ENOENT:
    case ENODEV:
    case ENXIO:
      return "is the board plugged in?";
    case EACCES:
    case EPERM:
      return "no permission: add your user to the 'dialout' group, then log in again";
    case EBUSY:
      return "in use by another program (another hilbench, a terminal, ModemManager?)";
    default:
      return "check the board's link.device in its descriptor";
  }
}

}  // namespace

std::vector<std::string> expand_serial_glob(const std::string& device) {
  if (!has_wildcard(device)) return {device};
  glob_t g{};
  std::vector<std::string> out;
  if (::glob(device.c_str(), 0, nullptr, &g) == 0)
    for (size_t i = 0; i < g.gl_pathc; ++i) out.emplace_back(g.gl_pathv[i]);
  ::globfree(&g);
  std::sort(out.begin(), out.end());
  return out;
}

SerialTransport::SerialTransport(const std::string& board, const std::string& device, unsigned baud)
    : FdTransport(board, device), port_(std::make_unique<Port>()), baud_(baud) {
  const std::string prefix = "board " + board + ": serial port " + device + ": ";
  std::vector<std::string> found = expand_serial_glob(device);
  if (found.empty()) throw Error(prefix + "no device matches (is the board plugged in?)");
  if (found.size() > 1) {
    std::string list;
    for (const auto& f : found) list += (list.empty() ? "" : ", ") + f;
    throw Error(prefix + "matches " + std::to_string(found.size()) + " devices (" + list +
                "): name one in the board descriptor");
  }
  // Report the node the kernel uses (/dev/pts/5, /dev/ttyACM0): that is what
  // dmesg and lsof show, while by-id links and sim symlinks are just names.
  std::error_code fec;
  std::string path = found[0];
  std::string real = std::filesystem::canonical(path, fec).string();
  if (!fec) set_endpoint(real);

  boost::system::error_code ec;
  port_->port.open(path, ec);
  if (ec) throw Error(prefix + ec.message() + " (" + open_hint(ec) + ")");

  using boost::asio::serial_port_base;
  auto set = [&](const auto& opt, const char* what) {
    port_->port.set_option(opt, ec);
    if (ec) throw Error(prefix + "cannot set " + what + ": " + ec.message());
  };
  // Asio's open already made the line raw (no echo, no CR/LF mapping, no
  // signals); these pin the frame format the firmware uses.
  set(serial_port_base::character_size(8), "8 data bits");
  set(serial_port_base::parity(serial_port_base::parity::none), "no parity");
  set(serial_port_base::stop_bits(serial_port_base::stop_bits::one), "1 stop bit");
  set(serial_port_base::flow_control(serial_port_base::flow_control::none), "no flow control");

  const int f = port_->port.native_handle();
  if (const int err = set_tty_speed(f, baud))
    throw Error(prefix + "cannot set " + std::to_string(baud) + " Bd: " + std::strerror(err));
  // A second hilbench on the same board would interleave frames: refuse it.
  // (Best effort: not every tty driver supports it.)
  (void)::ioctl(f, TIOCEXCL);
  // Bytes from before this session (a previous run's frames, boot banners)
  // would only be decoded as garbage.
  ::tcflush(f, TCIOFLUSH);
  // Asio opens with O_NONBLOCK already; FdTransport relies on it, so say so.
  const int fl = ::fcntl(f, F_GETFL);
  if (fl < 0 || ::fcntl(f, F_SETFL, fl | O_NONBLOCK) < 0)
    throw Error(prefix + "cannot make non-blocking: " + std::strerror(errno));
}

SerialTransport::~SerialTransport() { close(); }

bool SerialTransport::set_baud(unsigned baud) {
  const int f = fd();
  if (f < 0) throw Error("board " + board() + ": serial port " + endpoint() + ": set baud after close");
  // Bytes still queued would leave at the new rate and arrive as garbage.
  ::tcdrain(f);
  const int err = set_tty_speed(f, baud);
  if (err != 0)
    throw Error("board " + board() + ": serial port " + endpoint() + ": cannot set " + std::to_string(baud) +
                " Bd: " + std::strerror(err));
  baud_ = baud;
  return true;
}

void SerialTransport::drop_input() {
  const int f = fd();
  if (f >= 0) ::tcflush(f, TCIFLUSH);
}

void SerialTransport::close() {
  if (!port_ || !port_->port.is_open()) return;
  boost::system::error_code ec;
  port_->port.close(ec);  // nothing useful to do about a failing close
}

bool SerialTransport::is_open() const { return port_ && port_->port.is_open(); }

int SerialTransport::fd() const {
  return is_open() ? const_cast<boost::asio::serial_port&>(port_->port).native_handle() : -1;
}

std::string SerialTransport::hangup_hint() const {
  return "did the firmware exit, or was the board unplugged or reset?";
}

}  // namespace hb::link
