// The sample pipeline of `hilbench run`: one INFER outstanding at a time
// (PROTOCOL.md section 8), the next input loaded into another slot while the
// current one runs (overlap) or after its RESULT (strict), results
// reassembled from RESULT + RESULT_CHUNKs.
#include <algorithm>
#include <deque>
#include <optional>

extern "C" {
#include "codec/result.h"
}

#include "session/session_impl.h"

namespace hb::session {

namespace {

// (b - a) in [1, 2^15]: seq a was sent before seq b (u16 wrap-around).
bool seq_before(uint16_t a, uint16_t b) {
  const uint16_t d = static_cast<uint16_t>(b - a);
  return d >= 1 && d <= 0x8000u;
}

struct Running {
  size_t index = 0;
  uint8_t slot = 0;
  uint16_t infer_seq = 0;   // the INFER frame: once ACKed, the board is computing
  bool started = false;     // RESULT head arrived: the board has finished
  bool overlapped = false;  // LOADs went out while it was outstanding
  std::vector<uint8_t> output;
  std::vector<uint32_t> op_ticks;
  hbp_result_rx rx{};  // points into output/op_ticks
};

struct Loading {
  size_t index = 0;
  uint8_t slot = 0;
  std::vector<uint8_t> bytes;
  size_t sent = 0;
};

struct Loaded {
  size_t index = 0;
  uint8_t slot = 0;
};

}  // namespace

void Session::stream(size_t count, const InputFn& input, const ResultFn& on_result, const StreamOptions& opts) {
  Impl& s = *impl_;
  if (!s.have_info) s.fail("stream before HELLO");
  if (count > 0xFFFFFFFFull) s.fail("too many samples for 32-bit tags");
  const Info& info = s.info;
  if (info.input.bytes == 0) s.fail("the board's model has an empty or unknown input tensor type");
  if (opts.per_op && !info.has_per_op_timing()) s.fail("per-op timing asked for, but the firmware does not support it");
  // Any throw below leaves the board mid-stream: require a new HELLO.
  s.have_info = false;

  const unsigned n_slots = opts.slots == 0 || opts.slots > info.n_slots ? info.n_slots : opts.slots;
  const bool overlap = opts.pipelining == Pipelining::Overlap ||
                       (opts.pipelining == Pipelining::Auto && info.rx_policy != HBP_RXP_RING_ISR);
  const uint8_t infer_flags =
      static_cast<uint8_t>((opts.per_op ? HBP_INFER_PER_OP : 0u) | (opts.no_output ? HBP_INFER_NO_OUTPUT : 0u));
  const size_t chunk_max = s.link.tx.max_payload - HBP_LOAD_FIXED;

  std::vector<bool> slot_busy(n_slots, false);  // loading, loaded or running
  std::optional<Loading> loading;
  std::deque<Loaded> loaded;         // complete in their slots, waiting for INFER
  std::unique_ptr<Running> running;  // heap: rx points into it, it must not move
  size_t next = 0, delivered = 0;
  auto last_progress = Clock::now();

  auto context = [&]() -> std::string {
    if (running) return " while sample " + std::to_string(running->index) + " was in flight";
    if (!loaded.empty()) return " while sample " + std::to_string(loaded.front().index) + " was in flight";
    if (loading) return " while loading sample " + std::to_string(loading->index);
    return " (after " + std::to_string(delivered) + " of " + std::to_string(count) + " samples)";
  };

  auto send_infer = [&] {
    const Loaded l = loaded.front();
    hbp_infer m{};
    m.slot = l.slot;
    m.flags = infer_flags;
    m.tag = static_cast<uint32_t>(l.index);
    uint8_t payload[16];
    size_t len = 0;
    if (hbp_infer_encode(&m, payload, sizeof payload, &len) != HBP_OK) s.fail("cannot encode INFER");
    auto r = std::make_unique<Running>();
    r->index = l.index;
    r->slot = l.slot;
    r->infer_seq = s.link.tx.next_seq;
    s.send(HBP_MSG_INFER, payload, len);
    running = std::move(r);
    loaded.pop_front();
  };

  // Queues what may go out now, as far as the board's window allows.
  auto fill = [&] {
    for (;;) {
      if (!running && !loaded.empty()) {
        if (hbp_tx_space(&s.link.tx) == 0) return;
        send_infer();
        continue;
      }
      if (running && !overlap) return;  // strict: the line stays quiet until RESULT
      if (!loading) {
        if (next >= count) return;
        unsigned slot = 0;
        while (slot < n_slots && slot_busy[slot]) ++slot;
        if (slot == n_slots) return;  // every slot holds a sample not yet run
        Loading l;
        l.index = next;
        l.slot = static_cast<uint8_t>(slot);
        l.bytes = input(next);
        if (l.bytes.size() != info.input.bytes)
          s.fail("sample " + std::to_string(next) + ": input is " + std::to_string(l.bytes.size()) +
                 " bytes, the board's model takes " + std::to_string(info.input.bytes));
        slot_busy[slot] = true;
        loading = std::move(l);
        ++next;
      }
      if (hbp_tx_space(&s.link.tx) == 0) return;
      Loading& l = *loading;
      hbp_load m{};
      m.slot = l.slot;
      m.offset = static_cast<uint32_t>(l.sent);
      m.data = l.bytes.data() + l.sent;
      m.len = static_cast<uint16_t>(std::min(chunk_max, l.bytes.size() - l.sent));
      uint8_t payload[HBP_PAYLOAD_MAX];
      size_t len = 0;
      if (hbp_load_encode(&m, payload, sizeof payload, &len) != HBP_OK) s.fail("cannot encode LOAD");
      s.send(HBP_MSG_LOAD, payload, len);
      if (running) running->overlapped = true;
      l.sent += m.len;
      if (l.sent == l.bytes.size()) {
        loaded.push_back({l.index, l.slot});
        loading.reset();
      }
    }
  };

  auto finish = [&] {
    Running& f = *running;
    Result r;
    r.tag = f.rx.head.tag;
    r.status = f.rx.head.status;
    r.slot = f.rx.head.slot;
    r.flags = f.rx.head.flags;
    r.ticks = f.rx.head.ticks;
    r.rx_bytes = f.rx.head.rx_bytes;
    r.output = std::move(f.output);
    r.op_ticks = std::move(f.op_ticks);
    r.overlapped = f.overlapped;
    slot_busy[f.slot] = false;
    running.reset();
    ++delivered;
    last_progress = Clock::now();
    on_result(std::move(r));
  };

  auto check_tag = [&](uint32_t tag, const char* what) {
    if (!running || tag != running->index)
      s.fail(std::string(what) + " for tag " + std::to_string(tag) + ", which is not the INFER outstanding" +
             context());
  };

  auto on_msg = [&](const hbp_rx_msg& m) {
    if (m.type == HBP_MSG_RESULT) {
      hbp_result r;
      hbp_status st = hbp_result_decode(m.payload, m.len, &r);
      if (st != HBP_OK) s.fail(std::string("malformed RESULT: ") + hbp_status_name(st) + context());
      check_tag(r.tag, "RESULT");
      Running& f = *running;
      if (f.started) s.fail("second RESULT for sample " + std::to_string(f.index));
      // Bounded by what this model can produce: never allocate what a
      // confused firmware announces.
      if (r.output_bytes > info.output.bytes || r.op_count > info.op_count)
        s.fail("RESULT for sample " + std::to_string(f.index) + " announces " + std::to_string(r.output_bytes) +
               " output bytes and " + std::to_string(r.op_count) + " op ticks; the model has " +
               std::to_string(info.output.bytes) + " and " + std::to_string(info.op_count));
      f.output.assign(r.output_bytes, 0);
      f.op_ticks.assign(r.op_count, 0);
      hbp_result_rx_init(&f.rx, f.output.data(), r.output_bytes, f.op_ticks.data(), r.op_count);
      st = hbp_result_rx_start(&f.rx, &r);
      if (st != HBP_OK) s.fail(std::string("bad RESULT: ") + hbp_status_name(st) + context());
      f.started = true;
      // The board was deaf while it computed: restart the timers of frames
      // it holds unread, or they would all be resent at once.
      hbp_tx_rearm(&s.link.tx, s.now_ms());
      if (hbp_result_rx_complete(&f.rx)) finish();
    } else if (m.type == HBP_MSG_RESULT_CHUNK) {
      hbp_result_chunk c;
      hbp_status st = hbp_result_chunk_decode(m.payload, m.len, &c);
      if (st != HBP_OK) s.fail(std::string("malformed RESULT_CHUNK: ") + hbp_status_name(st) + context());
      check_tag(c.tag, "RESULT_CHUNK");
      st = hbp_result_rx_chunk(&running->rx, &c);
      if (st != HBP_OK)
        s.fail("RESULT_CHUNK out of order for sample " + std::to_string(running->index) + ": " + hbp_status_name(st));
      if (hbp_result_rx_complete(&running->rx)) finish();
    }
    // INFO/PONG left over from earlier exchanges: nothing to do.
  };

  // From the ACK of an INFER until its RESULT the board reads nothing (or
  // only buffers): no timeout retransmissions towards it (section 9, host 3);
  // the watchdog below catches a board that never comes back.
  auto board_busy = [&] {
    return running && !running->started && seq_before(running->infer_seq, hbp_tx_base(&s.link.tx));
  };

  while (delivered < count) {
    fill();
    s.flush();
    const auto now = Clock::now();
    if (now - last_progress >= opts.sample_timeout) {
      const auto quiet = std::chrono::duration_cast<std::chrono::milliseconds>(now - s.last_heard);
      s.fail(Failure::Timeout, "no result within " + seconds_text(opts.sample_timeout) + " on " + s.t.endpoint() +
                                   context() + " (nothing valid heard from the board for " + seconds_text(quiet) +
                                   ": it stopped answering)");
    }
    const auto wake = std::min(last_progress + opts.sample_timeout, now + std::chrono::milliseconds(10));
    s.pump(wake, context(), on_msg,
           [&] { s.fail(Failure::Rebooted, "the board lost the session (rebooted?)" + context()); });
    if (!board_busy()) s.retransmit(context());
  }
  s.have_info = true;
}

}  // namespace hb::session
