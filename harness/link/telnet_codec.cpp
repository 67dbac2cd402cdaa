#include "link/telnet_codec.h"

namespace hb::link::telnet {

void escape(std::span<const uint8_t> data, std::vector<uint8_t>& out) {
  out.reserve(out.size() + data.size());
  for (uint8_t b : data) {
    out.push_back(b);
    if (b == kIac) out.push_back(kIac);
  }
}

std::vector<uint8_t> negotiation(uint8_t verb, uint8_t option) { return {kIac, verb, option}; }

std::vector<uint8_t> subnegotiation(uint8_t option, std::span<const uint8_t> payload) {
  std::vector<uint8_t> out = {kIac, kSb, option};
  escape(payload, out);
  out.insert(out.end(), {kIac, kSe});
  return out;
}

void Decoder::feed(std::span<const uint8_t> in, std::vector<uint8_t>& data, std::vector<Event>& events) {
  for (size_t i = 0; i < in.size(); ++i) {
    const uint8_t b = in[i];
    switch (state_) {
      case State::data:
        if (b == kIac)
          state_ = State::iac;
        else
          data.push_back(b);
        break;
      case State::iac:
        if (b == kIac) {
          data.push_back(kIac);
          state_ = State::data;
        } else if (b >= kWill) {  // WILL, WONT, DO, DONT: an option byte follows
          verb_ = b;
          state_ = State::option;
        } else if (b == kSb) {
          state_ = State::sb_option;
        } else {
          events.push_back({Event::Kind::command, b, 0, {}});
          state_ = State::data;
        }
        break;
      case State::option:
        events.push_back({Event::Kind::negotiation, verb_, b, {}});
        state_ = State::data;
        break;
      case State::sb_option:
        sb_ = {Event::Kind::subnegotiation, kSb, b, {}};
        sb_overflow_ = false;
        state_ = State::sb_data;
        break;
      case State::sb_data:
        if (b == kIac) {
          state_ = State::sb_iac;
        } else if (sb_.payload.size() < kMaxSubnegotiation) {
          sb_.payload.push_back(b);
        } else {
          sb_overflow_ = true;
        }
        break;
      case State::sb_iac:
        if (b == kIac) {
          if (sb_.payload.size() < kMaxSubnegotiation)
            sb_.payload.push_back(kIac);
          else
            sb_overflow_ = true;
          state_ = State::sb_data;
        } else if (b == kSe) {
          if (sb_overflow_)
            ++dropped_;
          else
            events.push_back(std::move(sb_));
          sb_ = {};
          state_ = State::data;
        } else {
          // IAC <command> inside a subnegotiation: the peer broke framing.
          // Drop the subnegotiation and read the command as a new one.
          ++dropped_;
          sb_ = {};
          state_ = State::iac;
          --i;
        }
        break;
    }
  }
}

}  // namespace hb::link::telnet
