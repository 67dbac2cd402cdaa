// The host reference: the same engine the firmware runs, compiled for the
// host, computing every sample's expected output on every core but the board's while the board
// works through the stream.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "common/aligned_bytes.h"

namespace hb::run {

class HostReference {
 public:
  // One worker (with its own arena) per thread; threads = 0 -> every core but the
  // board's (run/cpu_affinity.h).
  HostReference(const AlignedBytes& plan, unsigned threads = 0);
  ~HostReference();
  HostReference(const HostReference&) = delete;
  HostReference& operator=(const HostReference&) = delete;

  // Queue sample `index` with its input bytes.
  void submit(size_t index, std::vector<uint8_t> input);
  // Blocks until sample `index` is done; returns its output bytes (kept, so
  // any number of callers may ask). Rethrows an engine error as hb::Error.
  std::vector<uint8_t> wait(size_t index);
  unsigned threads() const { return static_cast<unsigned>(workers_.size()); }

 private:
  void work();
  const AlignedBytes& plan_;
  std::mutex mu_;
  std::condition_variable cv_work_, cv_done_;
  std::deque<std::pair<size_t, std::vector<uint8_t>>> queue_;
  std::vector<std::optional<std::vector<uint8_t>>> done_;
  std::vector<std::string> errors_;
  bool stop_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace hb::run
