#include "session/session.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <optional>

#include "session/session_impl.h"

namespace hb::session {

namespace {

void queue_write(void* ctx, const uint8_t* bytes, size_t len) {
  auto* out = static_cast<std::vector<uint8_t>*>(ctx);
  out->insert(out->end(), bytes, bytes + len);
}

}  // namespace

const char* failure_name(Failure f) {
  switch (f) {
    case Failure::Timeout:
      return "timeout";
    case Failure::LinkDead:
      return "link-dead";
    case Failure::Rebooted:
      return "rebooted";
    case Failure::DeviceError:
      return "device-error";
  }
  return "?";
}

std::string seconds_text(std::chrono::milliseconds d) {
  char buf[32];
  if (d.count() % 1000 == 0)
    std::snprintf(buf, sizeof buf, "%lld s", static_cast<long long>(d.count() / 1000));
  else
    std::snprintf(buf, sizeof buf, "%.3g s", static_cast<double>(d.count()) / 1000.0);
  return buf;
}

Session::Impl::Impl(link::Transport& tr, Options o)
    : t(tr), opt(std::move(o)), tx_slots(HBP_WINDOW_LIMIT), epoch(Clock::now()), last_heard(epoch) {
  if (hbp_link_init(&link, tx_slots.data(), static_cast<uint8_t>(tx_slots.size()), opt.rto_ms, queue_write, &outbox) !=
      HBP_OK)
    fail("cannot initialise the protocol link");
  if (opt.max_tries >= 1) link.tx.max_tries = opt.max_tries;
  base_in = t.bytes_in();
  base_out = t.bytes_out();
  rng.seed(std::random_device{}() ^ static_cast<uint64_t>(epoch.time_since_epoch().count()));
}

uint32_t Session::Impl::now_ms() const {
  // Any monotonic u32 that wraps is what the codec wants.
  return static_cast<uint32_t>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - epoch).count());
}

void Session::Impl::flush() {
  if (outbox.empty()) return;
  std::vector<uint8_t> out;
  out.swap(outbox);  // a throwing write must not leave half-sent bytes queued
  t.write_all(out);
}

void Session::Impl::send(uint8_t type, const uint8_t* payload, size_t len) {
  const hbp_status st = hbp_link_send(&link, type, payload, len, now_ms());
  if (st != HBP_OK)
    fail(std::string("cannot send ") + hbp_msg_name(type) + " (" + std::to_string(len) +
         " bytes): " + hbp_status_name(st));
}

void Session::Impl::retransmit(const std::string& context) {
  const int r = hbp_link_poll(&link, now_ms());
  flush();
  if (r != HBP_ERR_LINK_DEAD) return;
  const hbp_tx_slot& oldest = link.tx.slots[link.tx.head];
  const auto quiet = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - last_heard);
  fail(Failure::LinkDead, "link dead on " + t.endpoint() + ": " + hbp_msg_name(oldest.type) + " frame sent " +
                              std::to_string(oldest.tries) +
                              " times without acknowledgement, nothing valid heard for " + seconds_text(quiet) +
                              context + " (did the firmware crash or hang?)");
}

void Session::Impl::handle_error_msg(const hbp_rx_msg& m, const std::string& context) const {
  hbp_error e;
  if (hbp_error_decode(m.payload, m.len, &e) != HBP_OK) fail("malformed ERROR message from the board" + context);
  std::string ref;
  if (e.ref_type) ref = " in reply to " + std::string(hbp_msg_name(e.ref_type)) + " seq " + std::to_string(e.ref_seq);
  fail(Failure::DeviceError,
       std::string("the board reported ") + error_code_name(e.code) + ref + context + ": " + e.text);
}

void Session::Impl::handle_log_msg(const hbp_rx_msg& m) const {
  hbp_log l;
  if (!opt.on_log || hbp_log_decode(m.payload, m.len, &l) != HBP_OK) return;
  opt.on_log(l.level, l.text);
}

Session::Session(link::Transport& transport, Options options)
    : transport_(transport), impl_(std::make_unique<Impl>(transport, std::move(options))) {}

Session::~Session() = default;

bool Session::open() const { return impl_->have_info; }

const Info& Session::info() const {
  if (!impl_->have_info) impl_->fail("no session: call hello() first");
  return impl_->info;
}

Info Session::hello(std::chrono::milliseconds timeout) {
  Impl& s = *impl_;
  s.have_info = false;
  const auto start = Clock::now();
  const auto deadline = start + timeout;
  const uint32_t session_id = static_cast<uint32_t>(s.rng());

  hbp_hello h{};
  h.version = HBP_VERSION;
  h.window = s.opt.rx_window;
  h.max_payload = s.opt.rx_max_payload;
  h.session = session_id;
  uint8_t payload[16];
  size_t len = 0;
  if (hbp_hello_encode(&h, payload, sizeof payload, &len) != HBP_OK)
    s.fail("invalid HELLO parameters (window " + std::to_string(h.window) + ", max payload " +
           std::to_string(h.max_payload) + ")");

  // A fresh random sequence space per attempt: frames of an earlier session
  // still in the board's buffers cannot be mistaken for this one's.
  auto start_hello = [&] {
    hbp_link_restart_tx(&s.link, static_cast<uint16_t>(s.rng()));
    hbp_tx_set_max_payload(&s.link.tx, HBP_PAYLOAD_MIN);  // until INFO says more
    hbp_tx_set_window(&s.link.tx, s.link.tx.n_slots);
    // A lone 0x00 first ends whatever garbage the board's decoder holds.
    s.outbox.push_back(0);
    s.send(HBP_MSG_HELLO, payload, len);
    s.last_base = hbp_tx_base(&s.link.tx);
    s.flush();
  };
  hbp_link_restart_rx(&s.link);
  const uint64_t in_before = s.t.bytes_in();
  const uint32_t ok_before = s.link.stats.frames_ok;
  start_hello();

  std::optional<hbp_info> got;
  while (!got) {
    const auto now = Clock::now();
    if (now >= deadline) {
      std::string hint = "is the firmware running?";
      if (s.t.bytes_in() > in_before && s.link.stats.frames_ok == ok_before)
        hint = std::to_string(s.t.bytes_in() - in_before) +
               " bytes arrived but no valid frame: wrong baud rate, or not hilbench firmware?";
      s.fail("no answer to HELLO within " + seconds_text(timeout) + " on " + s.t.endpoint() + " (" + hint + ")");
    }
    s.pump(
        std::min(deadline, now + std::chrono::milliseconds(20)), " during HELLO",
        [&](const hbp_rx_msg& m) {
          if (m.type != HBP_MSG_INFO) return;  // leftovers of an earlier session
          hbp_info info;
          const hbp_status st = hbp_info_decode(m.payload, m.len, &info);
          if (st != HBP_OK) s.fail(std::string("malformed INFO from the board: ") + hbp_status_name(st));
          if (info.session == session_id) got = info;
        },
        [] {});  // the board NAKs our HELLO's successors only if it lost it: HELLO is resent anyway
    if (got) break;
    const int r = hbp_link_poll(&s.link, s.now_ms());
    if (r == HBP_ERR_LINK_DEAD) start_hello();
    s.flush();
  }

  s.info = info_from_wire(*got);
  if (s.info.n_slots < 1) s.fail("INFO announces no input slots");
  const uint8_t window = s.info.window < s.link.tx.n_slots ? s.info.window : s.link.tx.n_slots;
  if (hbp_tx_set_window(&s.link.tx, window) != HBP_OK ||
      hbp_tx_set_max_payload(&s.link.tx, s.info.max_payload) != HBP_OK)
    s.fail("INFO announces an unusable window (" + std::to_string(s.info.window) + ") or max payload (" +
           std::to_string(s.info.max_payload) + ")");
  s.have_info = true;
  return s.info;
}

Pong Session::ping(std::chrono::milliseconds timeout) {
  Impl& s = *impl_;
  if (!s.have_info) s.fail("PING before HELLO");
  const auto start = Clock::now();
  const auto deadline = start + timeout;
  hbp_ping p{};
  p.token = static_cast<uint32_t>(s.rng());
  uint8_t payload[HBP_PING_FIXED];
  size_t len = 0;
  hbp_ping_encode(&p, payload, sizeof payload, &len);
  // Frames still unacknowledged from earlier calls must drain first.
  while (hbp_tx_space(&s.link.tx) == 0) {
    if (Clock::now() >= deadline) s.fail("no answer to PING within " + seconds_text(timeout) + " on " + s.t.endpoint());
    s.pump(
        std::min(deadline, Clock::now() + std::chrono::milliseconds(20)), " during PING", [](const hbp_rx_msg&) {},
        [&] { s.fail("the board lost the session (rebooted?) during PING"); });
    s.retransmit(" during PING");
  }
  s.send(HBP_MSG_PING, payload, len);
  s.flush();
  std::optional<Pong> got;
  while (!got) {
    if (Clock::now() >= deadline)
      s.fail("no answer to PING within " + seconds_text(timeout) + " on " + s.t.endpoint() +
             " (is the firmware running?)");
    s.pump(
        std::min(deadline, Clock::now() + std::chrono::milliseconds(20)), " during PING",
        [&](const hbp_rx_msg& m) {
          if (m.type != HBP_MSG_PONG) return;
          hbp_pong q;
          if (hbp_pong_decode(m.payload, m.len, &q) != HBP_OK) s.fail("malformed PONG from the board");
          if (q.token != p.token) return;  // answer to an earlier PING
          got = Pong{std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start), q.timer_ticks};
        },
        [&] { s.fail("the board lost the session (rebooted?) during PING"); });
    if (!got) s.retransmit(" during PING");
  }
  return *got;
}

void Session::reset(uint8_t mode, std::chrono::milliseconds timeout) {
  Impl& s = *impl_;
  if (!s.have_info) s.fail("RESET before HELLO");
  const auto deadline = Clock::now() + timeout;
  hbp_reset r{mode};
  uint8_t payload[4];
  size_t len = 0;
  if (hbp_reset_encode(&r, payload, sizeof payload, &len) != HBP_OK)
    s.fail("invalid RESET mode " + std::to_string(mode));
  auto wait_until = [&](auto done) {
    while (!done()) {
      if (Clock::now() >= deadline)
        s.fail("RESET not acknowledged within " + seconds_text(timeout) + " on " + s.t.endpoint());
      s.pump(
          std::min(deadline, Clock::now() + std::chrono::milliseconds(20)), " during RESET", [](const hbp_rx_msg&) {},
          [] {});
      if (!done()) s.retransmit(" during RESET");
    }
  };
  wait_until([&] { return hbp_tx_space(&s.link.tx) > 0; });
  s.send(HBP_MSG_RESET, payload, len);
  s.flush();
  // The link ACKs a frame as it hands it to the firmware: an empty window
  // means the RESET was taken.
  wait_until([&] { return s.link.tx.count == 0; });
  if (mode == HBP_RESET_REBOOT) s.have_info = false;
}

Counters Session::counters() const {
  const Impl& s = *impl_;
  Counters c;
  c.bytes_sent = s.t.bytes_out() - s.base_out;
  c.bytes_received = s.t.bytes_in() - s.base_in;
  c.retransmissions = s.link.tx.retransmits;
  c.corrupt_frames = s.link.stats.corrupt;
  c.duplicates = s.link.stats.duplicates;
  c.naks_sent = s.link.stats.naks_sent;
  c.naks_received = s.link.stats.naks_received;
  return c;
}

}  // namespace hb::session
