// Session internals shared by session.cpp (handshake, ping, reset) and
// stream.cpp (the sample pipeline). Not a public header.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

extern "C" {
#include "codec/link.h"
#include "codec/messages.h"
}

#include "common/cancel.h"
#include "common/error.h"
#include "session/session.h"

namespace hb::session {

using Clock = std::chrono::steady_clock;

struct Session::Impl {
  Impl(link::Transport& t, Options o);

  link::Transport& t;
  Options opt;
  hbp_link link{};
  std::vector<hbp_tx_slot> tx_slots;
  // Bytes the link wants written. The codec's write callback only queues:
  // an exception must never unwind through C frames, and a batch of ACKs
  // goes out in one write.
  std::vector<uint8_t> outbox;
  Info info;
  bool have_info = false;
  Clock::time_point epoch;
  Clock::time_point last_heard;  // last valid frame from the board
  uint64_t base_in = 0, base_out = 0;
  uint16_t last_base = 0;  // hbp_tx_base after the last pump: ACK progress
  std::mt19937_64 rng;

  uint32_t now_ms() const;
  void flush();
  // "board <b>: "
  std::string who() const { return "board " + t.board() + ": "; }
  [[noreturn]] void fail(const std::string& what) const { throw Error(who() + what); }
  [[noreturn]] void fail(Failure f, const std::string& what) const { throw SessionError(f, who() + what); }

  // Sends a sequenced frame; the caller checked hbp_tx_space.
  void send(uint8_t type, const uint8_t* payload, size_t len);
  // Resends what is due. `context` ends the error if the link gave up.
  void retransmit(const std::string& context);

  // Reads once (waiting up to `deadline`) and feeds every byte to the link.
  // Each delivered message goes to on_msg, after ERROR (throws) and LOG
  // (to the log callback) have been handled here; a board that lost our
  // session calls on_unsynced. `context` ends error messages ("while sample
  // 3 was in flight").
  template <class OnMsg, class OnUnsynced>
  void pump(Clock::time_point deadline, const std::string& context, OnMsg&& on_msg, OnUnsynced&& on_unsynced);

  void handle_error_msg(const hbp_rx_msg& m, const std::string& context) const;
  void handle_log_msg(const hbp_rx_msg& m) const;
};

std::string seconds_text(std::chrono::milliseconds d);  // "5 s", "0.5 s"

template <class OnMsg, class OnUnsynced>
void Session::Impl::pump(Clock::time_point deadline, const std::string& context, OnMsg&& on_msg,
                         OnUnsynced&& on_unsynced) {
  throw_if_cancelled();
  uint8_t buf[4096];
  const size_t n = t.read_some({buf, sizeof buf}, deadline);
  const uint32_t ok_before = link.stats.frames_ok;
  for (size_t i = 0; i < n; ++i) {
    hbp_rx_msg m;
    const int ev = hbp_link_input(&link, buf[i], &m);
    if (ev == HBP_EV_MESSAGE) {
      if (m.type == HBP_MSG_ERROR) handle_error_msg(m, context);
      if (m.type == HBP_MSG_LOG) {
        handle_log_msg(m);
        continue;
      }
      on_msg(m);
    } else if (ev == HBP_EV_PEER_UNSYNCED) {
      on_unsynced();
    } else if (ev == HBP_EV_VERSION && m.version != HBP_VERSION) {
      fail("the firmware speaks protocol version " + std::to_string(m.version) + ", this hilbench speaks " +
           std::to_string(HBP_VERSION) + " (flash a matching firmware)");
    }
  }
  if (link.stats.frames_ok != ok_before) last_heard = Clock::now();
  // Any ACK progress means the board is alive and reading: restart the
  // retransmission timer (RFC 6298 5.3), so a window that drains slowly over
  // a slow UART is not resent as a whole.
  const uint16_t base = hbp_tx_base(&link.tx);
  if (base != last_base) {
    last_base = base;
    hbp_tx_rearm(&link.tx, now_ms());
  }
  flush();
}

}  // namespace hb::session
