#include "session/fake_device.h"

#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <deque>
#include <mutex>
#include <vector>

extern "C" {
#include "codec/link.h"
#include "codec/messages.h"
#include "codec/result.h"
}

#include "link/pty_util.h"
#include "model/host_engine.h"
#include "nn/plan_format.h"

namespace hb::sessiontest {

namespace {

using Clock = std::chrono::steady_clock;
constexpr uint8_t kTxSlots = 8;

struct PendingInfer {
  uint8_t slot = 0, flags = 0;
  uint32_t tag = 0;
  bool busy = false;  // arrived while a result was still going out
};

hbp_tensor_desc desc_of(const hb_tensor& t) {
  hbp_tensor_desc d{};
  d.dtype = t.dtype;
  d.ndim = t.ndim;
  for (int i = 0; i < HBP_MAX_DIMS; ++i) d.dims[i] = i < t.ndim ? static_cast<uint32_t>(t.dims[i]) : 1u;
  d.scale = t.scale;
  d.zero_point = t.zero_point;
  return d;
}

}  // namespace

struct FakeDevice::State {
  explicit State(const AlignedBytes& plan) : engine(plan) {}
  hbp_link link{};
  hbp_tx_slot tx_slots[kTxSlots]{};
  model::HostEngine engine;
  std::array<uint8_t, 32> plan_hash{};
  std::vector<std::vector<uint8_t>> slot_data;
  std::vector<uint32_t> fill;
  std::deque<PendingInfer> pending;
  bool result_active = false;
  hbp_result_tx rtx{};
  std::vector<uint8_t> out;
  std::vector<uint32_t> op_ticks;
  uint16_t host_max_payload = HBP_PAYLOAD_MIN;
  bool silent = false;
  Clock::time_point epoch = Clock::now();
  Clock::time_point op_start;
  mutable std::mutex mu;
  std::string failure;

  uint32_t now_ms() const {
    return static_cast<uint32_t>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - epoch).count());
  }
};

FakeDevice::FakeDevice(int fd, const AlignedBytes& plan, FakeDeviceConfig cfg)
    : fd_(fd), plan_(plan), cfg_(std::move(cfg)), st_(std::make_unique<State>(plan)) {
  // As the firmware: the source model's sha256 from the plan header.
  std::memcpy(st_->plan_hash.data(), reinterpret_cast<const hb_plan_header*>(plan.data())->model_sha256, 32);
  const uint32_t in_bytes = st_->engine.input().bytes;
  st_->slot_data.assign(cfg_.n_slots, std::vector<uint8_t>(in_bytes));
  st_->fill.assign(cfg_.n_slots, 0);
  hbp_link_init(
      &st_->link, st_->tx_slots, kTxSlots, cfg_.rto_ms,
      [](void* ctx, const uint8_t* b, size_t n) {
        // A host that closed its side just loses the bytes, like a UART.
        hb::linktest::write_fully(*static_cast<int*>(ctx), b, n);
      },
      &fd_);
  thread_ = std::thread([this] { run(); });
}

FakeDevice::~FakeDevice() {
  stop_ = true;
  thread_.join();
}

std::string FakeDevice::failure() const {
  std::lock_guard<std::mutex> lock(st_->mu);
  return st_->failure;
}

void FakeDevice::run() {
  State& s = *st_;
  auto fail = [&](const std::string& what) {
    std::lock_guard<std::mutex> lock(s.mu);
    if (s.failure.empty()) s.failure = what;
  };
  auto send = [&](uint8_t type, const uint8_t* p, size_t n) {
    // The session never fills our window with requests we answer at once;
    // waiting here would only hide a host bug, so report it.
    hbp_status st = hbp_link_send(&s.link, type, p, n, s.now_ms());
    if (st != HBP_OK) fail(std::string("send ") + hbp_msg_name(type) + ": " + hbp_status_name(st));
  };
  auto send_error = [&](uint16_t code, const hbp_rx_msg& m, const std::string& text) {
    hbp_error e{};
    e.code = code;
    e.ref_seq = m.seq;
    e.ref_type = m.type;
    std::snprintf(e.text, sizeof e.text, "%s", text.c_str());
    uint8_t p[256];
    size_t n = 0;
    hbp_error_encode(&e, p, sizeof p, &n);
    send(HBP_MSG_ERROR, p, n);
    stats_.errors_sent++;
  };

  auto handle = [&](const hbp_rx_msg& m) {
    switch (m.type) {
      case HBP_MSG_HELLO: {
        hbp_hello h;
        if (hbp_hello_decode(m.payload, m.len, &h) != HBP_OK) return send_error(HBP_EC_MALFORMED, m, "bad HELLO");
        stats_.hellos++;
        hbp_link_restart_tx(&s.link, static_cast<uint16_t>(0xFFF0u + stats_.hellos));  // wraps soon: tests u16 wrap
        hbp_tx_set_window(&s.link.tx, h.window < kTxSlots ? h.window : kTxSlots);
        hbp_tx_set_max_payload(&s.link.tx, h.max_payload);
        s.host_max_payload = h.max_payload;
        s.pending.clear();
        s.result_active = false;
        std::fill(s.fill.begin(), s.fill.end(), 0u);
        const hb_plan& plan = s.engine.plan();
        hbp_info info{};
        info.session = h.session;
        info.version = HBP_VERSION;
        info.window = cfg_.window;
        info.max_payload = cfg_.max_payload;
        info.n_slots = cfg_.n_slots;
        info.timer_source = HBP_TIMER_CLOCK_NS;
        info.rx_policy = HBP_RXP_HELD_OFF;
        info.caps = HBP_CAP_PER_OP_TIMING;
        info.cpuid = 0;
        info.core_clock_hz = 0;
        info.timer_hz = 1000000000u;
        info.arena_bytes = plan.hdr->arena_bytes;
        info.op_count = static_cast<uint16_t>(plan.hdr->n_ops);
        std::memcpy(info.plan_hash, s.plan_hash.data(), 32);
        info.input = desc_of(s.engine.input());
        info.output = desc_of(s.engine.output());
        std::snprintf(info.fw_build, sizeof info.fw_build, "fake-device (tests/session)");
        std::snprintf(info.board, sizeof info.board, "%s", cfg_.board.c_str());
        std::snprintf(info.model_name, sizeof info.model_name, "%s", plan.hdr->name);
        std::snprintf(info.timer_unit, sizeof info.timer_unit, "ns");
        uint8_t p[HBP_PAYLOAD_MIN];
        size_t n = 0;
        if (hbp_info_encode(&info, p, sizeof p, &n) != HBP_OK) return fail("encode INFO");
        send(HBP_MSG_INFO, p, n);
        if (cfg_.log_on_hello) {
          hbp_log l{};
          l.level = HBP_LOG_INFO;
          std::snprintf(l.text, sizeof l.text, "fake device ready, %u slots", cfg_.n_slots);
          hbp_log_encode(&l, p, sizeof p, &n);
          send(HBP_MSG_LOG, p, n);
        }
        return;
      }
      case HBP_MSG_LOAD: {
        hbp_load l;
        if (hbp_load_decode(m.payload, m.len, &l) != HBP_OK) return send_error(HBP_EC_MALFORMED, m, "bad LOAD");
        if (l.slot >= cfg_.n_slots) return send_error(HBP_EC_BAD_SLOT, m, "no such slot");
        const uint32_t size = static_cast<uint32_t>(s.slot_data[l.slot].size());
        if ((l.offset != 0 && l.offset != s.fill[l.slot]) || l.offset + l.len > size) {
          s.fill[l.slot] = 0;  // never run half old, half new
          return send_error(HBP_EC_BAD_OFFSET, m, "LOAD offset " + std::to_string(l.offset) + " not at fill level");
        }
        if (stats_.loads == cfg_.error_on_load) {
          stats_.loads++;
          return send_error(HBP_EC_INTERNAL, m, "fake failure on LOAD " + std::to_string(cfg_.error_on_load));
        }
        for (const auto& p : s.pending)
          if (p.slot == l.slot) stats_.load_into_busy_slot++;
        std::memcpy(s.slot_data[l.slot].data() + l.offset, l.data, l.len);
        s.fill[l.slot] = l.offset + l.len;
        stats_.loads++;
        return;
      }
      case HBP_MSG_INFER: {
        hbp_infer in;
        if (hbp_infer_decode(m.payload, m.len, &in) != HBP_OK) return send_error(HBP_EC_MALFORMED, m, "bad INFER");
        if (static_cast<int64_t>(in.tag) == cfg_.silent_on_tag) {
          s.silent = true;
          return;
        }
        const bool busy = s.result_active || !s.pending.empty();
        if (busy) stats_.busy_infers++;
        s.pending.push_back({in.slot, in.flags, in.tag, busy});
        return;
      }
      case HBP_MSG_PING: {
        hbp_ping pi;
        if (hbp_ping_decode(m.payload, m.len, &pi) != HBP_OK) return send_error(HBP_EC_MALFORMED, m, "bad PING");
        hbp_pong po{};
        po.token = pi.token;
        po.timer_ticks =
            static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - s.epoch).count());
        po.data = pi.data;
        po.len = pi.len;
        uint8_t p[HBP_PAYLOAD_MAX];
        size_t n = 0;
        hbp_pong_encode(&po, p, sizeof p, &n);
        send(HBP_MSG_PONG, p, n);
        return;
      }
      case HBP_MSG_RESET: {
        hbp_reset r;
        if (hbp_reset_decode(m.payload, m.len, &r) != HBP_OK) return send_error(HBP_EC_MALFORMED, m, "bad RESET");
        s.pending.clear();
        std::fill(s.fill.begin(), s.fill.end(), 0u);
        if (r.mode == HBP_RESET_REBOOT) {
          s.result_active = false;
          hbp_link_restart_rx(&s.link);
          hbp_link_restart_tx(&s.link, 0);
        }
        return;
      }
      default:
        return send_error(HBP_EC_UNKNOWN_TYPE, m, std::string("unexpected ") + hbp_msg_name(m.type));
    }
  };

  auto run_one = [&](const PendingInfer& p) {
    hbp_result head{};
    head.tag = p.tag;
    head.slot = p.slot;
    s.out.clear();
    s.op_ticks.clear();
    if (p.busy) {
      head.status = HBP_RS_BUSY;
    } else if (p.slot >= cfg_.n_slots) {
      head.status = HBP_RS_BAD_SLOT;
    } else if (s.fill[p.slot] != s.slot_data[p.slot].size()) {
      head.status = HBP_RS_SLOT_INCOMPLETE;
    } else {
      const bool per_op = (p.flags & HBP_INFER_PER_OP) != 0;
      s.op_ticks.assign(per_op ? s.engine.plan().hdr->n_ops : 0, 0);
      struct Hook {
        State* s;
        bool on;
      } hook{&s, per_op};
      const auto t0 = Clock::now();
      s.out = s.engine.run(
          s.slot_data[p.slot],
          [](void* user, uint32_t op, int phase) {
            auto* h = static_cast<Hook*>(user);
            if (!h->on) return;
            if (phase == 0) {
              h->s->op_start = Clock::now();
            } else {
              h->s->op_ticks[op] = static_cast<uint32_t>(
                  std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - h->s->op_start).count());
            }
          },
          &hook);
      head.ticks =
          static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t0).count());
      head.flags = per_op ? HBP_RF_PER_OP : 0;
      if (p.flags & HBP_INFER_NO_OUTPUT) s.out.clear();
      int waiting = 0;
      if (::ioctl(fd_, FIONREAD, &waiting) == 0 && waiting > 0) stats_.runs_with_rx_waiting++;
      stats_.infers_run++;
      stats_.slots_used_mask |= 1 << p.slot;
    }
    head.output_bytes = static_cast<uint32_t>(s.out.size());
    head.op_count = static_cast<uint16_t>(s.op_ticks.size());
    if (hbp_result_tx_init(&s.rtx, &head, s.out.data(), s.op_ticks.data()) != HBP_OK) return fail("result_tx_init");
    s.result_active = true;
    // Deaf while running: do not resend what the host could not ACK.
    hbp_tx_rearm(&s.link.tx, s.now_ms());
  };

  uint8_t buf[4096];
  while (!stop_) {
    if (s.silent) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      continue;
    }
    while (s.result_active && hbp_tx_space(&s.link.tx) > 0) {
      uint8_t p[HBP_PAYLOAD_MAX];
      uint8_t type = 0;
      size_t n = 0;
      const size_t limit =
          cfg_.result_payload ? std::min<size_t>(cfg_.result_payload, s.host_max_payload) : s.host_max_payload;
      const int r = hbp_result_tx_next(&s.rtx, limit, p, sizeof p, &type, &n);
      if (r == 1) {
        send(type, p, n);
        // Fully queued: an INFER from now on is legitimate (not BUSY).
        if (s.rtx.sent == s.rtx.body_bytes) s.result_active = false;
      } else {
        if (r < 0) fail(std::string("result_tx_next: ") + hbp_status_name(r));
        s.result_active = false;
      }
    }
    if (!s.result_active && !s.pending.empty()) {
      PendingInfer p = s.pending.front();
      s.pending.pop_front();
      run_one(p);
      continue;
    }
    pollfd pf{fd_, POLLIN, 0};
    ::poll(&pf, 1, 5);
    const ssize_t n = ::read(fd_, buf, sizeof buf);
    for (ssize_t i = 0; i < n && !s.silent; ++i) {
      hbp_rx_msg m;
      if (hbp_link_input(&s.link, buf[i], &m) == HBP_EV_MESSAGE) handle(m);
    }
    if (n <= 0 && (pf.revents & (POLLHUP | POLLERR))) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (!s.silent) hbp_link_poll(&s.link, s.now_ms());  // a dead link: keep trying, the host decides
  }
}

}  // namespace hb::sessiontest
