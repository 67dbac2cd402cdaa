// A TCP byte stream to a board: ser2net in raw mode in front of a remote
// board's UART, a QEMU chardev socket (-serial tcp:...,server=on), or a Linux
// board's protocol server. TCP_NODELAY: frames are small and latency-bound.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "link/fd_transport.h"

namespace hb::link {

struct TcpOptions {
  std::chrono::milliseconds connect_timeout{5000};  // per attempt
  int attempts = 5;                                 // a QEMU just started may not listen yet
  std::chrono::milliseconds retry_delay{500};
};

class TcpTransport final : public FdTransport {
 public:
  // Resolves `host` and connects, retrying refused/unreachable/timed-out
  // attempts. Blocks for at most attempts * (connect_timeout + retry_delay)
  // plus name resolution. Throws hb::Error "board <board>: <host>:<port>:
  // <why> after N attempts (is ser2net/QEMU listening there?)".
  TcpTransport(const std::string& board, const std::string& host, uint16_t port, const TcpOptions& opts = {});
  ~TcpTransport() override;

  void close() override;
  bool is_open() const override;

 protected:
  int fd() const override;
  std::string hangup_hint() const override;

 private:
  struct Sock;  // keeps Asio out of this header
  std::unique_ptr<Sock> sock_;
};

}  // namespace hb::link
