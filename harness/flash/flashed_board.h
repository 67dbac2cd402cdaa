// A flashed board (openocd, pyocd, ssh drivers): it keeps running after we
// exit; its link is the descriptor's serial device (a /dev/serial/by-id glob)
// or a TCP endpoint. The driver says how to reset it, and what to end when
// the run closes (the ssh driver's remote runner).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "flash/deployment.h"

namespace hb::flash {

class FlashedBoard : public Deployment {
 public:
  FlashedBoard(LinkTarget t, std::string what, std::function<void()> reset)
      : target_(std::move(t)), what_(std::move(what)), reset_(std::move(reset)) {}
  ~FlashedBoard() override {
    if (close_) close_();
  }
  LinkTarget link() const override { return target_; }
  std::string describe() const override { return what_; }
  void restart() override { reset_(); }
  // Called once, on destruction; must not throw.
  void on_close(std::function<void()> f) { close_ = std::move(f); }

 private:
  LinkTarget target_;
  std::string what_;
  std::function<void()> reset_;  // through the probe, or the runner restarted
  std::function<void()> close_;
};

// Finds the board's link after flashing; throws naming the board when no (or
// more than one) serial port matches.
std::unique_ptr<FlashedBoard> flashed_board(const board::Descriptor& d, const std::string& how,
                                            std::function<void()> reset);

}  // namespace hb::flash
