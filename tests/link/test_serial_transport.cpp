// SerialTransport on real pseudo-terminals: raw 8N1 configuration, byte
// transparency both ways, deadlines, counters, and the errors a user sees.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <termios.h>

#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "link/pty_util.h"
#include "link/serial_transport.h"

namespace fs = std::filesystem;
using hb::link::SerialTransport;
using hb::linktest::Pty;
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

fs::path temp_dir(const std::string& tag) {
  fs::path d = fs::temp_directory_path() / ("hb_link_" + tag + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

TEST(SerialTransport, MissingDeviceNamesBoardAndHint) {
  EXPECT_EQ(error_of([] { SerialTransport t("h747", "/dev/ttyACM_hb_absent", 921600); }),
            "board h747: serial port /dev/ttyACM_hb_absent: No such file or directory (is the board plugged in?)");
}

TEST(SerialTransport, GlobWithoutMatchSaysSo) {
  const std::string dev = "/dev/serial/by-id/usb-hb-test-nothing-*-if02";
  EXPECT_EQ(error_of([&] { SerialTransport t("f769", dev, 921600); }),
            "board f769: serial port " + dev + ": no device matches (is the board plugged in?)");
}

TEST(SerialTransport, AmbiguousGlobListsTheCandidates) {
  fs::path d = temp_dir("glob");
  std::ofstream(d / "ttyX1").put('x');
  std::ofstream(d / "ttyX2").put('x');
  const std::string msg = error_of([&] { SerialTransport t("u585", (d / "ttyX*").string(), 115200); });
  EXPECT_NE(msg.find("board u585: serial port "), std::string::npos) << msg;
  EXPECT_NE(msg.find("matches 2 devices (" + (d / "ttyX1").string() + ", " + (d / "ttyX2").string() + ")"),
            std::string::npos)
      << msg;
  fs::remove_all(d);
}

TEST(SerialTransport, GlobExpansion) {
  EXPECT_EQ(hb::link::expand_serial_glob("/dev/ttyACM0"), std::vector<std::string>{"/dev/ttyACM0"});
  fs::path d = temp_dir("glob2");
  std::ofstream(d / "b").put('x');
  std::ofstream(d / "a").put('x');
  EXPECT_EQ(hb::link::expand_serial_glob((d / "*").string()),
            (std::vector<std::string>{(d / "a").string(), (d / "b").string()}));
  fs::remove_all(d);
}

TEST(SerialTransport, ConfiguresRaw8N1AtTheGivenBaud) {
  Pty pty;
  // A second handle to the same tty, opened first (the transport then takes
  // exclusive access), to read back the line settings it applied.
  int probe = ::open(pty.slave_path().c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK);
  ASSERT_GE(probe, 0);
  SerialTransport t("sim", pty.slave_path(), 921600);
  termios tio{};
  ASSERT_EQ(::tcgetattr(probe, &tio), 0);
  EXPECT_EQ(::cfgetospeed(&tio), static_cast<speed_t>(B921600));
  EXPECT_EQ(::cfgetispeed(&tio), static_cast<speed_t>(B921600));
  EXPECT_EQ(tio.c_cflag & CSIZE, static_cast<tcflag_t>(CS8));
  EXPECT_EQ(tio.c_cflag & (PARENB | CSTOPB | CRTSCTS), 0u);
  EXPECT_EQ(tio.c_lflag & (ICANON | ECHO | ISIG | IEXTEN), 0u);
  EXPECT_EQ(tio.c_iflag & (IXON | IXOFF | ICRNL | INLCR | ISTRIP), 0u);
  EXPECT_EQ(tio.c_oflag & OPOST, 0u);
  ::close(probe);
}

TEST(SerialTransport, EveryByteValueCrossesUnchangedBothWays) {
  Pty pty;
  SerialTransport t("sim", pty.slave_path(), 115200);
  EXPECT_EQ(t.description(), "sim (" + pty.slave_path() + ")");
  hb::linktest::Rng rng(7);
  // All 256 values first (CR, LF, XON/XOFF, ^C, ^D are the usual victims of a
  // cooked tty), then bulk random data well beyond the pty buffers.
  std::vector<uint8_t> up(256);
  for (int i = 0; i < 256; ++i) up[i] = static_cast<uint8_t>(i);
  auto bulk = rng.bytes(200000);
  up.insert(up.end(), bulk.begin(), bulk.end());

  std::vector<uint8_t> got_at_device;
  std::thread device([&] { got_at_device = hb::linktest::read_exactly(pty.master(), up.size(), 20s); });
  t.write_all(up);
  device.join();
  EXPECT_TRUE(got_at_device == up) << "host->device bytes differ (" << got_at_device.size() << " of " << up.size()
                                   << " arrived)";

  auto down = rng.bytes(150000);
  down[0] = '\r';
  down[1] = '\n';
  down[2] = 0x03;
  std::thread writer([&] { hb::linktest::write_fully(pty.master(), down.data(), down.size()); });
  std::vector<uint8_t> got_at_host;
  uint8_t buf[4096];
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (got_at_host.size() < down.size() && std::chrono::steady_clock::now() < deadline) {
    size_t n = t.read_some(buf, deadline);
    got_at_host.insert(got_at_host.end(), buf, buf + n);
  }
  writer.join();
  EXPECT_TRUE(got_at_host == down) << "device->host bytes differ (" << got_at_host.size() << " of " << down.size()
                                   << " arrived)";
  EXPECT_EQ(t.bytes_out(), up.size());
  EXPECT_EQ(t.bytes_in(), down.size());
}

TEST(SerialTransport, ReadWaitsUntilTheDeadlineThenReturnsNothing) {
  Pty pty;
  SerialTransport t("sim", pty.slave_path(), 115200);
  uint8_t buf[16];
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(t.read_some(buf, t0 + 150ms), 0u);
  const auto waited = std::chrono::steady_clock::now() - t0;
  EXPECT_GE(waited, 145ms);
  EXPECT_LT(waited, 2s);
  // A byte that arrives mid-wait ends the wait early.
  std::thread late([&] {
    std::this_thread::sleep_for(50ms);
    uint8_t b = 0x5a;
    hb::linktest::write_fully(pty.master(), &b, 1);
  });
  const auto t1 = std::chrono::steady_clock::now();
  ASSERT_EQ(t.read_some(buf, t1 + 5s), 1u);
  EXPECT_EQ(buf[0], 0x5a);
  EXPECT_LT(std::chrono::steady_clock::now() - t1, 2s);
  late.join();
}

TEST(SerialTransport, ResolvesSymlinksForMessages) {
  Pty pty;
  fs::path d = temp_dir("link");
  fs::create_symlink(pty.slave_path(), d / "sim-link");
  SerialTransport t("sim", (d / "sim-link").string(), 115200);
  EXPECT_EQ(t.endpoint(), pty.slave_path());
  EXPECT_EQ(t.description(), "sim (" + pty.slave_path() + ")");
  fs::remove_all(d);
}

TEST(SerialTransport, DeviceGoingAwayIsAnErrorNamingTheBoard) {
  Pty pty;
  SerialTransport t("sim", pty.slave_path(), 115200);
  pty.close_master();  // the firmware process exited
  uint8_t buf[16];
  const std::string msg = error_of([&] { t.read_some(buf, std::chrono::steady_clock::now() + 2s); });
  EXPECT_EQ(msg.rfind("board sim: " + pty.slave_path() + ": ", 0), 0u) << msg;
  EXPECT_NE(msg.find("did the firmware exit"), std::string::npos) << msg;
}

TEST(SerialTransport, CloseIsIdempotentAndLaterIoThrows) {
  Pty pty;
  SerialTransport t("sim", pty.slave_path(), 115200);
  EXPECT_TRUE(t.is_open());
  t.close();
  t.close();
  EXPECT_FALSE(t.is_open());
  const uint8_t b = 1;
  EXPECT_THROW(t.write_all({&b, 1}), hb::Error);
}

}  // namespace
