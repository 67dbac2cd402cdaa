// A minimal firmware stand-in for session tests: the protocol server of
// target-fw/app rebuilt on the same C codec (hbp_link, hbp_result_tx) over a
// file descriptor (pty master or TCP socket), computing outputs with the host
// build of the engine. Like the firmware it reads nothing while an inference
// runs (rx policy "held off"), ACKs an INFER before running it, and answers
// HELLO with INFO, LOAD/INFER with RESULT(+CHUNKs), PING with PONG.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "common/aligned_bytes.h"

namespace hb::sessiontest {

struct FakeDeviceConfig {
  std::string board = "fake";
  uint8_t n_slots = 2;
  uint8_t window = 8;           // INFO.window
  uint16_t max_payload = 512;   // INFO.max_payload: the host chunks LOADs to it
  uint16_t result_payload = 0;  // cap on RESULT/RESULT_CHUNK payloads (0 = host's max): forces chunking
  uint32_t rto_ms = 100;
  int64_t silent_on_tag = -1;  // on this INFER: stop reading and writing for good
  int64_t error_on_load = -1;  // answer the n-th LOAD (0-based) with ERROR(INTERNAL)
  bool log_on_hello = false;   // send a LOG after INFO
};

struct FakeDeviceStats {
  std::atomic<int> hellos{0};
  std::atomic<int> infers_run{0};
  std::atomic<int> loads{0};
  std::atomic<int> load_into_busy_slot{0};   // LOAD into a slot whose INFER has not run yet: host bug
  std::atomic<int> busy_infers{0};           // INFER while a result was still going out: host bug
  std::atomic<int> runs_with_rx_waiting{0};  // runs after which host bytes were waiting unread
  std::atomic<int> slots_used_mask{0};
  std::atomic<int> errors_sent{0};
};

class FakeDevice {
 public:
  // Serves on fd (non-blocking; not owned) in a thread until destroyed.
  FakeDevice(int fd, const AlignedBytes& plan, FakeDeviceConfig cfg = {});
  ~FakeDevice();
  FakeDevice(const FakeDevice&) = delete;
  FakeDevice& operator=(const FakeDevice&) = delete;

  const FakeDeviceStats& stats() const { return stats_; }
  std::string failure() const;  // first internal failure of the fake ("" if none)

 private:
  struct State;
  void run();
  int fd_;
  const AlignedBytes& plan_;
  FakeDeviceConfig cfg_;
  FakeDeviceStats stats_;
  std::unique_ptr<State> st_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace hb::sessiontest
