// A pty-to-pty proxy that damages the byte stream in both directions:
// inserts garbage, flips bits, drops bytes (seeded). It sits between the
// host's serial port (the slave of one pty) and the fake device (the master
// of another), so the session under test sees a real tty that is noisy.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>

#include "link/pty_util.h"

namespace hb::sessiontest {

struct FaultRates {  // per byte, in parts per million
  uint32_t drop = 0;
  uint32_t flip = 0;
  uint32_t garbage = 0;  // a burst of 1..8 random bytes inserted before the byte
};

struct FaultCounts {
  std::atomic<uint64_t> bytes{0}, dropped{0}, flipped{0}, garbage{0};
  uint64_t faults() const { return dropped + flipped + garbage; }
};

class FaultProxy {
 public:
  // host_pty: the host opens its slave; the proxy serves its master.
  // device_pty: the fake device serves its master; the proxy opens its slave.
  FaultProxy(linktest::Pty& host_pty, linktest::Pty& device_pty, uint64_t seed, FaultRates to_device,
             FaultRates to_host);
  // Same, with the device side given as an open non-blocking fd (e.g. the
  // slave of a pty another process serves); the proxy closes it.
  FaultProxy(linktest::Pty& host_pty, int device_fd, uint64_t seed, FaultRates to_device, FaultRates to_host);
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  const FaultCounts& to_device() const { return to_device_; }
  const FaultCounts& to_host() const { return to_host_; }
  // Stops damaging bytes (the proxy keeps forwarding).
  void heal() { healed_ = true; }

 private:
  void run();
  int host_master_, device_slave_;
  linktest::Rng rng_;
  FaultRates rates_to_device_, rates_to_host_;
  FaultCounts to_device_, to_host_;
  std::atomic<bool> stop_{false}, healed_{false};
  std::thread thread_;
};

}  // namespace hb::sessiontest
