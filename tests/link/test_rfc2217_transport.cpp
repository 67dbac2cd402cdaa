// Rfc2217Transport and TcpTransport against the real ser2net exporting a
// real sim board's pty: negotiation and port settings acknowledged by
// ser2net, the protocol working through both ports, a raw port mistaken for
// RFC 2217, and ser2net going away mid-session.
#include <gtest/gtest.h>

#include <functional>

#include "common/error.h"
#include "link/rfc2217_transport.h"
#include "link/ser2net_rig.h"
#include "link/tcp_transport.h"
#include "session/session.h"
#include "temp_dir.h"

namespace hb::linktest {
namespace {

using namespace std::chrono_literals;

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const hb::Error& e) {
    return e.what();
  }
  return "(no hb::Error thrown)";
}

class Rfc2217Ser2net : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kSer2net)) GTEST_SKIP() << "ser2net not installed (ci/setup.sh installs it)";
    sim_ = std::make_unique<SimBoard>(dir_.path(), "", "remote-sim");
    ASSERT_EQ(sim_->error(), "");
    ser2net_ = std::make_unique<Ser2net>(dir_.path(), sim_->link());
    ASSERT_EQ(ser2net_->error(), "");
  }
  hb::test::TempDir dir_;
  std::unique_ptr<SimBoard> sim_;
  std::unique_ptr<Ser2net> ser2net_;
};

TEST_F(Rfc2217Ser2net, NegotiatesThePortAndCarriesTheProtocol) {
  const uint16_t port = ser2net_->rfc2217_port();
  hb::link::Rfc2217Transport t("remote-sim", "127.0.0.1", port, 921600);
  EXPECT_EQ(t.description(), "remote-sim (rfc2217://127.0.0.1:" + std::to_string(port) + ")");
  EXPECT_EQ(t.baud(), 921600u);  // ser2net's SET-BAUDRATE acknowledgement
  EXPECT_EQ(t.line_errors(), 0u);
  hb::session::Session s(t);
  const auto info = s.hello(10s);
  EXPECT_EQ(info.board, "remote-sim");
  EXPECT_EQ(info.model_name, "(none)");
  for (int i = 0; i < 20; ++i) s.ping(10s);  // random tokens: any byte value crosses
  EXPECT_EQ(s.counters().corrupt_frames, 0u);
  EXPECT_EQ(s.counters().retransmissions, 0u);
  // Session bytes only: the Telnet layer's own bytes are not counted.
  EXPECT_EQ(t.bytes_out(), s.counters().bytes_sent);
}

TEST_F(Rfc2217Ser2net, OtherBaudRatesAreSetOnTheServer) {
  hb::link::Rfc2217Transport t("remote-sim", "127.0.0.1", ser2net_->rfc2217_port(), 115200);
  EXPECT_EQ(t.baud(), 115200u);
  hb::session::Session s(t);
  EXPECT_EQ(s.hello(10s).board, "remote-sim");
}

TEST_F(Rfc2217Ser2net, RawTcpPortCarriesTheProtocolToo) {
  hb::link::TcpTransport t("remote-sim", "127.0.0.1", ser2net_->raw_port());
  hb::session::Session s(t);
  EXPECT_EQ(s.hello(10s).board, "remote-sim");
  s.ping(10s);
}

TEST_F(Rfc2217Ser2net, RawPortTakenForRfc2217IsAClearError) {
  hb::link::Rfc2217Options o;
  o.negotiation_timeout = 1500ms;
  const uint16_t port = ser2net_->raw_port();
  const std::string msg = error_of([&] { hb::link::Rfc2217Transport t("remote-sim", "127.0.0.1", port, 921600, o); });
  EXPECT_EQ(msg, "board remote-sim: rfc2217://127.0.0.1:" + std::to_string(port) +
                     ": no Telnet negotiation from the server within 1500 ms (a raw TCP port? use link kind \"tcp\" "
                     "for ser2net's raw accepters)");
}

TEST_F(Rfc2217Ser2net, Ser2netGoingAwayIsALinkErrorNamingBoardAndEndpoint) {
  const uint16_t port = ser2net_->rfc2217_port();
  hb::link::Rfc2217Transport t("remote-sim", "127.0.0.1", port, 921600);
  hb::session::Session s(t);
  s.hello(10s);
  ser2net_->stop();
  const std::string msg = error_of([&] {
    uint8_t buf[64];
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline) t.read_some(buf, deadline);
  });
  EXPECT_EQ(msg.rfind("board remote-sim: rfc2217://127.0.0.1:" + std::to_string(port) + ": connection closed", 0), 0u)
      << msg;
}

TEST(Rfc2217, NothingListeningIsAClearError) {
  const uint16_t port = unused_port();
  hb::link::Rfc2217Options o;
  o.tcp.attempts = 1;
  const std::string msg = error_of([&] { hb::link::Rfc2217Transport t("h747", "127.0.0.1", port, 921600, o); });
  EXPECT_EQ(msg, "board h747: rfc2217://127.0.0.1:" + std::to_string(port) +
                     ": Connection refused after 1 attempt (is ser2net/QEMU/the board's server listening there?)");
}

}  // namespace
}  // namespace hb::linktest
