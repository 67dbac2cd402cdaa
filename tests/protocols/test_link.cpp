// Two hbp_link endpoints (host and device) over a simulated serial line
// that can drop, corrupt or hold back frames, with a simulated clock.
// Checks the reliability rules end to end: exactly-once in-order delivery,
// NAK and timeout recovery, duplicate suppression, window flow control,
// session (re)start and version mismatch reporting.
#include <gtest/gtest.h>

#include <cstring>
#include <deque>
#include <functional>

#include "protocols/proto_test_util.h"

extern "C" {
#include "codec/crc32.h"
#include "codec/link.h"
#include "codec/messages.h"
}

using hbp_test::Bytes;
using hbp_test::Rng;

namespace {

struct Msg {
  uint8_t type;
  uint8_t flags;
  uint16_t seq;
  Bytes payload;
};

// One direction of the line. Each write (one frame) passes the fault hook.
struct Pipe {
  std::deque<uint8_t> bytes;
  std::function<Bytes(const Bytes&)> fault;  // returns what actually goes on the wire
  bool held = false;                         // receiver not reading (busy)
  int writes = 0;
};

void pipe_write(void* ctx, const uint8_t* p, size_t n) {
  auto* pipe = static_cast<Pipe*>(ctx);
  Bytes w(p, p + n);
  pipe->writes++;
  if (pipe->fault) w = pipe->fault(w);
  pipe->bytes.insert(pipe->bytes.end(), w.begin(), w.end());
}

struct Endpoint {
  Endpoint(Pipe* out, uint8_t window, uint32_t rto) : slots(window) {
    EXPECT_EQ(hbp_link_init(&link, slots.data(), window, rto, pipe_write, out), HBP_OK);
    link.tx.max_tries = 200;
  }
  std::vector<hbp_tx_slot> slots;
  hbp_link link;
  std::vector<Msg> got;
  std::vector<int> events;
  std::function<void(const Msg&)> on_msg;  // the "application"
};

struct Sim {
  explicit Sim(uint8_t window = 4, uint32_t rto = 50) : host(&h2d, window, rto), dev(&d2h, window, rto) {}
  Pipe h2d, d2h;
  Endpoint host, dev;
  uint32_t now = 0;

  static void drain(Pipe& p, Endpoint& e) {
    while (!p.held && !p.bytes.empty()) {
      uint8_t b = p.bytes.front();
      p.bytes.pop_front();
      hbp_rx_msg m;
      int ev = hbp_link_input(&e.link, b, &m);
      if (ev == HBP_EV_NONE) continue;
      e.events.push_back(ev);
      if (ev == HBP_EV_MESSAGE) {
        Msg msg{m.type, m.flags, m.seq, Bytes(m.payload, m.payload + m.len)};
        e.got.push_back(msg);
        if (e.on_msg) e.on_msg(msg);
      }
    }
  }
  // Advances time by dt: both sides read everything, then retransmit what is due.
  void step(uint32_t dt = 1) {
    now += dt;
    for (int round = 0; round < 8; ++round) {
      drain(h2d, dev);
      drain(d2h, host);
    }
    EXPECT_GE(hbp_link_poll(&host.link, now), 0);
    EXPECT_GE(hbp_link_poll(&dev.link, now), 0);
  }
  void settle(uint32_t ms = 2000) {
    for (uint32_t t = 0; t < ms; ++t) step();
  }
  // Opens a session the way the host client will: new seq space, HELLO.
  void open_session(uint16_t host_seq = 1000, uint16_t dev_seq = 7) {
    dev.on_msg = [this, dev_seq](const Msg& m) {
      if (m.type == HBP_MSG_HELLO) {
        hbp_link_restart_tx(&dev.link, dev_seq);
        Bytes info = {1, 2, 3};
        EXPECT_EQ(hbp_link_send(&dev.link, HBP_MSG_INFO, info.data(), info.size(), now), HBP_OK);
      }
    };
    hbp_link_restart_tx(&host.link, host_seq);
    hbp_hello h{1, 4, 1012, 42};
    Bytes p(16);
    size_t n = 0;
    EXPECT_EQ(hbp_hello_encode(&h, p.data(), p.size(), &n), HBP_OK);
    EXPECT_EQ(hbp_link_send(&host.link, HBP_MSG_HELLO, p.data(), n, now), HBP_OK);
  }
};

Bytes indexed(uint32_t i, size_t n = 40) {
  Bytes b(n, static_cast<uint8_t>(i * 31));
  for (int k = 0; k < 4; ++k) b[static_cast<size_t>(k)] = static_cast<uint8_t>(i >> (8 * k));
  return b;
}

// Sends `count` LOAD-type messages host -> device as fast as the window allows.
void stream_loads(Sim& sim, uint32_t count, uint32_t max_ms = 200000) {
  uint32_t sent = 0;
  for (uint32_t t = 0; t < max_ms && (sent < count || sim.host.link.tx.count > 0); ++t) {
    while (sent < count && hbp_tx_space(&sim.host.link.tx) > 0) {
      Bytes p = indexed(sent);
      ASSERT_EQ(hbp_link_send(&sim.host.link, HBP_MSG_LOAD, p.data(), p.size(), sim.now), HBP_OK);
      ++sent;
    }
    sim.step();
  }
  sim.settle(300);
}

void expect_loads_exactly_once(const Endpoint& e, uint32_t count) {
  std::vector<Msg> loads;
  for (const auto& m : e.got)
    if (m.type == HBP_MSG_LOAD) loads.push_back(m);
  ASSERT_EQ(loads.size(), count);
  for (uint32_t i = 0; i < count; ++i) ASSERT_EQ(loads[i].payload, indexed(i)) << "message " << i;
}

// Drops the n-th write (1-based) that matches `type` and nothing else.
std::function<Bytes(const Bytes&)> drop_nth(uint8_t type, int n, int* seen) {
  return [=](const Bytes& w) -> Bytes {
    auto f = hbp_test::ref_cobs_decode(Bytes(w.begin() + 1, w.end() - 1));
    if (f && f->size() > 1 && (*f)[1] == type && ++*seen == n) return {};
    return w;
  };
}

}  // namespace

TEST(HbpLink, HandshakeOpensBothDirections) {
  Sim sim;
  sim.open_session();
  sim.settle(100);
  ASSERT_EQ(sim.dev.got.size(), 1u);
  EXPECT_EQ(sim.dev.got[0].type, HBP_MSG_HELLO);
  EXPECT_EQ(sim.dev.got[0].seq, 1000);
  EXPECT_TRUE(sim.dev.got[0].flags & HBP_FLAG_SYN);
  ASSERT_EQ(sim.host.got.size(), 1u);
  EXPECT_EQ(sim.host.got[0].type, HBP_MSG_INFO);
  EXPECT_EQ(sim.host.got[0].seq, 7);
  EXPECT_EQ(sim.host.link.tx.count, 0);  // HELLO acknowledged
  EXPECT_EQ(sim.dev.link.tx.count, 0);   // INFO acknowledged
  EXPECT_EQ(sim.host.link.tx.retransmits + sim.dev.link.tx.retransmits, 0u);
}

TEST(HbpLink, LosslessStreamIsDeliveredInOrderOnce) {
  Sim sim;
  sim.open_session();
  sim.settle(10);
  stream_loads(sim, 200);
  expect_loads_exactly_once(sim.dev, 200);
  EXPECT_EQ(sim.host.link.tx.retransmits, 0u);
  EXPECT_EQ(sim.dev.link.stats.duplicates, 0u);
}

TEST(HbpLink, LostFrameIsNakedAndResent) {
  Sim sim;
  sim.open_session();
  sim.settle(10);
  int seen = 0;
  sim.h2d.fault = drop_nth(HBP_MSG_LOAD, 2, &seen);
  // Send 4 at once so frames 3 and 4 reveal the hole.
  for (uint32_t i = 0; i < 4; ++i) {
    Bytes p = indexed(i);
    ASSERT_EQ(hbp_link_send(&sim.host.link, HBP_MSG_LOAD, p.data(), p.size(), sim.now), HBP_OK);
  }
  for (int t = 0; t < 5; ++t) sim.step();  // well below the 50 ms timeout
  expect_loads_exactly_once(sim.dev, 4);
  EXPECT_EQ(sim.dev.link.stats.gaps, 2u);       // frames 3 and 4 arrived early
  EXPECT_EQ(sim.dev.link.stats.naks_sent, 1u);  // but the hole was NAKed once
  EXPECT_EQ(sim.host.link.tx.retransmits, 3u);  // go-back-N: 2, 3, 4
  EXPECT_EQ(sim.host.link.tx.count, 0);
}

TEST(HbpLink, LostAckCausesDuplicateThatIsNotReExecuted) {
  Sim sim;
  sim.open_session();
  sim.settle(10);
  int seen = 0;
  sim.d2h.fault = drop_nth(HBP_MSG_ACK, 1, &seen);
  Bytes p = indexed(0);
  ASSERT_EQ(hbp_link_send(&sim.host.link, HBP_MSG_LOAD, p.data(), p.size(), sim.now), HBP_OK);
  sim.settle(49);
  EXPECT_EQ(sim.host.link.tx.count, 1);  // still waiting for the lost ACK
  sim.settle(100);                       // timeout -> resend -> duplicate -> ACK again
  expect_loads_exactly_once(sim.dev, 1);
  EXPECT_EQ(sim.dev.link.stats.duplicates, 1u);
  EXPECT_EQ(sim.host.link.tx.retransmits, 1u);
  EXPECT_EQ(sim.host.link.tx.count, 0);
}

TEST(HbpLink, CorruptFrameIsNakedAndResentBeforeTimeout) {
  Sim sim;
  sim.open_session();
  sim.settle(10);
  int seen = 0;
  sim.h2d.fault = [&](const Bytes& w) {
    Bytes x = w;
    if (++seen == 1) x[x.size() / 2] ^= 0x10;
    return x;
  };
  Bytes p = indexed(0, 300);
  ASSERT_EQ(hbp_link_send(&sim.host.link, HBP_MSG_LOAD, p.data(), p.size(), sim.now), HBP_OK);
  for (int t = 0; t < 3; ++t) sim.step();
  ASSERT_EQ(sim.dev.got.size(), 2u);  // HELLO + the LOAD, resent after the NAK
  EXPECT_EQ(sim.dev.got[1].payload, p);
  EXPECT_EQ(sim.dev.link.stats.corrupt, 1u);
  EXPECT_EQ(sim.dev.link.stats.naks_sent, 1u);
  EXPECT_EQ(sim.host.link.tx.retransmits, 1u);
}

TEST(HbpLink, WindowFullBlocksSenderUntilPeerReads) {
  Sim sim(4);
  sim.open_session();
  sim.settle(10);
  sim.h2d.held = true;  // device busy: bytes pile up unread (ring / kernel buffer)
  for (uint32_t i = 0; i < 4; ++i) {
    Bytes p = indexed(i);
    ASSERT_EQ(hbp_link_send(&sim.host.link, HBP_MSG_LOAD, p.data(), p.size(), sim.now), HBP_OK);
  }
  Bytes p = indexed(4);
  EXPECT_EQ(hbp_link_send(&sim.host.link, HBP_MSG_LOAD, p.data(), p.size(), sim.now), HBP_ERR_WINDOW_FULL);
  int writes_before = sim.h2d.writes;
  // While the device is deaf the host keeps its timers parked (RESULT rule).
  for (int t = 0; t < 500; ++t) {
    sim.now++;
    hbp_tx_rearm(&sim.host.link.tx, sim.now);
    EXPECT_EQ(hbp_link_poll(&sim.host.link, sim.now), 0);
  }
  EXPECT_EQ(sim.h2d.writes, writes_before);  // nothing more went on the wire
  sim.h2d.held = false;
  sim.step();
  EXPECT_EQ(hbp_tx_space(&sim.host.link.tx), 4);
  ASSERT_EQ(hbp_link_send(&sim.host.link, HBP_MSG_LOAD, p.data(), p.size(), sim.now), HBP_OK);
  sim.settle(10);
  expect_loads_exactly_once(sim.dev, 5);
  EXPECT_EQ(sim.dev.link.stats.duplicates, 0u);
}

TEST(HbpLink, AckIsWrittenBeforeMessageIsHandedOver) {
  // The device must have acknowledged INFER before it starts timing it.
  Sim sim;
  sim.open_session();
  sim.settle(10);
  bool acked_first = false;
  sim.dev.on_msg = [&](const Msg& m) {
    if (m.type != HBP_MSG_INFER) return;
    Bytes pending(sim.d2h.bytes.begin(), sim.d2h.bytes.end());
    auto f = hbp_test::ref_cobs_decode(Bytes(pending.begin() + 1, pending.end() - 1));
    acked_first = f && (*f)[1] == HBP_MSG_ACK && ((*f)[8] | ((*f)[9] << 8)) == m.seq + 1;
  };
  Bytes p(6), q;
  hbp_infer inf{0, 0, 5};
  size_t n;
  ASSERT_EQ(hbp_infer_encode(&inf, p.data(), p.size(), &n), HBP_OK);
  ASSERT_EQ(hbp_link_send(&sim.host.link, HBP_MSG_INFER, p.data(), n, sim.now), HBP_OK);
  sim.step();
  EXPECT_TRUE(acked_first);
}

TEST(HbpLink, LossyLineBothWaysStillExactlyOnceInOrder) {
  Sim sim(4, 40);
  Rng rng(0x5EED);
  auto lossy = [&rng](const Bytes& w) -> Bytes {
    if (rng.chance(10)) return {};  // frame lost
    Bytes x = w;
    if (rng.chance(5))
      x[1 + rng.below(static_cast<uint32_t>(x.size()) - 2)] ^= static_cast<uint8_t>(1 + rng.below(255));
    if (rng.chance(3)) {
      Bytes junk = rng.bytes(rng.below(20));
      x.insert(x.begin(), junk.begin(), junk.end());  // line noise before it
    }
    return x;
  };
  sim.open_session();
  sim.settle(2000);  // HELLO/INFO on a clean line first
  ASSERT_EQ(sim.host.got.size(), 1u);
  // Limits as negotiated by HELLO/INFO.
  ASSERT_EQ(hbp_tx_set_max_payload(&sim.host.link.tx, 1012), HBP_OK);
  ASSERT_EQ(hbp_tx_set_max_payload(&sim.dev.link.tx, 1012), HBP_OK);
  sim.h2d.fault = lossy;
  sim.d2h.fault = lossy;

  // Device application: answers every LOAD with a PONG carrying the same bytes.
  std::deque<Bytes> replies;
  sim.dev.on_msg = [&](const Msg& m) {
    if (m.type == HBP_MSG_LOAD) replies.push_back(m.payload);
  };
  const uint32_t kCount = 300;
  uint32_t sent = 0;
  for (uint32_t t = 0; t < 400000; ++t) {
    while (sent < kCount && hbp_tx_space(&sim.host.link.tx) > 0) {
      Bytes p = indexed(sent, 4 + rng.below(600));
      ASSERT_EQ(hbp_link_send(&sim.host.link, HBP_MSG_LOAD, p.data(), p.size(), sim.now), HBP_OK);
      ++sent;
    }
    while (!replies.empty() && hbp_tx_space(&sim.dev.link.tx) > 0) {
      ASSERT_EQ(hbp_link_send(&sim.dev.link, HBP_MSG_PONG, replies.front().data(), replies.front().size(), sim.now),
                HBP_OK);
      replies.pop_front();
    }
    sim.step();
    if (sent == kCount && replies.empty() && sim.host.link.tx.count == 0 && sim.dev.link.tx.count == 0) break;
  }
  std::vector<Msg> loads, pongs;
  for (const auto& m : sim.dev.got)
    if (m.type == HBP_MSG_LOAD) loads.push_back(m);
  for (const auto& m : sim.host.got)
    if (m.type == HBP_MSG_PONG) pongs.push_back(m);
  ASSERT_EQ(loads.size(), kCount);
  ASSERT_EQ(pongs.size(), kCount);
  for (uint32_t i = 0; i < kCount; ++i) {
    Bytes want = indexed(i, loads[i].payload.size());
    ASSERT_EQ(loads[i].payload, want) << i;
    ASSERT_EQ(pongs[i].payload, loads[i].payload) << i;
  }
  // The faults really happened and were recovered from.
  EXPECT_GT(sim.dev.link.stats.corrupt + sim.host.link.stats.corrupt, 0u);
  EXPECT_GT(sim.dev.link.stats.duplicates + sim.host.link.stats.duplicates, 0u);
  EXPECT_GT(sim.dev.link.stats.gaps + sim.host.link.stats.gaps, 0u);
  EXPECT_GT(sim.host.link.tx.retransmits, 0u);
  EXPECT_GT(sim.dev.link.tx.retransmits, 0u);
}

TEST(HbpLink, RebootedPeerIsDetectedAndSessionReopened) {
  Sim sim;
  sim.open_session();
  sim.settle(10);
  // Device reboots: fresh link state.
  ASSERT_EQ(hbp_link_init(&sim.dev.link, sim.dev.slots.data(), 4, 50, pipe_write, &sim.d2h), HBP_OK);
  sim.dev.got.clear();
  Bytes p = indexed(0);
  ASSERT_EQ(hbp_link_send(&sim.host.link, HBP_MSG_LOAD, p.data(), p.size(), sim.now), HBP_OK);
  sim.step();
  EXPECT_TRUE(sim.dev.got.empty());
  EXPECT_EQ(sim.dev.link.stats.not_synced, 1u);
  ASSERT_FALSE(sim.host.events.empty());
  EXPECT_EQ(sim.host.events.back(), HBP_EV_PEER_UNSYNCED);
  // Host reacts: new session.
  sim.open_session(2000, 9);
  sim.settle(10);
  ASSERT_EQ(sim.dev.got.size(), 1u);
  EXPECT_EQ(sim.dev.got[0].type, HBP_MSG_HELLO);
  EXPECT_EQ(sim.host.got.back().type, HBP_MSG_INFO);
  EXPECT_EQ(sim.host.got.back().seq, 9);
}

TEST(HbpLink, RepeatedHelloAfterLostAckIsNotReExecuted) {
  Sim sim;
  int seen = 0;
  sim.d2h.fault = drop_nth(HBP_MSG_ACK, 1, &seen);  // the ACK of HELLO
  sim.open_session();
  sim.settle(300);
  int hellos = 0;
  for (const auto& m : sim.dev.got) hellos += m.type == HBP_MSG_HELLO;
  EXPECT_EQ(hellos, 1);
  EXPECT_EQ(sim.dev.link.stats.duplicates, 1u);
  int infos = 0;
  for (const auto& m : sim.host.got) infos += m.type == HBP_MSG_INFO;
  EXPECT_EQ(infos, 1);
}

TEST(HbpLink, UnsequencedLogIsDeliveredWithoutAck) {
  Sim sim;
  sim.open_session();
  sim.settle(10);
  uint32_t acks = sim.host.link.stats.acks_sent;
  hbp_log l{};
  l.level = HBP_LOG_WARN;
  std::strcpy(l.text, "brown-out");
  Bytes p(256);
  size_t n;
  ASSERT_EQ(hbp_log_encode(&l, p.data(), p.size(), &n), HBP_OK);
  ASSERT_EQ(hbp_link_send_unseq(&sim.dev.link, HBP_MSG_LOG, p.data(), n), HBP_OK);
  sim.step();
  ASSERT_EQ(sim.host.got.back().type, HBP_MSG_LOG);
  EXPECT_TRUE(sim.host.got.back().flags & HBP_FLAG_UNSEQ);
  EXPECT_EQ(sim.host.link.stats.acks_sent, acks);
  Bytes big(HBP_UNSEQ_PAYLOAD_MAX + 1);
  EXPECT_EQ(hbp_link_send_unseq(&sim.dev.link, HBP_MSG_LOG, big.data(), big.size()), HBP_ERR_TOO_LONG);
}

TEST(HbpLink, OtherProtocolVersionIsReported) {
  Sim sim;
  // A HELLO of the next protocol version, hand-made: header, 8 payload bytes, CRC.
  auto v2_frame = [](uint8_t flags) {
    Bytes f = {
        static_cast<uint8_t>(HBP_VERSION + 1), HBP_MSG_HELLO, flags, 0, 0, 0, 8, 0, 2, 4, 0xF4, 0x03, 0, 0, 0, 0};
    uint32_t c = hbp_crc32(f.data(), f.size());
    for (int i = 0; i < 4; ++i) f.push_back(static_cast<uint8_t>(c >> (8 * i)));
    Bytes w(HBP_COBS_MAX_ENCODED(f.size()));
    size_t n;
    EXPECT_EQ(hbp_cobs_encode(f.data(), f.size(), w.data(), w.size(), &n), HBP_OK);
    w.resize(n);
    w.insert(w.begin(), 0);
    w.push_back(0);
    return w;
  };
  Bytes w = v2_frame(HBP_FLAG_SYN);
  sim.h2d.bytes.insert(sim.h2d.bytes.end(), w.begin(), w.end());
  sim.step();
  ASSERT_EQ(sim.dev.events.size(), 1u);
  EXPECT_EQ(sim.dev.events[0], HBP_EV_VERSION);
  EXPECT_TRUE(sim.dev.got.empty());
  EXPECT_EQ(sim.dev.link.stats.version_errors, 1u);
  // The device told the sender (here our host) with NAK(VERSION).
  ASSERT_EQ(sim.host.events.size(), 1u);
  EXPECT_EQ(sim.host.events[0], HBP_EV_VERSION);
  // Unsequenced frames of another version get no answer (no NAK ping-pong).
  int writes = sim.d2h.writes;
  w = v2_frame(HBP_FLAG_UNSEQ);
  sim.h2d.bytes.insert(sim.h2d.bytes.end(), w.begin(), w.end());
  sim.step();
  EXPECT_EQ(sim.d2h.writes, writes);
  EXPECT_EQ(sim.dev.link.stats.version_errors, 2u);
}
