#include "link/fd_transport.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/error.h"

namespace hb::link {

namespace {

int ms_until(Transport::Clock::time_point deadline) {
  auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Transport::Clock::now()).count();
  if (left <= 0) return 0;
  return left > 60000 ? 60000 : static_cast<int>(left);  // re-checked in the caller's loop
}

}  // namespace

size_t FdTransport::read_some(std::span<uint8_t> buf, Clock::time_point deadline) {
  if (buf.empty()) return 0;
  for (;;) {
    const int f = fd();
    if (f < 0) throw Error(where() + ": read after close");
    // Try first: data may already be waiting, and a hung-up pty reports
    // POLLHUP while still holding unread bytes.
    ssize_t n = ::read(f, buf.data(), buf.size());
    if (n > 0) {
      count_in(static_cast<size_t>(n));
      return static_cast<size_t>(n);
    }
    if (n == 0) throw Error(where() + ": connection closed by the other end (" + hangup_hint() + ")");
    if (errno == EIO) throw Error(where() + ": device went away (" + hangup_hint() + ")");
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
      throw Error(where() + ": read failed: " + std::strerror(errno));
    const int wait = ms_until(deadline);
    if (wait == 0) return 0;
    pollfd p{f, POLLIN, 0};
    int r = ::poll(&p, 1, wait);
    if (r < 0 && errno != EINTR) throw Error(where() + ": poll failed: " + std::strerror(errno));
    if (r == 0 && Clock::now() >= deadline) return 0;
    // Readable, hung up or error: the read above tells which.
  }
}

void FdTransport::write_all(std::span<const uint8_t> bytes) {
  auto stall_deadline = Clock::now() + write_timeout();
  while (!bytes.empty()) {
    const int f = fd();
    if (f < 0) throw Error(where() + ": write after close");
    ssize_t n =
        is_socket_ ? ::send(f, bytes.data(), bytes.size(), MSG_NOSIGNAL) : ::write(f, bytes.data(), bytes.size());
    if (n > 0) {
      count_out(static_cast<size_t>(n));
      bytes = bytes.subspan(static_cast<size_t>(n));
      stall_deadline = Clock::now() + write_timeout();  // progress: the board is reading
      continue;
    }
    if (n < 0 && (errno == EIO || errno == EPIPE || errno == ECONNRESET))
      throw Error(where() + ": connection lost while writing (" + hangup_hint() + ")");
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
      throw Error(where() + ": write failed: " + std::strerror(errno));
    const int wait = ms_until(stall_deadline);
    if (wait == 0)
      throw Error(where() + ": write stalled for " + std::to_string(write_timeout().count()) +
                  " ms (the board is not reading)");
    pollfd p{f, POLLOUT, 0};
    if (::poll(&p, 1, wait) < 0 && errno != EINTR) throw Error(where() + ": poll failed: " + std::strerror(errno));
  }
}

}  // namespace hb::link
