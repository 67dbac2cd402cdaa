// Receiver robustness on a raw byte stream (streaming COBS decoder + frame
// checks, the path every received byte takes): garbage, truncation, bit
// flips, insertions, arbitrary chunking. Every intact frame must come out
// exactly once and in order; no damaged frame may ever come out.
#include <gtest/gtest.h>

#include <map>

#include "protocols/proto_test_util.h"

extern "C" {
#include "codec/cobs.h"
#include "codec/frame.h"
}

using hbp_test::Bytes;
using hbp_test::Rng;

namespace {

struct Sent {
  uint8_t type;
  uint16_t seq;
  Bytes payload;
  Bytes wire;
};

// A unique frame: its index is in the payload, so duplicates are visible.
Sent make_frame(Rng& rng, uint32_t index) {
  Sent s;
  s.type = static_cast<uint8_t>(1 + rng.below(13));
  s.seq = static_cast<uint16_t>(index);
  size_t n = 4 + rng.below(rng.chance(20) ? HBP_PAYLOAD_MAX - 3 : 64);
  s.payload = rng.bytes(n);
  for (int k = 0; k < 4; ++k) s.payload[static_cast<size_t>(k)] = static_cast<uint8_t>(index >> (8 * k));
  if (rng.chance(30))  // zero-heavy payloads exercise COBS
    for (auto& b : s.payload) b = rng.chance(50) ? 0 : b;
  for (int k = 0; k < 4; ++k) s.payload[static_cast<size_t>(k)] = static_cast<uint8_t>(index >> (8 * k));
  s.wire = hbp_test::wire_frame(s.type, s.seq, 0, s.payload);
  return s;
}

struct Received {
  uint8_t type;
  uint16_t seq;
  Bytes payload;
};

class Receiver {
 public:
  Receiver() : buf_(HBP_FRAME_MAX) { hbp_cobs_dec_init(&dec_, buf_.data(), buf_.size()); }
  void feed(const uint8_t* p, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      int c = hbp_cobs_dec_push(&dec_, p[i]);
      if (c < 0) {
        ++bad;
        continue;
      }
      if (c != HBP_COBS_FRAME) continue;
      hbp_header h;
      const uint8_t* pl = nullptr;
      if (hbp_frame_parse(dec_.buf, dec_.len, &h, &pl) != HBP_OK) {
        ++bad;
        continue;
      }
      frames.push_back({h.type, h.seq, Bytes(pl, pl + h.len)});
    }
  }
  std::vector<Received> frames;
  int bad = 0;

 private:
  Bytes buf_;
  hbp_cobs_dec dec_;
};

// Feeds a stream in random-sized chunks (1 byte .. several frames).
void feed_chunked(Receiver& r, const Bytes& stream, Rng& rng) {
  size_t pos = 0;
  while (pos < stream.size()) {
    size_t k = 1 + rng.below(rng.chance(50) ? 7 : 3000);
    k = std::min(k, stream.size() - pos);
    r.feed(stream.data() + pos, k);
    pos += k;
  }
}

bool same(const Received& r, const Sent& s) { return r.type == s.type && r.seq == s.seq && r.payload == s.payload; }

}  // namespace

TEST(HbpStream, CleanStreamAnyChunkingRecoversEveryFrameOnce) {
  Rng rng(1);
  std::vector<Sent> sent;
  Bytes stream;
  for (uint32_t i = 0; i < 300; ++i) {
    sent.push_back(make_frame(rng, i));
    stream.insert(stream.end(), sent.back().wire.begin(), sent.back().wire.end());
  }
  for (int chunking = 0; chunking < 5; ++chunking) {
    Receiver r;
    feed_chunked(r, stream, rng);
    ASSERT_EQ(r.frames.size(), sent.size());
    for (size_t i = 0; i < sent.size(); ++i) ASSERT_TRUE(same(r.frames[i], sent[i])) << i;
    EXPECT_EQ(r.bad, 0);
  }
}

TEST(HbpStream, GarbageBetweenFramesLosesNothing) {
  Rng rng(2);
  std::vector<Sent> sent;
  Bytes stream = rng.bytes(500);  // line noise before the first frame
  for (uint32_t i = 0; i < 300; ++i) {
    sent.push_back(make_frame(rng, i));
    stream.insert(stream.end(), sent.back().wire.begin(), sent.back().wire.end());
    if (rng.chance(50)) {
      Bytes junk = rng.bytes(rng.below(300));
      if (rng.chance(50))
        for (auto& b : junk) b = rng.chance(10) ? 0 : b;
      stream.insert(stream.end(), junk.begin(), junk.end());
    }
  }
  Receiver r;
  feed_chunked(r, stream, rng);
  ASSERT_EQ(r.frames.size(), sent.size());
  for (size_t i = 0; i < sent.size(); ++i) ASSERT_TRUE(same(r.frames[i], sent[i])) << i;
  EXPECT_GT(r.bad, 0);  // the junk was seen, and rejected
}

TEST(HbpStream, DamagedFramesAreDroppedAndOthersSurvive) {
  Rng rng(3);
  std::vector<Sent> sent;
  std::vector<bool> damaged;
  Bytes stream;
  for (uint32_t i = 0; i < 600; ++i) {
    Sent s = make_frame(rng, i);
    Bytes w = s.wire;
    bool dmg = rng.chance(40);
    if (dmg) {
      switch (rng.below(5)) {
        case 0:  // single bit flip anywhere, delimiters included
          w[rng.below(static_cast<uint32_t>(w.size()))] ^= static_cast<uint8_t>(1u << rng.below(8));
          break;
        case 1:  // burst of random bytes overwritten
          for (uint32_t k = 0, n = 1 + rng.below(16); k < n; ++k)
            w[rng.below(static_cast<uint32_t>(w.size()))] = rng.byte();
          break;
        case 2:  // truncated: the tail never arrives (at least one content byte;
                 // losing only the closing 0x00 leaves the frame intact, as the
                 // next frame's leading 0x00 closes it)
          w.resize(1 + rng.below(static_cast<uint32_t>(w.size()) - 2));
          break;
        case 3: {  // bytes dropped from the middle (UART overrun)
          size_t at = 1 + rng.below(static_cast<uint32_t>(w.size()) - 2);
          w.erase(w.begin() + static_cast<long>(at));
          break;
        }
        default: {  // bytes inserted in the middle
          size_t at = 1 + rng.below(static_cast<uint32_t>(w.size()) - 2);
          Bytes ins = rng.bytes(1 + rng.below(5));
          w.insert(w.begin() + static_cast<long>(at), ins.begin(), ins.end());
          break;
        }
      }
      dmg = (w != s.wire);
    }
    sent.push_back(s);
    damaged.push_back(dmg);
    stream.insert(stream.end(), w.begin(), w.end());
  }
  Receiver r;
  feed_chunked(r, stream, rng);
  // Received frames, in order, must be exactly the undamaged sent frames.
  std::vector<size_t> intact;
  for (size_t i = 0; i < sent.size(); ++i)
    if (!damaged[i]) intact.push_back(i);
  ASSERT_EQ(r.frames.size(), intact.size());
  for (size_t k = 0; k < intact.size(); ++k) ASSERT_TRUE(same(r.frames[k], sent[intact[k]])) << "frame " << intact[k];
  EXPECT_GT(r.bad, 0);
}

TEST(HbpStream, PureGarbageNeverYieldsAFrame) {
  Rng rng(4);
  Receiver r;
  for (int block = 0; block < 40; ++block) {
    Bytes junk = rng.bytes(5000);
    // Vary the density of 0x00 so "frames" of every length are tried.
    uint32_t zero_pct = block % 4 == 0 ? 0 : 1 + rng.below(20);
    for (auto& b : junk)
      if (rng.chance(zero_pct)) b = 0;
    feed_chunked(r, junk, rng);
  }
  EXPECT_TRUE(r.frames.empty());
  EXPECT_GT(r.bad, 0);
}

TEST(HbpStream, OversizedRunIsDroppedWithoutOverflow) {
  // 5000 non-zero bytes then a good frame: the decoder must not write past
  // its HBP_FRAME_MAX buffer (ASan watches) and must recover at the 0x00.
  Rng rng(5);
  Bytes stream(5000, 0x41);
  Sent s = make_frame(rng, 7);
  stream.insert(stream.end(), s.wire.begin(), s.wire.end());
  Receiver r;
  r.feed(stream.data(), stream.size());
  ASSERT_EQ(r.frames.size(), 1u);
  EXPECT_TRUE(same(r.frames[0], s));
  EXPECT_EQ(r.bad, 1);
}

TEST(HbpStream, LostClosingDelimiterIsHealedByNextFramesOpeningOne) {
  Rng rng(6);
  Sent a = make_frame(rng, 1), b = make_frame(rng, 2);
  Bytes stream(a.wire.begin(), a.wire.end() - 1);  // a's closing 0x00 lost
  stream.insert(stream.end(), b.wire.begin(), b.wire.end());
  Receiver r;
  r.feed(stream.data(), stream.size());
  ASSERT_EQ(r.frames.size(), 2u);
  EXPECT_TRUE(same(r.frames[0], a));
  EXPECT_TRUE(same(r.frames[1], b));
}
