#include "link/rfc2217_transport.h"

#include <algorithm>
#include <cstring>

#include "common/error.h"

namespace hb::link {

using namespace telnet;

namespace {

// COM-PORT-OPTION commands (RFC 2217), client to server; the server answers
// and notifies with the same code + 100.
enum : uint8_t {
  kSignature = 0,
  kSetBaudrate = 1,
  kSetDatasize = 2,
  kSetParity = 3,
  kSetStopsize = 4,
  kSetControl = 5,
  kNotifyLinestate = 6,
  kNotifyModemstate = 7,
  kFlowSuspend = 8,
  kFlowResume = 9,
  kServer = 100,
};
constexpr uint8_t kParityNone = 1, kStopOne = 1, kNoFlowControl = 1;
// NOTIFY-LINESTATE bits that mean received bytes were lost or damaged:
// break, framing, parity, overrun.
constexpr uint8_t kLineErrors = 0x10 | 0x08 | 0x04 | 0x02;

const char* const kCommandNames[] = {"SIGNATURE",  "SET-BAUDRATE", "SET-DATASIZE",
                                     "SET-PARITY", "SET-STOPSIZE", "SET-CONTROL"};

}  // namespace

Rfc2217Transport::Rfc2217Transport(const std::string& board, const std::string& host, uint16_t port, unsigned baud,
                                   const Rfc2217Options& opts)
    : Transport(board, "rfc2217://" + host + ":" + std::to_string(port)) {
  tcp_prefix_ = "board " + board + ": " + host + ":" + std::to_string(port) + ": ";
  try {
    tcp_ = std::make_unique<TcpTransport>(board, host, port, opts.tcp);
  } catch (const std::exception& e) {
    rethrow(e);
  }
  const auto ms = std::to_string(opts.negotiation_timeout.count()) + " ms";
  const auto deadline = Clock::now() + opts.negotiation_timeout;

  // BINARY both ways (no CR/NUL rewriting of frames), SGA both ways (no GA
  // turn-taking), and we WILL speak COM-PORT-OPTION.
  request(kWill, kBinary);
  request(kDo, kBinary);
  request(kWill, kSga);
  request(kDo, kSga);
  request(kWill, kComPort);
  for (;;) {
    const Option& cp = options_[kComPort];
    const Option& bin = options_[kBinary];
    if (cp.us == Q::no)
      fail("the server refused COM-PORT-OPTION (RFC 2217): is its ser2net accepter telnet(rfc2217),tcp,...?");
    if (bin.us == Q::no || bin.him == Q::no) fail("the server refused Telnet BINARY mode (RFC 856)");
    if (cp.us == Q::yes && bin.us == Q::yes && bin.him == Q::yes) break;
    if (Clock::now() >= deadline)
      fail(heard_ ? "the server did not agree to BINARY and COM-PORT-OPTION within " + ms
                  : "no Telnet negotiation from the server within " + ms +
                        " (a raw TCP port? use link kind \"tcp\" for ser2net's raw accepters)");
    pump(deadline);
  }

  // Port settings, in the order RFC 2217 recommends, each acknowledged with
  // the value the server really set.
  set_port(kSetBaudrate, {static_cast<uint8_t>(baud >> 24), static_cast<uint8_t>(baud >> 16),
                          static_cast<uint8_t>(baud >> 8), static_cast<uint8_t>(baud)});
  set_port(kSetDatasize, {8});
  set_port(kSetParity, {kParityNone});
  set_port(kSetStopsize, {kStopOne});
  set_port(kSetControl, {kNoFlowControl});
  for (uint8_t c = kSetBaudrate; c <= kSetControl; ++c)
    while (acks_[c] < 0) {
      if (Clock::now() >= deadline)
        fail(std::string("the server did not acknowledge ") + kCommandNames[c] + " within " + ms);
      pump(deadline);
    }
  acked_baud_ = static_cast<unsigned>(acks_[kSetBaudrate]);
  if (acked_baud_ != baud)
    fail("the server set the port to " + std::to_string(acked_baud_) + " baud, not " + std::to_string(baud) +
         " (does the board host's UART support that rate?)");
  if (acks_[kSetDatasize] != 8 || acks_[kSetParity] != kParityNone || acks_[kSetStopsize] != kStopOne)
    fail("the server set the port to data size " + std::to_string(acks_[kSetDatasize]) + ", parity code " +
         std::to_string(acks_[kSetParity]) + ", stop code " + std::to_string(acks_[kSetStopsize]) + " instead of 8N1");
  if (acks_[kSetControl] != kNoFlowControl)
    fail("the server kept flow control code " + std::to_string(acks_[kSetControl]) + " (asked for none)");
}

Rfc2217Transport::~Rfc2217Transport() { close(); }

void Rfc2217Transport::close() {
  if (tcp_) tcp_->close();
}

bool Rfc2217Transport::is_open() const { return tcp_ && tcp_->is_open(); }

void Rfc2217Transport::write_all(std::span<const uint8_t> bytes) {
  if (!is_open()) fail("write after close");
  // The server asked us to hold data (its buffer towards the UART is full):
  // keep reading, so its RESUME and the board's output are not stuck behind us.
  const auto deadline = Clock::now() + write_timeout();
  while (suspended_) {
    if (Clock::now() >= deadline)
      fail("the server held flow control suspended for " + std::to_string(write_timeout().count()) + " ms");
    pump(std::min(deadline, Clock::now() + std::chrono::milliseconds(50)));
  }
  scratch_.clear();
  escape(bytes, scratch_);
  send_raw(scratch_);
  count_out(bytes.size());
}

size_t Rfc2217Transport::read_some(std::span<uint8_t> buf, Clock::time_point deadline) {
  if (buf.empty()) return 0;
  if (!is_open()) fail("read after close");
  for (;;) {
    if (pending_head_ < pending_.size()) {
      const size_t n = std::min(buf.size(), pending_.size() - pending_head_);
      std::memcpy(buf.data(), pending_.data() + pending_head_, n);
      pending_head_ += n;
      if (pending_head_ == pending_.size()) {
        pending_.clear();
        pending_head_ = 0;
      }
      count_in(n);
      return n;
    }
    if (!pump(deadline)) return 0;
  }
}

bool Rfc2217Transport::pump(Clock::time_point deadline) {
  uint8_t raw[4096];
  size_t n = 0;
  try {
    n = tcp_->read_some(raw, deadline);
  } catch (const std::exception& e) {
    rethrow(e);
  }
  if (n == 0) return false;
  std::vector<Event> events;
  decoder_.feed({raw, n}, pending_, events);
  if (!events.empty()) heard_ = true;
  for (const Event& e : events) handle(e);
  return true;
}

void Rfc2217Transport::handle(const Event& e) {
  if (e.kind == Event::Kind::negotiation) on_negotiation(e.verb, e.option);
  if (e.kind == Event::Kind::subnegotiation && e.option == kComPort) on_com_port(e.payload);
  // Other commands (NOP, GA, ...) and subnegotiations of options we refused
  // carry nothing for a byte pipe.
}

// RFC 1143's rules, reduced: answer a request that changes an option's
// state, never one that confirms it (no negotiation loops), and refuse
// every option but BINARY, SGA (both ways) and COM-PORT-OPTION (ours).
void Rfc2217Transport::on_negotiation(uint8_t verb, uint8_t option) {
  Option& o = options_[option];
  const bool we_do = option == kBinary || option == kSga || option == kComPort;
  const bool he_may = option == kBinary || option == kSga;
  switch (verb) {
    case kDo:
      if (o.us == Q::want_yes) {
        o.us = Q::yes;
      } else if (o.us == Q::no) {
        if (we_do) o.us = Q::yes;
        send_raw(negotiation(we_do ? kWill : kWont, option));
      }
      break;
    case kDont:
      if (o.us == Q::yes) send_raw(negotiation(kWont, option));
      o.us = Q::no;
      break;
    case kWill:
      if (o.him == Q::want_yes) {
        o.him = Q::yes;
      } else if (o.him == Q::no) {
        if (he_may) o.him = Q::yes;
        send_raw(negotiation(he_may ? kDo : kDont, option));
      }
      break;
    case kWont:
      if (o.him == Q::yes) send_raw(negotiation(kDont, option));
      o.him = Q::no;
      break;
    default:
      break;
  }
}

void Rfc2217Transport::on_com_port(const std::vector<uint8_t>& p) {
  if (p.empty()) return;
  const uint8_t code = p[0];
  if (code == kServer + kSignature) {
    if (p.size() == 1) {  // a request for ours
      const std::string sig = "hilbench";
      std::vector<uint8_t> v = {kSignature};
      v.insert(v.end(), sig.begin(), sig.end());
      send_raw(subnegotiation(kComPort, v));
    } else {
      signature_.assign(p.begin() + 1, p.end());
    }
  } else if (code == kServer + kSetBaudrate && p.size() == 5) {
    acks_[kSetBaudrate] = (int64_t{p[1]} << 24) | (p[2] << 16) | (p[3] << 8) | p[4];
  } else if (code > kServer + kSetBaudrate && code <= kServer + kSetControl && p.size() == 2) {
    acks_[code - kServer] = p[1];
  } else if (code == kServer + kNotifyLinestate && p.size() == 2) {
    if (p[1] & kLineErrors) ++line_errors_;
  } else if (code == kServer + kFlowSuspend) {
    suspended_ = true;
  } else if (code == kServer + kFlowResume) {
    suspended_ = false;
  }
  // NOTIFY-MODEMSTATE and mask/purge acknowledgements: nothing to act on
  // (the board's lines are ignored, as ser2net's "local" option does).
}

void Rfc2217Transport::send_raw(const std::vector<uint8_t>& bytes) {
  tcp_->set_write_timeout(write_timeout());
  try {
    tcp_->write_all(bytes);
  } catch (const std::exception& e) {
    rethrow(e);
  }
}

void Rfc2217Transport::request(uint8_t verb, uint8_t option) {
  Option& o = options_[option];
  (verb == kWill ? o.us : o.him) = Q::want_yes;
  send_raw(negotiation(verb, option));
}

void Rfc2217Transport::set_port(uint8_t command, std::vector<uint8_t> value) {
  acks_[command] = -1;
  value.insert(value.begin(), command);
  send_raw(subnegotiation(kComPort, value));
}

void Rfc2217Transport::fail(const std::string& why) const {
  throw Error("board " + board() + ": " + endpoint() + ": " + why);
}

// The TCP layer words its errors "board B: host:port: ..."; say which kind of
// link it was.
void Rfc2217Transport::rethrow(const std::exception& e) const {
  std::string msg = e.what();
  if (msg.rfind(tcp_prefix_, 0) == 0) fail(msg.substr(tcp_prefix_.size()));
  throw Error(msg);
}

}  // namespace hb::link
