// Sender window and receiver state machines (codec/reliable.h), step by step.
#include <gtest/gtest.h>

#include "protocols/proto_test_util.h"

extern "C" {
#include "codec/messages.h"
#include "codec/reliable.h"
}

using hbp_test::Bytes;

namespace {

// Header of a wire frame produced by the sender (via the streaming decoder).
hbp_header header_of(const uint8_t* wire, size_t n) {
  Bytes inner(wire + 1, wire + n - 1);
  auto f = hbp_test::ref_cobs_decode(inner);
  hbp_header h{};
  const uint8_t* pl = nullptr;
  EXPECT_TRUE(f.has_value());
  if (f) {
    EXPECT_EQ(hbp_frame_parse(f->data(), f->size(), &h, &pl), HBP_OK);
  }
  return h;
}

struct Tx {
  explicit Tx(uint8_t window, uint32_t rto = 100) : slots(window) { hbp_tx_init(&tx, slots.data(), window, rto); }
  hbp_status push(uint32_t now, uint8_t type = HBP_MSG_LOAD) {
    Bytes payload = {1, 2, 3, 4, 5, 6};
    const uint8_t* w = nullptr;
    size_t n = 0;
    hbp_status st = hbp_tx_push(&tx, type, payload.data(), payload.size(), now, &w, &n);
    if (st == HBP_OK) last = header_of(w, n);
    return st;
  }
  // Frames the poll hands out at `now`, as seqs.
  std::vector<uint16_t> poll(uint32_t now, int* err = nullptr) {
    std::vector<uint16_t> out;
    for (;;) {
      const uint8_t* w = nullptr;
      size_t n = 0;
      int r = hbp_tx_poll(&tx, now, &w, &n);
      if (r < 0 && err) *err = r;
      if (r != 1) break;
      out.push_back(header_of(w, n).seq);
    }
    return out;
  }
  std::vector<hbp_tx_slot> slots;
  hbp_tx tx;
  hbp_header last{};
};

hbp_header hdr(uint16_t seq, uint8_t flags = 0, uint8_t type = HBP_MSG_LOAD) {
  return hbp_header{HBP_VERSION, type, flags, seq, 0};
}

int rxf(hbp_rx& rx, hbp_header h, hbp_rx_reply& r) { return hbp_rx_frame(&rx, &h, &r); }

}  // namespace

TEST(HbpTx, SequencesFramesAndMarksOnlyTheFirstSyn) {
  Tx t(4);
  hbp_tx_reset(&t.tx, 500);
  ASSERT_EQ(t.push(0), HBP_OK);
  EXPECT_EQ(t.last.seq, 500);
  EXPECT_EQ(t.last.flags, HBP_FLAG_SYN);
  EXPECT_EQ(t.last.type, HBP_MSG_LOAD);
  ASSERT_EQ(t.push(0), HBP_OK);
  EXPECT_EQ(t.last.seq, 501);
  EXPECT_EQ(t.last.flags, 0);
  EXPECT_EQ(hbp_tx_base(&t.tx), 500);
}

TEST(HbpTx, WindowFullBlocksUntilAcked) {
  Tx t(4);
  for (int i = 0; i < 4; ++i) ASSERT_EQ(t.push(0), HBP_OK);
  EXPECT_EQ(hbp_tx_space(&t.tx), 0);
  EXPECT_EQ(t.push(0), HBP_ERR_WINDOW_FULL);
  EXPECT_EQ(t.tx.next_seq, 4);  // the refused frame consumed no seq
  EXPECT_EQ(hbp_tx_ack(&t.tx, 2), 2);
  EXPECT_EQ(hbp_tx_space(&t.tx), 2);
  ASSERT_EQ(t.push(0), HBP_OK);
  EXPECT_EQ(t.last.seq, 4);
  // A lower negotiated window limits further.
  ASSERT_EQ(hbp_tx_set_window(&t.tx, 2), HBP_OK);
  EXPECT_EQ(hbp_tx_space(&t.tx), 0);
  EXPECT_EQ(t.push(0), HBP_ERR_WINDOW_FULL);
  EXPECT_EQ(hbp_tx_set_window(&t.tx, 5), HBP_ERR_RANGE);  // more than the slots
}

TEST(HbpTx, StaleOrForeignAcksReleaseNothing) {
  Tx t(4);
  hbp_tx_reset(&t.tx, 10);
  for (int i = 0; i < 3; ++i) ASSERT_EQ(t.push(0), HBP_OK);  // 10, 11, 12
  EXPECT_EQ(hbp_tx_ack(&t.tx, 10), 0);                       // nothing new
  EXPECT_EQ(hbp_tx_ack(&t.tx, 9), 0);                        // old
  EXPECT_EQ(hbp_tx_ack(&t.tx, 14), 0);                       // beyond what was sent
  EXPECT_EQ(hbp_tx_ack(&t.tx, 13), 3);
  EXPECT_EQ(t.tx.count, 0);
}

TEST(HbpTx, TimeoutResendsWholeWindowInOrder) {
  Tx t(4, 100);
  for (uint32_t i = 0; i < 3; ++i) ASSERT_EQ(t.push(10 * i), HBP_OK);  // sent at 0, 10, 20
  EXPECT_TRUE(t.poll(99).empty());
  EXPECT_EQ(t.poll(100), (std::vector<uint16_t>{0, 1, 2}));
  EXPECT_TRUE(t.poll(150).empty());  // timers restarted at 100
  EXPECT_EQ(hbp_tx_ack(&t.tx, 1), 1);
  EXPECT_EQ(t.poll(200), (std::vector<uint16_t>{1, 2}));
  EXPECT_EQ(t.tx.retransmits, 5u);
}

TEST(HbpTx, RetransmissionIsByteIdentical) {
  Tx t(2, 10);
  Bytes payload = {9, 9, 0, 9};
  const uint8_t* w = nullptr;
  size_t n = 0;
  ASSERT_EQ(hbp_tx_push(&t.tx, HBP_MSG_RESULT, payload.data(), payload.size(), 0, &w, &n), HBP_OK);
  Bytes first(w, w + n);
  ASSERT_EQ(hbp_tx_poll(&t.tx, 10, &w, &n), 1);
  EXPECT_EQ(Bytes(w, w + n), first);  // same seq, same SYN flag, same CRC
}

TEST(HbpTx, NakReleasesEarlierFramesAndResendsTheRest) {
  Tx t(4, 1000);
  for (int i = 0; i < 4; ++i) ASSERT_EQ(t.push(0), HBP_OK);  // 0..3
  EXPECT_EQ(hbp_tx_nak(&t.tx, 2), 2);                        // 0, 1 arrived; 2, 3 again
  EXPECT_EQ(hbp_tx_base(&t.tx), 2);
  EXPECT_EQ(t.poll(1), (std::vector<uint16_t>{2, 3}));  // immediately, no timeout needed
  EXPECT_TRUE(t.poll(2).empty());
  EXPECT_EQ(hbp_tx_nak(&t.tx, 9), 0);  // names a frame never sent: ignored
  EXPECT_EQ(t.tx.count, 2);
  EXPECT_EQ(hbp_tx_nak(&t.tx, 4), 0);  // everything arrived after all
  EXPECT_EQ(t.tx.count, 0);
}

TEST(HbpTx, GivesUpAfterMaxTries) {
  Tx t(1, 10);
  t.tx.max_tries = 3;
  ASSERT_EQ(t.push(0), HBP_OK);
  int err = 0;
  EXPECT_EQ(t.poll(10, &err).size(), 1u);
  EXPECT_EQ(t.poll(20, &err).size(), 1u);
  EXPECT_EQ(err, 0);
  EXPECT_TRUE(t.poll(30, &err).empty());
  EXPECT_EQ(err, HBP_ERR_LINK_DEAD);
  hbp_tx_reset(&t.tx, 0);  // recovery: new sequence space
  EXPECT_EQ(t.push(40), HBP_OK);
  EXPECT_EQ(t.last.flags, HBP_FLAG_SYN);
}

TEST(HbpTx, RearmPostponesTimeouts) {
  Tx t(2, 100);
  ASSERT_EQ(t.push(0), HBP_OK);
  hbp_tx_rearm(&t.tx, 5000);  // peer was busy (inference) until now
  EXPECT_TRUE(t.poll(5099).empty());
  EXPECT_EQ(t.poll(5100).size(), 1u);
}

TEST(HbpTx, TimeComparisonSurvivesClockWrap) {
  Tx t(1, 100);
  ASSERT_EQ(t.push(0xFFFFFFC0u), HBP_OK);
  EXPECT_TRUE(t.poll(0x10u).empty());   // 0x50 ms elapsed
  EXPECT_EQ(t.poll(0x24u).size(), 1u);  // 0x64 = 100 ms elapsed
}

TEST(HbpTx, SequenceWrapsAround) {
  Tx t(4);
  hbp_tx_reset(&t.tx, 65534);
  std::vector<uint16_t> seqs;
  for (int i = 0; i < 4; ++i) {
    ASSERT_EQ(t.push(0), HBP_OK);
    seqs.push_back(t.last.seq);
  }
  EXPECT_EQ(seqs, (std::vector<uint16_t>{65534, 65535, 0, 1}));
  EXPECT_EQ(hbp_tx_ack(&t.tx, 1), 3);
  EXPECT_EQ(hbp_tx_ack(&t.tx, 2), 1);
}

TEST(HbpTx, PayloadLimit) {
  Tx t(1);
  Bytes big(HBP_PAYLOAD_MIN + 1);
  const uint8_t* w;
  size_t n;
  EXPECT_EQ(hbp_tx_push(&t.tx, HBP_MSG_LOAD, big.data(), big.size(), 0, &w, &n), HBP_ERR_TOO_LONG);
  ASSERT_EQ(hbp_tx_set_max_payload(&t.tx, HBP_PAYLOAD_MAX), HBP_OK);
  EXPECT_EQ(hbp_tx_push(&t.tx, HBP_MSG_LOAD, big.data(), big.size(), 0, &w, &n), HBP_OK);
  EXPECT_EQ(hbp_tx_set_max_payload(&t.tx, HBP_PAYLOAD_MAX + 1), HBP_ERR_RANGE);
}

TEST(HbpRx, UnsyncedReceiverAsksForSyn) {
  hbp_rx rx;
  hbp_rx_init(&rx);
  hbp_rx_reply r;
  EXPECT_EQ(rxf(rx, hdr(5), r), HBP_RX_NOT_SYNCED);
  EXPECT_EQ(r.reply, HBP_MSG_NAK);
  EXPECT_EQ(r.reason, HBP_NAK_NOT_SYNCED);
  // Corrupt frames are not NAKed without a session (no `next` to name).
  EXPECT_EQ(hbp_rx_corrupt(&rx, &r), HBP_RX_CORRUPT);
  EXPECT_EQ(r.reply, 0);
}

TEST(HbpRx, DeliversInOrderOnceAndAcksCumulatively) {
  hbp_rx rx;
  hbp_rx_init(&rx);
  hbp_rx_reply r;
  ASSERT_EQ(rxf(rx, hdr(100, HBP_FLAG_SYN), r), HBP_RX_DELIVER);
  EXPECT_EQ(r.reply, HBP_MSG_ACK);
  EXPECT_EQ(r.next, 101);
  ASSERT_EQ(rxf(rx, hdr(101), r), HBP_RX_DELIVER);
  EXPECT_EQ(r.next, 102);
  // Lost ACK -> the sender repeats 101: acknowledged again, not delivered.
  EXPECT_EQ(rxf(rx, hdr(101), r), HBP_RX_DUPLICATE);
  EXPECT_EQ(r.reply, HBP_MSG_ACK);
  EXPECT_EQ(r.next, 102);
  // So is a repeat of the SYN frame itself.
  EXPECT_EQ(rxf(rx, hdr(100, HBP_FLAG_SYN), r), HBP_RX_DUPLICATE);
  EXPECT_EQ(r.next, 102);
}

TEST(HbpRx, GapIsNakedOncePerHole) {
  hbp_rx rx;
  hbp_rx_init(&rx);
  hbp_rx_reply r;
  ASSERT_EQ(rxf(rx, hdr(0, HBP_FLAG_SYN), r), HBP_RX_DELIVER);
  // Frame 1 lost; 2 and 3 arrive.
  EXPECT_EQ(rxf(rx, hdr(2), r), HBP_RX_GAP);
  EXPECT_EQ(r.reply, HBP_MSG_NAK);
  EXPECT_EQ(r.reason, HBP_NAK_GAP);
  EXPECT_EQ(r.next, 1);
  EXPECT_EQ(rxf(rx, hdr(3), r), HBP_RX_GAP);
  EXPECT_EQ(r.reply, 0);  // already asked
  EXPECT_EQ(hbp_rx_corrupt(&rx, &r), HBP_RX_CORRUPT);
  EXPECT_EQ(r.reply, 0);
  // Go-back-N resend: 1, 2, 3 delivered in order.
  EXPECT_EQ(rxf(rx, hdr(1), r), HBP_RX_DELIVER);
  EXPECT_EQ(rxf(rx, hdr(2), r), HBP_RX_DELIVER);
  EXPECT_EQ(rxf(rx, hdr(3), r), HBP_RX_DELIVER);
  EXPECT_EQ(r.next, 4);
  // A new hole may be NAKed again.
  EXPECT_EQ(hbp_rx_corrupt(&rx, &r), HBP_RX_CORRUPT);
  EXPECT_EQ(r.reply, HBP_MSG_NAK);
  EXPECT_EQ(r.reason, HBP_NAK_CORRUPT);
  EXPECT_EQ(r.next, 4);
}

TEST(HbpRx, NewSynOpensNewSession) {
  hbp_rx rx;
  hbp_rx_init(&rx);
  hbp_rx_reply r;
  ASSERT_EQ(rxf(rx, hdr(10, HBP_FLAG_SYN), r), HBP_RX_DELIVER);
  ASSERT_EQ(rxf(rx, hdr(11), r), HBP_RX_DELIVER);
  // Peer restarted with another initial seq, behind or ahead of ours.
  EXPECT_EQ(rxf(rx, hdr(5, HBP_FLAG_SYN), r), HBP_RX_DELIVER);
  EXPECT_EQ(r.next, 6);
  EXPECT_EQ(rxf(rx, hdr(40000, HBP_FLAG_SYN), r), HBP_RX_DELIVER);
  EXPECT_EQ(rxf(rx, hdr(40001), r), HBP_RX_DELIVER);
}

TEST(HbpRx, UnsequencedFramesBypassState) {
  hbp_rx rx;
  hbp_rx_init(&rx);
  hbp_rx_reply r;
  EXPECT_EQ(rxf(rx, hdr(0, HBP_FLAG_UNSEQ, HBP_MSG_LOG), r), HBP_RX_UNSEQ);
  EXPECT_EQ(r.reply, 0);
  EXPECT_EQ(rxf(rx, hdr(0, 0, HBP_MSG_ACK), r), HBP_RX_UNSEQ);  // by type too
  EXPECT_EQ(rxf(rx, hdr(0, 0, HBP_MSG_NAK), r), HBP_RX_UNSEQ);
  EXPECT_FALSE(rx.synced);
  ASSERT_EQ(rxf(rx, hdr(7, HBP_FLAG_SYN), r), HBP_RX_DELIVER);
  EXPECT_EQ(rxf(rx, hdr(7, HBP_FLAG_UNSEQ, HBP_MSG_LOG), r), HBP_RX_UNSEQ);
  EXPECT_EQ(rx.next, 8);
}

TEST(HbpRx, SequenceWrapsAround) {
  hbp_rx rx;
  hbp_rx_init(&rx);
  hbp_rx_reply r;
  ASSERT_EQ(rxf(rx, hdr(65534, HBP_FLAG_SYN), r), HBP_RX_DELIVER);
  EXPECT_EQ(rxf(rx, hdr(65535), r), HBP_RX_DELIVER);
  EXPECT_EQ(r.next, 0);
  EXPECT_EQ(rxf(rx, hdr(0), r), HBP_RX_DELIVER);
  EXPECT_EQ(rxf(rx, hdr(65535), r), HBP_RX_DUPLICATE);
  EXPECT_EQ(rxf(rx, hdr(2), r), HBP_RX_GAP);
}
