// What the host learns from a board over the wire protocol, as plain C++
// values (copies: nothing points into link buffers).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

extern "C" {
#include "codec/messages.h"
}

namespace hb::session {

struct TensorDesc {
  uint8_t dtype = 0;           // enum hbp_dtype (same numbering as hb_dtype)
  std::vector<uint32_t> dims;  // ndim entries, outermost first
  float scale = 0.0f;
  int32_t zero_point = 0;
  uint32_t bytes = 0;  // element size * product of dims (0 for an unknown dtype)
};

// The INFO message: the firmware's answer to HELLO. Every field is kept.
struct Info {
  uint32_t session = 0;  // the HELLO it answers
  uint8_t version = 0;   // protocol version of the firmware
  uint8_t window = 0;    // frames the board absorbs while busy
  uint16_t max_payload = 0;
  uint8_t n_slots = 0;       // input slots
  uint8_t timer_source = 0;  // enum hbp_timer_source
  uint8_t rx_policy = 0;     // enum hbp_rx_policy
  uint32_t caps = 0;         // HBP_CAP_*
  uint32_t cpuid = 0;
  uint32_t core_clock_hz = 0;
  uint32_t timer_hz = 0;
  uint32_t arena_bytes = 0;
  uint16_t op_count = 0;  // ops in the plan = per-op tick counts per RESULT
  std::array<uint8_t, HBP_HASH_SIZE> plan_hash{};
  TensorDesc input, output;
  std::string fw_build, board, model_name, timer_unit;

  bool has_per_op_timing() const { return (caps & HBP_CAP_PER_OP_TIMING) != 0; }
};

// One completed inference, as the board reported it.
struct Result {
  uint32_t tag = 0;     // the sample index given to INFER
  uint16_t status = 0;  // enum hbp_result_status; output is empty unless HBP_RS_OK
  uint8_t slot = 0;
  uint8_t flags = 0;               // HBP_RF_* (per-op probes active, RX overflow)
  uint64_t ticks = 0;              // timer ticks of the timed region (Info::timer_hz per second)
  uint32_t rx_bytes = 0;           // link bytes that arrived during the timed region
  std::vector<uint8_t> output;     // raw output tensor bytes
  std::vector<uint32_t> op_ticks;  // per-op ticks when asked for, else empty
  bool overlapped = false;         // the host sent frames while this INFER was outstanding (overlap mode)

  bool ok() const { return status == HBP_RS_OK; }
};

// Link statistics since the session was created.
struct Counters {
  uint64_t bytes_sent = 0;       // wire bytes written (framing, ACKs, retransmissions included)
  uint64_t bytes_received = 0;   // wire bytes read
  uint64_t retransmissions = 0;  // frames the host sent again
  uint64_t corrupt_frames = 0;   // unreadable frames received (bad COBS, CRC, length)
  uint64_t duplicates = 0;       // frames the board sent again that the host already had
  uint64_t naks_sent = 0;
  uint64_t naks_received = 0;
};

Info info_from_wire(const hbp_info& m);
TensorDesc tensor_from_wire(const hbp_tensor_desc& d);

const char* timer_source_name(uint8_t source);    // "dwt-cycles", ...
const char* rx_policy_name(uint8_t policy);       // "held-off", ...
const char* result_status_name(uint16_t status);  // "ok", "bad-slot", ...
const char* error_code_name(uint16_t code);       // "MALFORMED", ...

}  // namespace hb::session
