#include "link/tcp_transport.h"

#include <fcntl.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <thread>

#include "common/error.h"
#include "link/asio.h"

namespace hb::link {

using boost::asio::ip::tcp;

struct TcpTransport::Sock {
  boost::asio::io_context io;
  tcp::socket socket{io};
};

TcpTransport::TcpTransport(const std::string& board, const std::string& host, uint16_t port, const TcpOptions& opts)
    : FdTransport(board, host + ":" + std::to_string(port)), sock_(std::make_unique<Sock>()) {
  is_socket_ = true;
  const std::string prefix = "board " + board + ": " + endpoint() + ": ";
  boost::system::error_code ec;
  tcp::resolver resolver(sock_->io);
  auto endpoints = resolver.resolve(host, std::to_string(port), ec);
  if (ec) throw Error(prefix + "cannot resolve host: " + ec.message());

  const int attempts = opts.attempts < 1 ? 1 : opts.attempts;
  std::string last_error;
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    if (attempt > 1) std::this_thread::sleep_for(opts.retry_delay);
    std::optional<boost::system::error_code> result;
    sock_->socket = tcp::socket(sock_->io);
    boost::asio::async_connect(sock_->socket, endpoints,
                               [&](const boost::system::error_code& e, const tcp::endpoint&) { result = e; });
    sock_->io.restart();
    sock_->io.run_for(opts.connect_timeout);
    if (!result) {
      // Timed out: closing cancels the connect; run its handler to completion
      // so nothing refers to this frame's locals afterwards.
      sock_->socket.close(ec);
      sock_->io.restart();
      sock_->io.run();
      last_error = "connect timed out after " + std::to_string(opts.connect_timeout.count()) + " ms";
      continue;
    }
    if (*result) {
      last_error = result->message();
      continue;
    }
    sock_->socket.set_option(tcp::no_delay(true), ec);
    if (ec) throw Error(prefix + "cannot set TCP_NODELAY: " + ec.message());
    // A board that disappears without a FIN (unplugged, rebooted) is then
    // found by the session timeouts; keepalive cleans up the socket too.
    sock_->socket.set_option(boost::asio::socket_base::keep_alive(true), ec);
    const int f = sock_->socket.native_handle();
    const int fl = ::fcntl(f, F_GETFL);
    if (fl < 0 || ::fcntl(f, F_SETFL, fl | O_NONBLOCK) < 0)
      throw Error(prefix + "cannot make non-blocking: " + std::strerror(errno));
    return;
  }
  throw Error(prefix + last_error + " after " + std::to_string(attempts) + " attempt" + (attempts == 1 ? "" : "s") +
              " (is ser2net/QEMU/the board's server listening there?)");
}

TcpTransport::~TcpTransport() { close(); }

void TcpTransport::close() {
  if (!sock_ || !sock_->socket.is_open()) return;
  boost::system::error_code ec;
  sock_->socket.shutdown(tcp::socket::shutdown_both, ec);
  sock_->socket.close(ec);
}

bool TcpTransport::is_open() const { return sock_ && sock_->socket.is_open(); }

int TcpTransport::fd() const { return is_open() ? const_cast<tcp::socket&>(sock_->socket).native_handle() : -1; }

std::string TcpTransport::hangup_hint() const {
  return "did QEMU or the board's server exit, or ser2net drop the connection?";
}

}  // namespace hb::link
