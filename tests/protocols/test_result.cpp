// Result body split (device) and reassembly (host): output tensor bytes and
// per-op ticks across RESULT + RESULT_CHUNK payloads of any negotiated size.
#include <gtest/gtest.h>

#include "protocols/proto_test_util.h"

extern "C" {
#include "codec/frame.h"
#include "codec/result.h"
}

using hbp_test::Bytes;
using hbp_test::Rng;

namespace {

struct Split {
  std::vector<std::pair<uint8_t, Bytes>> payloads;
};

Split split(const hbp_result& head, const Bytes& out, const std::vector<uint32_t>& ops, size_t max_payload) {
  hbp_result_tx t;
  EXPECT_EQ(hbp_result_tx_init(&t, &head, out.empty() ? nullptr : out.data(), ops.empty() ? nullptr : ops.data()),
            HBP_OK);
  Split s;
  Bytes buf(HBP_PAYLOAD_MAX);
  for (int guard = 0; guard < 100000; ++guard) {
    uint8_t type = 0;
    size_t n = 0;
    int r = hbp_result_tx_next(&t, max_payload, buf.data(), buf.size(), &type, &n);
    EXPECT_GE(r, 0);
    if (r != 1) break;
    EXPECT_LE(n, max_payload);
    s.payloads.emplace_back(type, Bytes(buf.begin(), buf.begin() + static_cast<long>(n)));
  }
  return s;
}

hbp_result head_for(uint32_t tag, uint32_t out_bytes, uint16_t ops) {
  return hbp_result{tag, HBP_RS_OK, 1, static_cast<uint8_t>(ops ? HBP_RF_PER_OP : 0), 1000 + tag, 0, out_bytes,
                    ops, nullptr,   0};
}

}  // namespace

TEST(HbpResult, SplitAndReassembleManyShapes) {
  Rng rng(8);
  struct Shape {
    uint32_t out;
    uint16_t ops;
    size_t max_payload;
  };
  std::vector<Shape> shapes = {
      {0, 0, 512},   {2, 0, 512},     {0, 3, 512},       {1000, 0, 512},   {1001, 250, 512}, {486, 0, 512},
      {487, 0, 512}, {4000, 77, 700}, {150528, 0, 1012}, {10, 1000, 1012}, {1, 1, 512},      {993, 7, 1012},
  };
  bool straddled = false;
  for (const auto& sh : shapes) {
    SCOPED_TRACE(testing::Message() << sh.out << " output bytes, " << sh.ops << " ops, payload " << sh.max_payload);
    Bytes out = rng.bytes(sh.out);
    std::vector<uint32_t> ops(sh.ops);
    for (auto& o : ops) o = static_cast<uint32_t>(rng.next());
    hbp_result head = head_for(9, sh.out, sh.ops);
    Split s = split(head, out, ops, sh.max_payload);

    // Exactly the frames needed: first RESULT, then RESULT_CHUNKs.
    size_t body = sh.out + 4u * sh.ops;
    size_t first = std::min(body, sh.max_payload - HBP_RESULT_FIXED);
    size_t rest = body - first;
    size_t per = sh.max_payload - HBP_RESULT_CHUNK_FIXED;
    ASSERT_EQ(s.payloads.size(), 1 + (rest + per - 1) / per);

    Bytes out_rx(sh.out + 5, 0xEE);
    std::vector<uint32_t> ops_rx(sh.ops + 1u, 0xDEADBEEFu);
    hbp_result_rx a;
    hbp_result_rx_init(&a, out_rx.data(), static_cast<uint32_t>(out_rx.size()), ops_rx.data(),
                       static_cast<uint16_t>(ops_rx.size()));
    for (size_t i = 0; i < s.payloads.size(); ++i) {
      const auto& [type, p] = s.payloads[i];
      if (i == 0) {
        ASSERT_EQ(type, HBP_MSG_RESULT);
        hbp_result r;
        ASSERT_EQ(hbp_result_decode(p.data(), p.size(), &r), HBP_OK);
        EXPECT_EQ(r.tag, 9u);
        EXPECT_EQ(r.ticks, 1009u);
        EXPECT_EQ(r.output_bytes, sh.out);
        EXPECT_EQ(r.op_count, sh.ops);
        ASSERT_EQ(hbp_result_rx_start(&a, &r), HBP_OK);
      } else {
        ASSERT_EQ(type, HBP_MSG_RESULT_CHUNK);
        hbp_result_chunk c;
        ASSERT_EQ(hbp_result_chunk_decode(p.data(), p.size(), &c), HBP_OK);
        // Does a tick value straddle this chunk's start?
        if (c.offset > sh.out && (c.offset - sh.out) % 4 != 0) straddled = true;
        ASSERT_EQ(hbp_result_rx_chunk(&a, &c), HBP_OK);
      }
      EXPECT_EQ(hbp_result_rx_complete(&a), i + 1 == s.payloads.size());
    }
    ASSERT_TRUE(hbp_result_rx_complete(&a));
    EXPECT_EQ(Bytes(out_rx.begin(), out_rx.begin() + sh.out), out);
    EXPECT_EQ(out_rx[sh.out], 0xEE);  // nothing written past the body
    EXPECT_EQ(std::vector<uint32_t>(ops_rx.begin(), ops_rx.begin() + sh.ops), ops);
    EXPECT_EQ(ops_rx[sh.ops], 0xDEADBEEFu);
  }
  EXPECT_TRUE(straddled);  // the shapes above include a tick split across frames
}

TEST(HbpResult, OpTicksAreLittleEndianOnTheWire) {
  Bytes out = {0xAA};
  std::vector<uint32_t> ops = {0x04030201u};
  hbp_result head = head_for(1, 1, 1);
  Split s = split(head, out, ops, 512);
  ASSERT_EQ(s.payloads.size(), 1u);
  const Bytes& p = s.payloads[0].second;
  EXPECT_EQ(Bytes(p.end() - 5, p.end()), (Bytes{0xAA, 0x01, 0x02, 0x03, 0x04}));
}

TEST(HbpResult, AssemblerRejectsBadChunks) {
  Bytes out(2000, 1);
  hbp_result head = head_for(5, 2000, 0);
  Split s = split(head, out, {}, 512);
  ASSERT_GE(s.payloads.size(), 4u);
  Bytes rx(2000);
  hbp_result_rx a;
  hbp_result_rx_init(&a, rx.data(), 2000, nullptr, 0);
  hbp_result r;
  hbp_result_chunk c1, c2;
  ASSERT_EQ(hbp_result_decode(s.payloads[0].second.data(), s.payloads[0].second.size(), &r), HBP_OK);
  ASSERT_EQ(hbp_result_chunk_decode(s.payloads[1].second.data(), s.payloads[1].second.size(), &c1), HBP_OK);
  ASSERT_EQ(hbp_result_chunk_decode(s.payloads[2].second.data(), s.payloads[2].second.size(), &c2), HBP_OK);

  EXPECT_EQ(hbp_result_rx_chunk(&a, &c1), HBP_ERR_SEQUENCE);  // before RESULT
  ASSERT_EQ(hbp_result_rx_start(&a, &r), HBP_OK);
  EXPECT_EQ(hbp_result_rx_chunk(&a, &c2), HBP_ERR_SEQUENCE);  // skips c1
  hbp_result_chunk wrong_tag = c1;
  wrong_tag.tag = 6;
  EXPECT_EQ(hbp_result_rx_chunk(&a, &wrong_tag), HBP_ERR_SEQUENCE);
  ASSERT_EQ(hbp_result_rx_chunk(&a, &c1), HBP_OK);
  EXPECT_EQ(hbp_result_rx_chunk(&a, &c1), HBP_ERR_SEQUENCE);  // repeated
  EXPECT_FALSE(hbp_result_rx_complete(&a));

  // A chunk running past the announced body.
  Bytes tail(600, 2);
  hbp_result_chunk over{5, a.received, tail.data(), 600};
  hbp_result small = r;
  small.output_bytes = a.received + 10;
  hbp_result_rx b;
  hbp_result_rx_init(&b, rx.data(), 2000, nullptr, 0);
  ASSERT_EQ(hbp_result_rx_start(&b, &small), HBP_OK);
  b.received = a.received;
  EXPECT_EQ(hbp_result_rx_chunk(&b, &over), HBP_ERR_TOO_LONG);

  // Results larger than the caller's buffers are refused up front.
  hbp_result_rx c;
  hbp_result_rx_init(&c, rx.data(), 100, nullptr, 0);
  EXPECT_EQ(hbp_result_rx_start(&c, &r), HBP_ERR_NOSPACE);
  hbp_result with_ops = head_for(5, 0, 3);
  EXPECT_EQ(hbp_result_rx_start(&c, &with_ops), HBP_ERR_NOSPACE);
}

TEST(HbpResult, SplitterNeedsRoomForFixedFields) {
  Bytes out(10, 1);
  hbp_result head = head_for(1, 10, 0);
  hbp_result_tx t;
  ASSERT_EQ(hbp_result_tx_init(&t, &head, out.data(), nullptr), HBP_OK);
  Bytes buf(64);
  uint8_t type;
  size_t n;
  EXPECT_EQ(hbp_result_tx_next(&t, HBP_RESULT_FIXED, buf.data(), buf.size(), &type, &n), HBP_ERR_NOSPACE);
  EXPECT_EQ(hbp_result_tx_next(&t, 512, buf.data(), HBP_RESULT_FIXED, &type, &n), HBP_ERR_NOSPACE);
  EXPECT_EQ(hbp_result_tx_next(&t, 512, buf.data(), buf.size(), &type, &n), 1);  // nothing consumed before
  EXPECT_EQ(n, HBP_RESULT_FIXED + 10u);
  EXPECT_EQ(hbp_result_tx_next(&t, 512, buf.data(), buf.size(), &type, &n), 0);
}
