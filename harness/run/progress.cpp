#include "run/progress.h"

#include <unistd.h>

#include <cstdio>

namespace hb::run {

Progress::Progress(std::string label, size_t total, bool enabled)
    : label_(std::move(label)), total_(total), enabled_(enabled), tty_(isatty(2) != 0) {
  start_ = last_draw_ = std::chrono::steady_clock::now();
}

void Progress::update(size_t done, const std::string& note) {
  if (!enabled_ || total_ == 0) return;
  const auto now = std::chrono::steady_clock::now();
  const size_t pct = done * 100 / total_;
  const double secs = std::chrono::duration<double>(now - start_).count();
  const double rate = secs > 0 ? static_cast<double>(done) / secs : 0;
  if (tty_) {
    if (done != total_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
    const int width = 30;
    const int filled = static_cast<int>(done * width / total_);
    std::fprintf(stderr, "\r%s [%.*s%*s] %zu/%zu %5.1f img/s %s\033[K", label_.c_str(), filled,
                 "##############################", width - filled, "", done, total_, rate, note.c_str());
  } else {
    // Non-terminal: one line per 10 %.
    if (pct / 10 == last_pct_ / 10 && done != total_) return;
    std::fprintf(stderr, "%s %zu/%zu (%zu%%) %.1f img/s %s\n", label_.c_str(), done, total_, pct, rate, note.c_str());
  }
  last_pct_ = pct;
  last_draw_ = now;
  std::fflush(stderr);
}

void Progress::finish() {
  if (enabled_ && tty_) std::fprintf(stderr, "\n");
}

}  // namespace hb::run
