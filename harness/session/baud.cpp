// SET_BAUD negotiation (PROTOCOL.md section 6): raise the line rate after
// HELLO, fastest first, verified by a PING at the new rate, with both ends
// falling back to the last rate that worked.
#include <algorithm>
#include <optional>

#include "session/session_impl.h"

namespace hb::session {

unsigned Session::negotiate_baud(std::vector<unsigned> rates, std::chrono::milliseconds revert,
                                 const BaudAttemptFn& on_attempt) {
  Impl& s = *impl_;
  if (!s.have_info) s.fail("SET_BAUD before HELLO");
  unsigned current = s.t.baud();
  if (current == 0) return 0;
  if (revert.count() < 50 || revert.count() > 60000) s.fail("SET_BAUD revert time must be 50..60000 ms");
  std::sort(rates.rbegin(), rates.rend());
  rates.erase(std::unique(rates.begin(), rates.end()), rates.end());
  const std::string context = " during SET_BAUD";
  // Waits until done() or the deadline, pumping the link (ACKs, BAUD) and
  // resending what is due. Returns done().
  auto wait_for = [&](Clock::time_point deadline, auto done, auto on_msg, bool resend = true) {
    while (!done()) {
      if (Clock::now() >= deadline) return false;
      s.pump(std::min(deadline, Clock::now() + std::chrono::milliseconds(10)), context, on_msg,
             [&] { s.fail("the board lost the session (rebooted?)" + context); });
      if (resend) s.retransmit(context);
    }
    return true;
  };
  auto report = [&](unsigned rate, bool ok, const std::string& why) {
    if (on_attempt) on_attempt(rate, ok, why);
  };

  for (const unsigned rate : rates) {
    if (rate <= current) break;
    // Nothing of ours may still be in flight: it would cross the switch.
    if (!wait_for(
            Clock::now() + std::chrono::seconds(5), [&] { return s.link.tx.count == 0; }, [](const hbp_rx_msg&) {}))
      s.fail("frames not acknowledged before SET_BAUD within 5 s on " + s.t.endpoint());
    hbp_set_baud req{rate, static_cast<uint16_t>(revert.count())};
    uint8_t payload[8];
    size_t len = 0;
    if (hbp_set_baud_encode(&req, payload, sizeof payload, &len) != HBP_OK) s.fail("cannot encode SET_BAUD");
    s.send(HBP_MSG_SET_BAUD, payload, len);
    s.flush();

    std::optional<hbp_baud> answer;
    const bool answered = wait_for(
        Clock::now() + std::chrono::seconds(2), [&] { return answer.has_value() && s.link.tx.count == 0; },
        [&](const hbp_rx_msg& m) {
          hbp_baud b;
          if (m.type == HBP_MSG_BAUD && hbp_baud_decode(m.payload, m.len, &b) == HBP_OK && b.baud == rate) answer = b;
        });
    // The board switches once BAUD has left it: from here its revert clock runs.
    const auto switched_at = Clock::now();
    if (answered && answer->status == HBP_BAUD_UNSUPPORTED) {
      report(rate, false, "the board refused it");
      continue;
    }
    // No answer: BAUD may have been lost after the board switched, so try
    // the new rate all the same; the PING decides.
    const unsigned old = current;
    std::string why;
    try {
      s.t.set_baud(rate);
      s.t.drop_input();
      ping(std::chrono::milliseconds(std::max<long long>(revert.count() / 2, 20)));
      current = rate;
      report(rate, true, "");
      break;
    } catch (const Error&) {
      why = answered ? "no PONG at the new rate" : "no BAUD answer";
    }
    // Back to the last rate that worked, once the board has gone back too.
    s.t.set_baud(old);
    const auto back = switched_at + revert + std::chrono::milliseconds(200);
    (void)wait_for(
        back, [] { return false; }, [](const hbp_rx_msg&) {}, false);
    s.t.drop_input();
    s.outbox.push_back(0);  // ends whatever garbage the board's decoder holds
    s.flush();
    report(rate, false, why);
    try {
      ping(std::chrono::seconds(5));
    } catch (const Error& e) {
      s.fail("board not reachable at " + std::to_string(old) + " Bd after " + std::to_string(rate) + " Bd failed (" +
             why + "): " + e.what());
    }
  }
  return current;
}

}  // namespace hb::session
