// The Telnet byte layer (RFC 854/855) that an RFC 2217 link rides on: data
// with every 0xFF (IAC) doubled, interleaved with commands, option
// negotiations (IAC WILL/WONT/DO/DONT <option>) and subnegotiations
// (IAC SB <option> ... IAC SE). No terminal semantics: hilbench always runs
// the connection in BINARY mode (RFC 856), so no CR/NUL rewriting happens.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace hb::link::telnet {

// Command bytes (RFC 854).
inline constexpr uint8_t kIac = 255, kDont = 254, kDo = 253, kWont = 252, kWill = 251, kSb = 250, kSe = 240;
// Options used here.
inline constexpr uint8_t kBinary = 0, kEcho = 1, kSga = 3, kComPort = 44;

// One thing the peer said besides data.
struct Event {
  enum class Kind : uint8_t {
    negotiation,     // verb (kWill..kDont) about option
    subnegotiation,  // option and payload (IAC IAC already collapsed)
    command,         // any other two-byte command (NOP, GA, BRK, ...): verb only
  };
  Kind kind = Kind::command;
  uint8_t verb = 0;
  uint8_t option = 0;
  std::vector<uint8_t> payload;
};

// Appends `data` to `out` with every IAC doubled.
void escape(std::span<const uint8_t> data, std::vector<uint8_t>& out);

// IAC <verb> <option>.
std::vector<uint8_t> negotiation(uint8_t verb, uint8_t option);
// IAC SB <option> <payload, IAC doubled> IAC SE.
std::vector<uint8_t> subnegotiation(uint8_t option, std::span<const uint8_t> payload);

// Splits a received byte stream into data and events. Keeps its state
// between calls: a command or subnegotiation may be cut anywhere by TCP.
class Decoder {
 public:
  // Subnegotiations longer than this are dropped (counted in dropped()): a
  // broken peer cannot make the decoder grow without bound.
  static constexpr size_t kMaxSubnegotiation = 1024;

  // Appends the data bytes of `in` to `data` and the events to `events`, in
  // arrival order relative to each other.
  void feed(std::span<const uint8_t> in, std::vector<uint8_t>& data, std::vector<Event>& events);

  // Subnegotiations dropped (too long, or ended by a command other than SE).
  size_t dropped() const { return dropped_; }
  // True between IAC and the end of the command it starts.
  bool in_command() const { return state_ != State::data; }

 private:
  enum class State : uint8_t { data, iac, option, sb_option, sb_data, sb_iac };
  State state_ = State::data;
  uint8_t verb_ = 0;
  Event sb_;
  bool sb_overflow_ = false;
  size_t dropped_ = 0;
};

}  // namespace hb::link::telnet
