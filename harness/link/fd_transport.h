// Deadline I/O on a non-blocking file descriptor (poll + read/write), shared
// by the serial and TCP transports: Asio opens and configures the device or
// socket, this moves the bytes. poll() gives exact deadlines with no hidden
// threads or cancellation races.
#pragma once

#include <string>

#include "link/transport.h"

namespace hb::link {

class FdTransport : public Transport {
 public:
  void write_all(std::span<const uint8_t> bytes) override;
  size_t read_some(std::span<uint8_t> buf, Clock::time_point deadline) override;

 protected:
  FdTransport(std::string board, std::string endpoint) : Transport(std::move(board), std::move(endpoint)) {}
  // The open descriptor, or -1 once closed.
  virtual int fd() const = 0;
  // Why the other end may have gone, appended to "connection closed" errors.
  virtual std::string hangup_hint() const = 0;
  // "board <name>: <endpoint>: <what>"
  std::string where() const { return "board " + board() + ": " + endpoint(); }
  // Sockets write with send(MSG_NOSIGNAL): a peer that vanished must give an
  // error, not a SIGPIPE that kills the whole run.
  bool is_socket_ = false;
};

}  // namespace hb::link
