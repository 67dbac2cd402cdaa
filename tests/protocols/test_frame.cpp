// Frame layer: byte layout per PROTOCOL.md (checked with zlib's CRC and the
// reference COBS decoder), and rejection of every kind of damaged frame.
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>

#include "protocols/proto_test_util.h"

extern "C" {
#include "codec/frame.h"
}

using hbp_test::Bytes;
using hbp_test::Rng;

namespace {

Bytes build(uint8_t type, uint16_t seq, uint8_t flags, const Bytes& payload) {
  hbp_header h{0, type, flags, seq, static_cast<uint16_t>(payload.size())};
  Bytes f(HBP_FRAME_MAX);
  size_t n = 0;
  EXPECT_EQ(hbp_frame_build(&h, payload.data(), f.data(), f.size(), &n), HBP_OK);
  f.resize(n);
  return f;
}

uint32_t zcrc(const uint8_t* p, size_t n) {
  return static_cast<uint32_t>(crc32(crc32(0L, Z_NULL, 0), p, static_cast<uInt>(n)));
}

// Rewrites the CRC after a deliberate header edit.
void refresh_crc(Bytes& f) {
  uint32_t c = zcrc(f.data(), f.size() - 4);
  for (int i = 0; i < 4; ++i) f[f.size() - 4 + i] = static_cast<uint8_t>(c >> (8 * i));
}

hbp_status parse(const Bytes& f, hbp_header* h = nullptr, const uint8_t** pl = nullptr) {
  hbp_header hh;
  const uint8_t* pp = nullptr;
  return hbp_frame_parse(f.data(), f.size(), h ? h : &hh, pl ? pl : &pp);
}

}  // namespace

TEST(HbpFrame, LayoutMatchesSpec) {
  Bytes payload = {0xAA, 0x00, 0x55};
  Bytes f = build(0x07, 0xBEEF, 0x01, payload);
  ASSERT_EQ(f.size(), 8u + 3u + 4u);
  EXPECT_EQ(f[0], 2);     // version
  EXPECT_EQ(f[1], 0x07);  // type
  EXPECT_EQ(f[2], 0x01);  // flags
  EXPECT_EQ(f[3], 0x00);  // reserved
  EXPECT_EQ(f[4], 0xEF);  // seq, little-endian
  EXPECT_EQ(f[5], 0xBE);
  EXPECT_EQ(f[6], 3);  // payload length, little-endian
  EXPECT_EQ(f[7], 0);
  EXPECT_EQ(Bytes(f.begin() + 8, f.begin() + 11), payload);
  uint32_t c = zcrc(f.data(), 11);
  EXPECT_EQ(f[11], static_cast<uint8_t>(c));
  EXPECT_EQ(f[14], static_cast<uint8_t>(c >> 24));
}

TEST(HbpFrame, WireIsDelimitedCobsOfFrame) {
  Rng rng(5);
  for (int iter = 0; iter < 100; ++iter) {
    Bytes payload = rng.bytes(rng.below(HBP_PAYLOAD_MAX + 1));
    uint16_t seq = static_cast<uint16_t>(rng.next());
    Bytes f = build(0x03, seq, 0, payload);
    Bytes w = hbp_test::wire_frame(0x03, seq, 0, payload);
    ASSERT_GE(w.size(), 3u);
    ASSERT_LE(w.size(), HBP_WIRE_MAX);
    EXPECT_EQ(w.front(), 0);
    EXPECT_EQ(w.back(), 0);
    Bytes inner(w.begin() + 1, w.end() - 1);
    EXPECT_EQ(std::count(inner.begin(), inner.end(), 0), 0);
    EXPECT_EQ(hbp_test::ref_cobs_decode(inner), f);
  }
}

TEST(HbpFrame, ParseRoundTrip) {
  Bytes payload = {1, 2, 3, 0, 5};
  Bytes f = build(0x05, 65535, 0x02, payload);
  hbp_header h;
  const uint8_t* pl = nullptr;
  ASSERT_EQ(parse(f, &h, &pl), HBP_OK);
  EXPECT_EQ(h.version, HBP_VERSION);
  EXPECT_EQ(h.type, 0x05);
  EXPECT_EQ(h.flags, 0x02);
  EXPECT_EQ(h.seq, 65535);
  EXPECT_EQ(h.len, 5);
  EXPECT_EQ(Bytes(pl, pl + h.len), payload);

  Bytes empty = build(0x0C, 1, 0, {});
  ASSERT_EQ(parse(empty, &h, &pl), HBP_OK);
  EXPECT_EQ(h.len, 0);
}

TEST(HbpFrame, EverySingleBitFlipIsRejected) {
  Bytes f = build(0x04, 1234, 0, {0x01, 0x01, 0x2A, 0x00, 0x00, 0x00});
  for (size_t bit = 0; bit < f.size() * 8; ++bit) {
    Bytes g = f;
    g[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    EXPECT_NE(parse(g), HBP_OK) << "bit " << bit;
  }
}

TEST(HbpFrame, RandomCorruptionIsRejected) {
  Rng rng(31337);
  Bytes f = build(0x03, 9, 0, rng.bytes(200));
  for (int iter = 0; iter < 2000; ++iter) {
    Bytes g = f;
    int flips = 1 + static_cast<int>(rng.below(8));
    for (int k = 0; k < flips; ++k)
      g[rng.below(static_cast<uint32_t>(g.size()))] ^= static_cast<uint8_t>(1 + rng.below(255));
    if (g == f) continue;
    ASSERT_NE(parse(g), HBP_OK) << "iter " << iter;
  }
}

TEST(HbpFrame, TruncatedFramesAreRejected) {
  Bytes f = build(0x03, 9, 0, {1, 2, 3, 4, 5, 6, 7, 8});
  for (size_t n = 0; n < f.size(); ++n) {
    Bytes g(f.begin(), f.begin() + static_cast<long>(n));
    hbp_status st = parse(g);
    EXPECT_NE(st, HBP_OK) << n;
    if (n < HBP_FRAME_MIN) {
      EXPECT_EQ(st, HBP_ERR_TRUNCATED) << n;
    }
  }
}

TEST(HbpFrame, OtherVersionIsReportedWithHeader) {
  Bytes f = build(0x01, 0, HBP_FLAG_SYN, {1, 4, 0, 2, 0, 0, 0, 0});
  f[0] = 9;
  refresh_crc(f);
  hbp_header h;
  const uint8_t* pl = nullptr;
  EXPECT_EQ(parse(f, &h, &pl), HBP_ERR_VERSION);
  EXPECT_EQ(h.version, 9);
  EXPECT_EQ(h.type, 0x01);
  EXPECT_EQ(h.flags, HBP_FLAG_SYN);
  // Without a valid CRC the same bytes are just garbage.
  f[0] = 3;
  EXPECT_EQ(parse(f), HBP_ERR_CRC);
}

TEST(HbpFrame, LengthFieldMustMatch) {
  Bytes f = build(0x03, 0, 0, {1, 2, 3});
  f[6] = 4;
  refresh_crc(f);
  EXPECT_EQ(parse(f), HBP_ERR_LENGTH);
  f[6] = 2;
  refresh_crc(f);
  EXPECT_EQ(parse(f), HBP_ERR_LENGTH);
}

TEST(HbpFrame, SizeBounds) {
  Bytes payload(HBP_PAYLOAD_MAX, 0x11);
  Bytes f = build(0x03, 0, 0, payload);
  EXPECT_EQ(f.size(), HBP_FRAME_MAX);
  EXPECT_EQ(parse(f), HBP_OK);

  hbp_header h{0, 0x03, 0, 0, static_cast<uint16_t>(HBP_PAYLOAD_MAX + 1)};
  Bytes big(HBP_PAYLOAD_MAX + 1), out(HBP_WIRE_MAX * 2);
  size_t n = 0;
  EXPECT_EQ(hbp_frame_build(&h, big.data(), out.data(), out.size(), &n), HBP_ERR_TOO_LONG);
  EXPECT_EQ(hbp_frame_encode(&h, big.data(), out.data(), out.size(), &n), HBP_ERR_TOO_LONG);

  Bytes oversize(HBP_FRAME_MAX + 1, 0x22);
  EXPECT_EQ(parse(oversize), HBP_ERR_TOO_LONG);

  // Worst-case wire sizes stay within HBP_WIRE_MAX.
  for (uint8_t fill : {uint8_t{0}, uint8_t{0xFF}}) {
    Bytes w = hbp_test::wire_frame(0x03, 0xFFFF, 0xFF, Bytes(HBP_PAYLOAD_MAX, fill));
    ASSERT_FALSE(w.empty());
    EXPECT_LE(w.size(), HBP_WIRE_MAX);
  }
}

TEST(HbpFrame, OutputCapacityIsEnforced) {
  Bytes payload(10, 1);
  hbp_header h{0, 0x03, 0, 0, 10};
  Bytes out(64);
  size_t n = 0;
  EXPECT_EQ(hbp_frame_build(&h, payload.data(), out.data(), 21, &n), HBP_ERR_NOSPACE);
  EXPECT_EQ(hbp_frame_build(&h, payload.data(), out.data(), 22, &n), HBP_OK);
  ASSERT_EQ(hbp_frame_encode(&h, payload.data(), out.data(), out.size(), &n), HBP_OK);
  size_t need = n;
  EXPECT_EQ(hbp_frame_encode(&h, payload.data(), out.data(), need, &n), HBP_OK);
  EXPECT_EQ(hbp_frame_encode(&h, payload.data(), out.data(), need - 1, &n), HBP_ERR_NOSPACE);
}
