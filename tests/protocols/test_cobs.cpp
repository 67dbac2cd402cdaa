// COBS encoder/decoders against the published examples (Wikipedia "Consistent
// Overhead Byte Stuffing" table), edge cases and an independent reference
// decoder.
#include <gtest/gtest.h>

#include <algorithm>

#include "protocols/proto_test_util.h"

extern "C" {
#include "codec/cobs.h"
}

using hbp_test::Bytes;
using hbp_test::from_hex;
using hbp_test::ref_cobs_decode;
using hbp_test::Rng;
using hbp_test::to_hex;

namespace {

Bytes encode(const Bytes& in) {
  Bytes out(HBP_COBS_MAX_ENCODED(in.size()));
  size_t n = 0;
  EXPECT_EQ(hbp_cobs_encode(in.data(), in.size(), out.data(), out.size(), &n), HBP_OK);
  out.resize(n);
  return out;
}

std::optional<Bytes> decode(const Bytes& in) {
  Bytes out(in.size() + 1);
  size_t n = 0;
  if (hbp_cobs_decode(in.data(), in.size(), out.data(), out.size(), &n) != HBP_OK) return std::nullopt;
  out.resize(n);
  return out;
}

Bytes seq_bytes(int first, int last) {
  Bytes b;
  for (int v = first; v <= last; ++v) b.push_back(static_cast<uint8_t>(v));
  return b;
}

Bytes cat(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// Feeds bytes to a streaming decoder, collecting frames and error results.
struct StreamResult {
  std::vector<Bytes> frames;
  std::vector<int> errors;
};
StreamResult stream(hbp_cobs_dec& d, const Bytes& wire) {
  StreamResult r;
  for (uint8_t b : wire) {
    int c = hbp_cobs_dec_push(&d, b);
    if (c == HBP_COBS_FRAME)
      r.frames.emplace_back(d.buf, d.buf + d.len);
    else if (c < 0)
      r.errors.push_back(c);
  }
  return r;
}

}  // namespace

TEST(HbpCobs, PublishedExamples) {
  struct Case {
    Bytes in;
    Bytes out;
  };
  std::vector<Case> cases = {
      {from_hex("00"), from_hex("0101")},
      {from_hex("0000"), from_hex("010101")},
      {from_hex("001100"), from_hex("01021101")},
      {from_hex("11220033"), from_hex("0311220233")},
      {from_hex("11223344"), from_hex("0511223344")},
      {from_hex("11000000"), from_hex("0211010101")},
      // 254 non-zero bytes: one full block, no trailing code byte.
      {seq_bytes(0x01, 0xFE), cat(from_hex("ff"), seq_bytes(0x01, 0xFE))},
      {cat(from_hex("00"), seq_bytes(0x01, 0xFE)), cat(from_hex("01ff"), seq_bytes(0x01, 0xFE))},
      // 255 non-zero bytes: full block, then a block holding the last byte.
      {seq_bytes(0x01, 0xFF), cat(cat(from_hex("ff"), seq_bytes(0x01, 0xFE)), from_hex("02ff"))},
      {cat(seq_bytes(0x02, 0xFF), from_hex("00")), cat(cat(from_hex("ff"), seq_bytes(0x02, 0xFF)), from_hex("0101"))},
      {cat(seq_bytes(0x03, 0xFF), from_hex("0001")), cat(cat(from_hex("fe"), seq_bytes(0x03, 0xFF)), from_hex("0201"))},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(to_hex(encode(c.in)), to_hex(c.out)) << "input " << to_hex(c.in);
    auto d = decode(c.out);
    ASSERT_TRUE(d.has_value()) << to_hex(c.out);
    EXPECT_EQ(*d, c.in);
  }
}

TEST(HbpCobs, EmptyInput) {
  EXPECT_EQ(to_hex(encode({})), "01");
  auto d = decode(from_hex("01"));
  ASSERT_TRUE(d.has_value());
  EXPECT_TRUE(d->empty());
}

TEST(HbpCobs, AllZeros) {
  for (size_t n : {1u, 2u, 253u, 254u, 255u, 1000u}) {
    Bytes in(n, 0);
    Bytes enc = encode(in);
    EXPECT_EQ(enc, Bytes(n + 1, 0x01)) << n;  // every zero becomes an empty block
    EXPECT_EQ(decode(enc), in);
  }
}

TEST(HbpCobs, RunLengthsAroundBlockLimit) {
  for (size_t run : {1u, 252u, 253u, 254u, 255u, 256u, 507u, 508u, 509u, 1020u}) {
    for (int frame = 0; frame < 4; ++frame) {
      Bytes in(run, 0x5A);
      if (frame & 1) in.insert(in.begin(), 0);
      if (frame & 2) in.push_back(0);
      Bytes enc = encode(in);
      EXPECT_LE(enc.size(), HBP_COBS_MAX_ENCODED(in.size()));
      EXPECT_EQ(std::count(enc.begin(), enc.end(), 0), 0);
      EXPECT_EQ(ref_cobs_decode(enc), in) << "run " << run << " variant " << frame;
      EXPECT_EQ(decode(enc), in) << "run " << run << " variant " << frame;
    }
  }
  // Exact sizes: a 254 run costs one byte, 255 costs two.
  EXPECT_EQ(encode(Bytes(254, 7)).size(), 255u);
  EXPECT_EQ(encode(Bytes(255, 7)).size(), 257u);
}

TEST(HbpCobs, DecoderAcceptsNonCanonicalTrailingCode) {
  // 254 bytes encoded with an explicit final empty block (some encoders do this).
  Bytes enc = cat(cat(from_hex("ff"), Bytes(254, 9)), from_hex("01"));
  EXPECT_EQ(decode(enc), Bytes(254, 9));
}

TEST(HbpCobs, RandomRoundTripsMatchReference) {
  Rng rng(0xC0B5);
  for (int iter = 0; iter < 1500; ++iter) {
    size_t n = rng.below(1100);
    uint32_t zero_pct = rng.below(4) == 0 ? 0 : rng.below(60);
    Bytes in(n);
    for (auto& b : in) b = rng.chance(zero_pct) ? 0 : static_cast<uint8_t>(1 + rng.below(255));
    Bytes enc = encode(in);
    ASSERT_EQ(std::count(enc.begin(), enc.end(), 0), 0);
    ASSERT_LE(enc.size(), HBP_COBS_MAX_ENCODED(n));
    ASSERT_EQ(ref_cobs_decode(enc), in) << "iter " << iter;
    ASSERT_EQ(decode(enc), in) << "iter " << iter;
  }
}

TEST(HbpCobs, DecodeRejectsMalformed) {
  EXPECT_FALSE(decode({}).has_value());                     // empty block
  EXPECT_FALSE(decode(from_hex("031100")).has_value());     // zero inside a block
  EXPECT_TRUE(decode(from_hex("0511223344")).has_value());  // the valid block, for contrast
  EXPECT_FALSE(decode(from_hex("05112233")).has_value());   // code runs past the end
  EXPECT_FALSE(decode(from_hex("00")).has_value());         // a zero code
}

TEST(HbpCobs, OutputCapacityIsEnforced) {
  Bytes in = from_hex("11220033");
  Bytes out(8);
  size_t n = 0;
  EXPECT_EQ(hbp_cobs_encode(in.data(), in.size(), out.data(), 5, &n), HBP_OK);
  EXPECT_EQ(n, 5u);
  EXPECT_EQ(hbp_cobs_encode(in.data(), in.size(), out.data(), 4, &n), HBP_ERR_NOSPACE);
  Bytes full(254, 1);
  Bytes big(300);
  EXPECT_EQ(hbp_cobs_encode(full.data(), full.size(), big.data(), 255, &n), HBP_OK);
  EXPECT_EQ(hbp_cobs_encode(full.data(), full.size(), big.data(), 254, &n), HBP_ERR_NOSPACE);

  Bytes enc = from_hex("0311220233");
  EXPECT_EQ(hbp_cobs_decode(enc.data(), enc.size(), out.data(), 4, &n), HBP_OK);
  EXPECT_EQ(hbp_cobs_decode(enc.data(), enc.size(), out.data(), 3, &n), HBP_ERR_NOSPACE);
}

TEST(HbpCobs, IncrementalEncoderMatchesOneShotForAnySplit) {
  Rng rng(77);
  for (int iter = 0; iter < 300; ++iter) {
    Bytes in(rng.below(700));
    for (auto& b : in) b = rng.chance(20) ? 0 : rng.byte();
    Bytes whole = encode(in);
    Bytes out(HBP_COBS_MAX_ENCODED(in.size()));
    hbp_cobs_enc e;
    hbp_cobs_enc_begin(&e, out.data(), out.size());
    size_t pos = 0;
    while (pos < in.size()) {
      size_t k = std::min<size_t>(in.size() - pos, rng.below(300));
      hbp_cobs_enc_put(&e, in.data() + pos, k);
      pos += k;
    }
    size_t n = 0;
    ASSERT_EQ(hbp_cobs_enc_end(&e, &n), HBP_OK);
    out.resize(n);
    ASSERT_EQ(out, whole);
  }
}

TEST(HbpCobs, StreamingDecoderFramesAndResyncs) {
  Bytes buf(64);
  hbp_cobs_dec d;
  hbp_cobs_dec_init(&d, buf.data(), buf.size());
  Bytes a = from_hex("11220033"), b = from_hex("00");
  Bytes wire;
  wire = cat(wire, from_hex("00"));
  wire = cat(wire, encode(a));
  wire = cat(wire, from_hex("0000"));  // closing + next frame's leading delimiter
  wire = cat(wire, encode(b));
  wire = cat(wire, from_hex("00"));
  auto r = stream(d, wire);
  ASSERT_EQ(r.frames.size(), 2u);
  EXPECT_EQ(r.frames[0], a);
  EXPECT_EQ(r.frames[1], b);
  EXPECT_TRUE(r.errors.empty());

  // Garbage without a delimiter spoils only the frame it runs into.
  hbp_cobs_dec_reset(&d);
  wire = cat(cat(from_hex("05112233"), from_hex("00")), cat(encode(a), from_hex("00")));
  r = stream(d, wire);
  ASSERT_EQ(r.frames.size(), 1u);
  EXPECT_EQ(r.frames[0], a);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0], HBP_ERR_COBS);
}

TEST(HbpCobs, StreamingDecoderSkipsEmptyFrames) {
  Bytes buf(16);
  hbp_cobs_dec d;
  hbp_cobs_dec_init(&d, buf.data(), buf.size());
  auto r = stream(d, from_hex("000000010000"));  // delimiters and an encoded empty frame
  EXPECT_TRUE(r.frames.empty());
  EXPECT_TRUE(r.errors.empty());
}

TEST(HbpCobs, StreamingDecoderRejectsOversizeThenRecovers) {
  Bytes buf(10);
  hbp_cobs_dec d;
  hbp_cobs_dec_init(&d, buf.data(), buf.size());
  Bytes big(11, 0x42), ok(10, 0x43);
  Bytes wire = cat(cat(encode(big), from_hex("00")), cat(encode(ok), from_hex("00")));
  auto r = stream(d, wire);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0], HBP_ERR_TOO_LONG);
  ASSERT_EQ(r.frames.size(), 1u);
  EXPECT_EQ(r.frames[0], ok);  // exactly cap bytes is accepted
}

TEST(HbpCobs, StreamingDecoderMatchesReferenceOnRandomFrames) {
  Rng rng(4242);
  Bytes buf(1100);
  hbp_cobs_dec d;
  hbp_cobs_dec_init(&d, buf.data(), buf.size());
  for (int iter = 0; iter < 400; ++iter) {
    Bytes in(1 + rng.below(1099));
    for (auto& b : in) b = rng.chance(10) ? 0 : rng.byte();
    auto r = stream(d, cat(encode(in), from_hex("00")));
    ASSERT_EQ(r.frames.size(), 1u);
    ASSERT_EQ(r.frames[0], in);
  }
}
