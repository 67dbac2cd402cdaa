// Helpers shared by the wire-protocol tests: deterministic RNG, hex, a
// reference COBS decoder written straight from the COBS paper's definition
// (independent of protocols/codec/cobs.c), and wire-frame helpers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

extern "C" {
#include "codec/frame.h"
}

namespace hbp_test {

using Bytes = std::vector<uint8_t>;

// splitmix64: tiny, and identical on every platform (std distributions are not).
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint32_t below(uint32_t n) { return static_cast<uint32_t>(next() % n); }
  uint8_t byte() { return static_cast<uint8_t>(next()); }
  bool chance(uint32_t percent) { return below(100) < percent; }
  Bytes bytes(size_t n) {
    Bytes b(n);
    for (auto& x : b) x = byte();
    return b;
  }

 private:
  uint64_t s_;
};

inline std::string to_hex(const uint8_t* p, size_t n) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; ++i) {
    s += d[p[i] >> 4];
    s += d[p[i] & 15];
  }
  return s;
}
inline std::string to_hex(const Bytes& b) { return to_hex(b.data(), b.size()); }

inline Bytes from_hex(const std::string& s) {
  Bytes b;
  auto nib = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i + 1 < s.size(); i += 2) b.push_back(static_cast<uint8_t>(nib(s[i]) * 16 + nib(s[i + 1])));
  return b;
}

// Reference COBS decode of one block (no delimiters): each code byte c is
// followed by c-1 literal bytes and, unless c == 0xFF, stands for a zero;
// the zero after the last block is the (dropped) frame terminator.
inline std::optional<Bytes> ref_cobs_decode(const Bytes& in) {
  if (in.empty()) return std::nullopt;
  Bytes out;
  size_t i = 0;
  unsigned last = 0;
  while (i < in.size()) {
    unsigned c = in[i++];
    if (c == 0 || i + (c - 1) > in.size()) return std::nullopt;
    for (unsigned k = 1; k < c; ++k) {
      if (in[i] == 0) return std::nullopt;
      out.push_back(in[i++]);
    }
    if (c != 0xFF) out.push_back(0);
    last = c;
  }
  if (last != 0xFF) out.pop_back();  // the terminator's zero is not data
  return out;
}

// Encodes one frame to wire bytes with the codec (asserting success).
inline Bytes wire_frame(uint8_t type, uint16_t seq, uint8_t flags, const Bytes& payload) {
  hbp_header h{HBP_VERSION, type, flags, seq, static_cast<uint16_t>(payload.size())};
  Bytes w(HBP_WIRE_MAX);
  size_t n = 0;
  if (hbp_frame_encode(&h, payload.data(), w.data(), w.size(), &n) != HBP_OK) return {};
  w.resize(n);
  return w;
}

}  // namespace hbp_test
