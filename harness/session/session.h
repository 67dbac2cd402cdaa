// A protocol session with one board over a Transport: HELLO/INFO, the
// pipelined LOAD/INFER/RESULT stream that `hilbench run` drives, PING and
// RESET. Reliability (sequencing, ACK/NAK, retransmission, dedupe) is the C
// codec's hbp_link, the same code the firmware runs; this class adds the
// host's clock, deadlines and the slot pipeline.
//
// Every call is synchronous: it returns when its exchange is done and throws
// hb::Error (a one-line message naming the board, the endpoint and, during a
// stream, the sample in flight) when the board fails, answers with ERROR,
// stops answering, or the link closes; SessionError when the cause is one a
// caller may recover from. Every wait checks hb::cancel_signal() and throws
// hb::Cancelled within about 20 ms of a SIGINT/SIGTERM/SIGHUP. After a throw,
// call hello() again before anything else. Not thread-safe; the transport
// must outlive it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/error.h"
#include "link/transport.h"
#include "session/types.h"

namespace hb::session {

// Why a stream gave up, for a caller that recovers the board (run/): the
// first three mean the board stopped answering, and a reset may bring it back.
enum class Failure {
  Timeout,      // no result within StreamOptions::sample_timeout
  LinkDead,     // a frame went unacknowledged max_tries times
  Rebooted,     // the board lost the session (it restarted)
  DeviceError,  // the board answered with ERROR
};
const char* failure_name(Failure f);  // "timeout", "link-dead", "rebooted", "device-error"

class SessionError : public Error {
 public:
  SessionError(Failure f, const std::string& msg) : Error(msg), failure_(f) {}
  Failure failure() const { return failure_; }

 private:
  Failure failure_;
};

// Device LOG messages: level is enum hbp_log_level.
using LogFn = std::function<void(int level, const std::string& text)>;

struct Options {
  // Retransmission timeout: a frame is resent when the board has acknowledged
  // nothing for this long. Must exceed one frame's time on the wire (about
  // 0.1 s for QEMU's UART) plus the board's reply latency.
  uint32_t rto_ms = 1000;
  // Transmissions of one frame, without any progress, before the link is
  // declared dead (default: the codec's HBP_TX_DEFAULT_MAX_TRIES).
  uint8_t max_tries = 8;
  uint8_t rx_window = 16;          // frames the host accepts in flight (HELLO.window)
  uint16_t rx_max_payload = 1012;  // largest payload the host accepts (HELLO.max_payload)
  LogFn on_log;                    // device LOG messages (ignored if empty)
};

// What the host may send while an INFER runs (PROTOCOL.md section 9).
enum class Pipelining {
  Auto,     // Overlap, unless the board takes bytes by RX interrupt (rx_policy ring_isr): there
            // every byte received would cost CPU time inside the measurement, so Strict
  Strict,   // nothing between INFER and its RESULT: the next input is loaded afterwards
  Overlap,  // the next input is loaded into another slot while the board computes (at most one
            // window of frames gets onto the wire; the rest follows the RESULT)
};

struct StreamOptions {
  bool per_op = false;     // ask for per-op ticks (board must have HBP_CAP_PER_OP_TIMING)
  bool no_output = false;  // timing only: the board omits output tensors
  unsigned slots = 0;      // input slots to use (0 = all the board has); 2 is enough to overlap
  // No result completing for this long (inference plus transfers of one
  // sample) -> hb::Error naming the board and the oldest sample in flight.
  std::chrono::milliseconds sample_timeout{60000};
  Pipelining pipelining = Pipelining::Auto;
};

// Sample i's input tensor bytes (exactly Info::input.bytes of them).
using InputFn = std::function<std::vector<uint8_t>(size_t i)>;
using ResultFn = std::function<void(Result&& r)>;

struct Pong {
  std::chrono::microseconds round_trip{0};
  uint64_t timer_ticks = 0;  // board timer when it answered
};

class Session {
 public:
  explicit Session(link::Transport& transport, Options options = {});
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Opens a session: sends HELLO (resent on the retransmission timeout, and
  // restarted if the link gives up) until the matching INFO arrives, then
  // adopts the board's window and payload limit. Blocks up to `timeout`.
  // Throws "board <b>: no answer to HELLO within 5 s on <endpoint> (is the
  // firmware running?)", on a protocol version mismatch, or on a device ERROR.
  Info hello(std::chrono::milliseconds timeout = std::chrono::seconds(5));

  bool open() const;
  const Info& info() const;  // the last INFO; throws if hello() has not succeeded

  // Runs samples 0..count-1 (INFER tag = sample index), in order, with at
  // most one INFER outstanding as the protocol requires. With overlap, sample
  // i+1 is loaded into a free slot (LOADs chunked to the board's max payload,
  // up to its window in flight) while sample i runs, and its INFER goes out
  // the moment sample i's RESULT is complete. `input(i)` is called once per
  // sample, in order, just before it is loaded; `on_result` exactly once per
  // sample, in sample order, including results whose status is not OK.
  // Lost or corrupted frames are resent. Blocks until every result is in.
  // Throws on a board ERROR (with its text), a timeout
  // (StreamOptions::sample_timeout without a result), a dead link, a closed
  // transport, an input of the wrong size, or an exception from a callback
  // (rethrown as is).
  void stream(size_t count, const InputFn& input, const ResultFn& on_result, const StreamOptions& opts = {});

  // Raises the line rate (PROTOCOL.md section 6, SET_BAUD): proposes each of
  // `rates` above the transport's current one, fastest first. Per rate: the
  // board answers BAUD at the old rate and switches, the host switches, and a
  // PING must come back at the new rate; otherwise both return to the last
  // rate that worked (the board by itself after `revert`). Returns the rate in
  // use afterwards (0 for links without a rate, e.g. TCP, where nothing is
  // sent). Each attempt is reported to `on_attempt` (rate, worked, why not).
  // Throws if the board cannot be reached even at the old rate afterwards.
  using BaudAttemptFn = std::function<void(unsigned rate, bool worked, const std::string& why)>;
  unsigned negotiate_baud(std::vector<unsigned> rates, std::chrono::milliseconds revert = std::chrono::seconds(1),
                          const BaudAttemptFn& on_attempt = {});

  // PING with a random token; blocks until the matching PONG or `timeout`.
  Pong ping(std::chrono::milliseconds timeout = std::chrono::seconds(5));

  // RESET (enum hbp_reset_mode). Blocks until the board acknowledged it or
  // `timeout`. After HBP_RESET_REBOOT the board starts over: hello() again.
  void reset(uint8_t mode = HBP_RESET_SOFT, std::chrono::milliseconds timeout = std::chrono::seconds(5));

  Counters counters() const;
  link::Transport& transport() { return transport_; }

 private:
  struct Impl;
  link::Transport& transport_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hb::session
