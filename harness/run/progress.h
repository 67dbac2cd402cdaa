// A one-line progress bar on stderr, redrawn in place when stderr is a
// terminal, and a few plain lines otherwise (CI logs stay readable).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace hb::run {

class Progress {
 public:
  Progress(std::string label, size_t total, bool enabled);
  void update(size_t done, const std::string& note = {});
  void finish();

 private:
  std::string label_;
  size_t total_;
  bool enabled_, tty_;
  size_t last_pct_ = SIZE_MAX;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace hb::run
