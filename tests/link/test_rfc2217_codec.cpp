// The Telnet byte layer under RFC 2217 links: IAC escaping both ways,
// commands and subnegotiations cut anywhere by TCP, and malformed input
// that must neither lose data nor grow without bound.
#include <gtest/gtest.h>

#include "link/pty_util.h"
#include "link/telnet_codec.h"

namespace hb::link::telnet {
namespace {

using Bytes = std::vector<uint8_t>;

struct Decoded {
  Bytes data;
  std::vector<Event> events;
};

// Feeds `wire` in pieces of the given sizes (cycled), as TCP may cut it.
Decoded decode(const Bytes& wire, const std::vector<size_t>& cuts = {}) {
  Decoder d;
  Decoded out;
  size_t at = 0, k = 0;
  while (at < wire.size()) {
    size_t n = cuts.empty() ? wire.size() : cuts[k++ % cuts.size()];
    n = std::min(n, wire.size() - at);
    d.feed({wire.data() + at, n}, out.data, out.events);
    at += n;
  }
  return out;
}

TEST(TelnetCodec, EscapeDoublesEveryIacAndNothingElse) {
  Bytes out;
  escape(Bytes{0x00, 0xFF, 0x41, 0xFF, 0xFF, 0xF0}, out);
  EXPECT_EQ(out, (Bytes{0x00, 0xFF, 0xFF, 0x41, 0xFF, 0xFF, 0xFF, 0xFF, 0xF0}));
  // Appends: a second call keeps what was there.
  escape(Bytes{0xFE}, out);
  EXPECT_EQ(out.size(), 10u);
  EXPECT_EQ(out.back(), 0xFE);
}

TEST(TelnetCodec, EveryByteValueSurvivesEscapeAndDecodeAtEveryCut) {
  hb::linktest::Rng rng(2217);
  Bytes data = rng.bytes(5000);
  for (int i = 0; i < 300; ++i) data[rng.below(5000)] = kIac;  // plenty of IACs, some adjacent
  data.push_back(kIac);                                        // and one as the very last byte
  Bytes wire;
  escape(data, wire);
  for (size_t cut : {1u, 2u, 3u, 7u, 4096u}) {
    const Decoded d = decode(wire, {cut});
    EXPECT_EQ(d.data, data) << "cut " << cut;
    EXPECT_TRUE(d.events.empty()) << "cut " << cut;
  }
}

TEST(TelnetCodec, NegotiationsBetweenDataKeepTheirOrderAndSplitAnywhere) {
  // What ser2net sends first (captured from ser2net 4.3), then board data.
  const Bytes wire = {0xFF, kWill, kSga,    0xFF, kDo,   kSga,    0xFF, kWill, kEcho,    0xFF, kDont, kEcho,
                      0xFF, kDo,   kBinary, 0xFF, kWill, kBinary, 0xFF, kDo,   kComPort, 0x00, 0x01,  0x02};
  for (size_t cut : {1u, 2u, 100u}) {
    const Decoded d = decode(wire, {cut});
    EXPECT_EQ(d.data, (Bytes{0x00, 0x01, 0x02}));
    ASSERT_EQ(d.events.size(), 7u);
    EXPECT_EQ(d.events[0].kind, Event::Kind::negotiation);
    EXPECT_EQ(d.events[0].verb, kWill);
    EXPECT_EQ(d.events[0].option, kSga);
    EXPECT_EQ(d.events[3].verb, kDont);
    EXPECT_EQ(d.events[3].option, kEcho);
    EXPECT_EQ(d.events[6].verb, kDo);
    EXPECT_EQ(d.events[6].option, kComPort);
  }
}

TEST(TelnetCodec, SubnegotiationPayloadIsUnescapedAndCanBeCutInsideIacIac) {
  // SET-BAUDRATE acknowledgement of 0x00FFFF00 baud: both FF doubled on the wire.
  const Bytes payload = {101, 0x00, 0xFF, 0xFF, 0x00};
  const Bytes sb = subnegotiation(kComPort, payload);
  EXPECT_EQ(sb, (Bytes{0xFF, kSb, kComPort, 101, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0xFF, kSe}));
  Bytes wire = {0x10};
  wire.insert(wire.end(), sb.begin(), sb.end());
  wire.push_back(0x20);
  for (size_t cut = 1; cut <= wire.size(); ++cut) {
    const Decoded d = decode(wire, {cut});
    EXPECT_EQ(d.data, (Bytes{0x10, 0x20})) << "cut " << cut;
    ASSERT_EQ(d.events.size(), 1u) << "cut " << cut;
    EXPECT_EQ(d.events[0].kind, Event::Kind::subnegotiation);
    EXPECT_EQ(d.events[0].option, kComPort);
    EXPECT_EQ(d.events[0].payload, payload) << "cut " << cut;
  }
}

TEST(TelnetCodec, OtherCommandsAreEventsNotData) {
  const Bytes wire = {0x01, 0xFF, 241 /* NOP */, 0x02, 0xFF, 249 /* GA */, 0x03};
  const Decoded d = decode(wire, {1});
  EXPECT_EQ(d.data, (Bytes{0x01, 0x02, 0x03}));
  ASSERT_EQ(d.events.size(), 2u);
  EXPECT_EQ(d.events[0].kind, Event::Kind::command);
  EXPECT_EQ(d.events[0].verb, 241);
  EXPECT_EQ(d.events[1].verb, 249);
}

TEST(TelnetCodec, CommandInsideASubnegotiationDropsItButNotTheCommand) {
  // IAC SB 44 6 ... then IAC WILL 0 before any IAC SE: framing is broken.
  const Bytes wire = {0xFF, kSb, kComPort, 106, 0x10, 0xFF, kWill, kBinary, 0x55};
  Decoder dec;
  Decoded d;
  dec.feed(wire, d.data, d.events);
  EXPECT_EQ(dec.dropped(), 1u);
  ASSERT_EQ(d.events.size(), 1u);
  EXPECT_EQ(d.events[0].kind, Event::Kind::negotiation);
  EXPECT_EQ(d.events[0].verb, kWill);
  EXPECT_EQ(d.events[0].option, kBinary);
  EXPECT_EQ(d.data, Bytes{0x55});
}

TEST(TelnetCodec, OverlongSubnegotiationIsDroppedWithBoundedMemory) {
  Bytes wire = {0xFF, kSb, kComPort, 100};
  wire.insert(wire.end(), 100000, 'x');
  wire.insert(wire.end(), {0xFF, kSe, 0x7E});
  Decoder dec;
  Decoded d;
  dec.feed(wire, d.data, d.events);
  EXPECT_EQ(dec.dropped(), 1u);
  EXPECT_TRUE(d.events.empty());
  EXPECT_EQ(d.data, Bytes{0x7E});  // data after it still flows
  EXPECT_FALSE(dec.in_command());
}

TEST(TelnetCodec, StateCarriesOverAnIacAtTheEndOfARead) {
  Decoder dec;
  Decoded d;
  dec.feed(Bytes{0x41, 0xFF}, d.data, d.events);
  EXPECT_TRUE(dec.in_command());
  EXPECT_EQ(d.data, Bytes{0x41});
  dec.feed(Bytes{0xFF, 0x42}, d.data, d.events);
  EXPECT_FALSE(dec.in_command());
  EXPECT_EQ(d.data, (Bytes{0x41, 0xFF, 0x42}));
}

TEST(TelnetCodec, NegotiationBytes) {
  EXPECT_EQ(negotiation(kWill, kComPort), (Bytes{0xFF, 0xFB, 0x2C}));
  EXPECT_EQ(negotiation(kDont, kEcho), (Bytes{0xFF, 0xFE, 0x01}));
}

}  // namespace
}  // namespace hb::link::telnet
