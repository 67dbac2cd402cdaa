// Progress of the boards of one job on stderr, one line per board: redrawn
// in place when stderr is a terminal, plain lines otherwise (one per board
// every 10 %, so CI logs stay readable). Thread-safe: each board thread
// updates its own line.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

namespace hb::run {

class Progress {
 public:
  Progress(std::vector<std::string> labels, bool enabled);
  ~Progress();
  // Board `line` has done `done` of `total`; `note` ends the line.
  void update(size_t line, size_t done, size_t total, const std::string& note = {});
  // A message that must not be drawn over (board log, recovery): printed
  // above the progress lines.
  void message(const std::string& text);

 private:
  struct Line {
    std::string label, text;
    size_t last_decile = SIZE_MAX;
    std::chrono::steady_clock::time_point start;
    bool started = false;
  };
  void redraw();  // caller holds mu_
  std::mutex mu_;
  std::vector<Line> lines_;
  bool enabled_, tty_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace hb::run
