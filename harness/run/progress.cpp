#include "run/progress.h"

#include <unistd.h>

#include <cstdio>

namespace hb::run {

Progress::Progress(std::vector<std::string> labels, bool enabled) : enabled_(enabled), tty_(isatty(2) != 0) {
  size_t width = 0;
  for (const auto& l : labels) width = std::max(width, l.size());
  for (auto& l : labels) lines_.push_back({l + std::string(width - l.size(), ' '), "waiting", SIZE_MAX, {}, false});
}

Progress::~Progress() {
  std::lock_guard<std::mutex> l(mu_);
  if (enabled_ && tty_ && drawn_) redraw();
}

void Progress::update(size_t line, size_t done, size_t total, const std::string& note) {
  if (!enabled_ || line >= lines_.size()) return;
  std::lock_guard<std::mutex> l(mu_);
  Line& ln = lines_[line];
  const auto now = std::chrono::steady_clock::now();
  if (!ln.started) {
    ln.started = true;
    ln.start = now;
  }
  const double secs = std::chrono::duration<double>(now - ln.start).count();
  const double rate = secs > 0 ? static_cast<double>(done) / secs : 0;
  const size_t pct = total ? done * 100 / total : 100;
  char buf[256];
  if (tty_) {
    const int width = 30;
    const int filled = total ? static_cast<int>(done * width / total) : width;
    std::snprintf(buf, sizeof buf, "[%.*s%*s] %zu/%zu %5.1f img/s %s", filled, "##############################",
                  width - filled, "", done, total, rate, note.c_str());
    ln.text = buf;
    if (done != total && now - last_draw_ < std::chrono::milliseconds(100)) return;
    redraw();
    last_draw_ = now;
  } else {
    if (pct / 10 == ln.last_decile && done != total) return;
    ln.last_decile = pct / 10;
    std::fprintf(stderr, "%s %zu/%zu (%zu%%) %.1f img/s %s\n", ln.label.c_str(), done, total, pct, rate, note.c_str());
    std::fflush(stderr);
  }
}

void Progress::message(const std::string& text) {
  std::lock_guard<std::mutex> l(mu_);
  if (enabled_ && tty_ && drawn_) std::fprintf(stderr, "\033[%zuA\r\033[J", lines_.size());
  std::fprintf(stderr, "%s\n", text.c_str());
  if (enabled_ && tty_ && drawn_) {
    drawn_ = false;
    redraw();
  }
  std::fflush(stderr);
}

void Progress::redraw() {
  if (drawn_) std::fprintf(stderr, "\033[%zuA", lines_.size());  // back to the first line
  for (const Line& ln : lines_) std::fprintf(stderr, "\r%s %s\033[K\n", ln.label.c_str(), ln.text.c_str());
  drawn_ = true;
  std::fflush(stderr);
}

}  // namespace hb::run
