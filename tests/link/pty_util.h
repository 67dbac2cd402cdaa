// Test helpers for the link and session suites: real pseudo-terminals and
// loopback TCP sockets, plus a small deterministic RNG.
#pragma once

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace hb::linktest {

// splitmix64: same sequence on every platform.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint32_t below(uint32_t n) { return static_cast<uint32_t>(next() % n); }
  std::vector<uint8_t> bytes(size_t n) {
    std::vector<uint8_t> b(n);
    for (auto& x : b) x = static_cast<uint8_t>(next());
    return b;
  }

 private:
  uint64_t s_;
};

// A pseudo-terminal pair: the test plays the device on the master (non-
// blocking), the code under test opens slave_path like a serial port.
class Pty {
 public:
  Pty() {
    master_ = ::posix_openpt(O_RDWR | O_NOCTTY);
    if (master_ < 0 || ::grantpt(master_) != 0 || ::unlockpt(master_) != 0) throw std::runtime_error("posix_openpt");
    char name[128];
    if (::ptsname_r(master_, name, sizeof name) != 0) throw std::runtime_error("ptsname_r");
    slave_path_ = name;
    ::fcntl(master_, F_SETFL, ::fcntl(master_, F_GETFL) | O_NONBLOCK);
  }
  ~Pty() { close_master(); }
  Pty(const Pty&) = delete;
  Pty& operator=(const Pty&) = delete;

  int master() const { return master_; }
  const std::string& slave_path() const { return slave_path_; }
  void close_master() {
    if (master_ >= 0) ::close(master_);
    master_ = -1;
  }
  // Opens the slave side raw (for a test that plays the host itself).
  int open_slave_raw() const {
    int fd = ::open(slave_path_.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) throw std::runtime_error("open slave");
    termios t{};
    ::tcgetattr(fd, &t);
    ::cfmakeraw(&t);
    ::tcsetattr(fd, TCSANOW, &t);
    return fd;
  }

 private:
  int master_ = -1;
  std::string slave_path_;
};

// Writes all bytes to a non-blocking fd (poll while full); false on error.
inline bool write_fully(int fd, const uint8_t* p, size_t n) {
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w > 0) {
      p += w;
      n -= static_cast<size_t>(w);
      continue;
    }
    if (w < 0 && errno != EAGAIN && errno != EINTR) return false;
    pollfd pf{fd, POLLOUT, 0};
    ::poll(&pf, 1, 100);
  }
  return true;
}

// Reads exactly n bytes within timeout (non-blocking fd); returns what came.
inline std::vector<uint8_t> read_exactly(int fd, size_t n, std::chrono::milliseconds timeout) {
  std::vector<uint8_t> out;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  uint8_t buf[4096];
  while (out.size() < n && std::chrono::steady_clock::now() < deadline) {
    ssize_t r = ::read(fd, buf, std::min(sizeof buf, n - out.size()));
    if (r > 0) {
      out.insert(out.end(), buf, buf + r);
      continue;
    }
    pollfd pf{fd, POLLIN, 0};
    ::poll(&pf, 1, 20);
  }
  return out;
}

// A TCP socket bound to 127.0.0.1 on an ephemeral port (not yet listening).
class LoopbackSocket {
 public:
  LoopbackSocket() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throw std::runtime_error("bind");
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
  }
  ~LoopbackSocket() { close(); }
  LoopbackSocket(const LoopbackSocket&) = delete;
  LoopbackSocket& operator=(const LoopbackSocket&) = delete;
  void listen() { ::listen(fd_, 4); }
  // Accepts one connection within timeout; returns a non-blocking fd or -1.
  int accept(std::chrono::milliseconds timeout) {
    pollfd pf{fd_, POLLIN, 0};
    if (::poll(&pf, 1, static_cast<int>(timeout.count())) <= 0) return -1;
    int c = ::accept(fd_, nullptr, nullptr);
    if (c >= 0) ::fcntl(c, F_SETFL, ::fcntl(c, F_GETFL) | O_NONBLOCK);
    return c;
  }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

}  // namespace hb::linktest
