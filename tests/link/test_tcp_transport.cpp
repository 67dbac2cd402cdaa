// TcpTransport against local sockets (127.0.0.1, ephemeral ports): byte
// transparency, connect retries, and the errors for refused and closed links.
#include <gtest/gtest.h>

#include <thread>

#include "common/error.h"
#include "link/pty_util.h"
#include "link/tcp_transport.h"

using hb::link::TcpOptions;
using hb::link::TcpTransport;
using hb::linktest::LoopbackSocket;
using namespace std::chrono_literals;

namespace {

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const hb::Error& e) {
    return e.what();
  }
  return "(no hb::Error thrown)";
}

TEST(TcpTransport, BytesCrossUnchangedBothWays) {
  LoopbackSocket server;
  server.listen();
  TcpTransport t("qemu-m7", "127.0.0.1", server.port());
  EXPECT_EQ(t.description(), "qemu-m7 (127.0.0.1:" + std::to_string(server.port()) + ")");
  int peer = server.accept(5s);
  ASSERT_GE(peer, 0);

  hb::linktest::Rng rng(11);
  auto up = rng.bytes(300000);
  std::vector<uint8_t> got;
  std::thread device([&] { got = hb::linktest::read_exactly(peer, up.size(), 20s); });
  t.write_all(up);
  device.join();
  EXPECT_TRUE(got == up);

  auto down = rng.bytes(100000);
  std::thread writer([&] { hb::linktest::write_fully(peer, down.data(), down.size()); });
  std::vector<uint8_t> back;
  uint8_t buf[8192];
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (back.size() < down.size() && std::chrono::steady_clock::now() < deadline) {
    size_t n = t.read_some(buf, deadline);
    back.insert(back.end(), buf, buf + n);
  }
  writer.join();
  EXPECT_TRUE(back == down);
  EXPECT_EQ(t.bytes_out(), up.size());
  EXPECT_EQ(t.bytes_in(), down.size());

  // Nothing more: the read times out rather than blocking.
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(t.read_some(buf, t0 + 100ms), 0u);
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 95ms);
  ::close(peer);
}

TEST(TcpTransport, RefusedConnectionIsAClearError) {
  uint16_t port;
  {
    LoopbackSocket s;  // bound then closed: nothing listens on this port
    port = s.port();
  }
  TcpOptions o;
  o.attempts = 2;
  o.retry_delay = 50ms;
  const auto t0 = std::chrono::steady_clock::now();
  const std::string msg = error_of([&] { TcpTransport t("qemu-m33", "127.0.0.1", port, o); });
  EXPECT_EQ(msg, "board qemu-m33: 127.0.0.1:" + std::to_string(port) +
                     ": Connection refused after 2 attempts (is ser2net/QEMU/the board's server listening there?)");
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 3s);
}

TEST(TcpTransport, RetriesUntilTheServerListens) {
  LoopbackSocket server;  // bound but not listening yet: connects are refused
  std::thread late([&] {
    std::this_thread::sleep_for(300ms);
    server.listen();
  });
  TcpOptions o;
  o.attempts = 40;
  o.retry_delay = 50ms;
  TcpTransport t("qemu-m7", "127.0.0.1", server.port(), o);
  late.join();
  int peer = server.accept(5s);
  ASSERT_GE(peer, 0);
  const uint8_t hi[3] = {0, 1, 0};
  t.write_all(hi);
  EXPECT_EQ(hb::linktest::read_exactly(peer, 3, 5s), std::vector<uint8_t>(hi, hi + 3));
  ::close(peer);
}

TEST(TcpTransport, PeerClosingIsAnErrorNamingTheBoard) {
  LoopbackSocket server;
  server.listen();
  TcpTransport t("mp157", "127.0.0.1", server.port());
  int peer = server.accept(5s);
  ASSERT_GE(peer, 0);
  ::close(peer);
  uint8_t buf[8];
  const std::string msg = error_of([&] { t.read_some(buf, std::chrono::steady_clock::now() + 2s); });
  EXPECT_EQ(msg.rfind("board mp157: 127.0.0.1:" + std::to_string(server.port()) + ": connection closed", 0), 0u) << msg;
  // Writing into the dead socket must be an error too, not a SIGPIPE.
  std::vector<uint8_t> big(1 << 20, 0x55);
  EXPECT_THROW(
      {
        t.write_all(big);
        t.write_all(big);
      },
      hb::Error);
}

TEST(TcpTransport, UnresolvableHost) {
  TcpOptions o;
  o.attempts = 1;
  const std::string msg = error_of([&] { TcpTransport t("mp157", "no-such-host.invalid", 5555, o); });
  EXPECT_EQ(msg.rfind("board mp157: no-such-host.invalid:5555: cannot resolve host", 0), 0u) << msg;
}

}  // namespace
