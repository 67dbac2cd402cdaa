#include "session/fault_proxy.h"

#include <poll.h>
#include <unistd.h>

#include <vector>

namespace hb::sessiontest {

FaultProxy::FaultProxy(linktest::Pty& host_pty, linktest::Pty& device_pty, uint64_t seed, FaultRates to_device,
                       FaultRates to_host)
    : host_master_(host_pty.master()),
      device_slave_(device_pty.open_slave_raw()),
      rng_(seed),
      rates_to_device_(to_device),
      rates_to_host_(to_host),
      thread_([this] { run(); }) {}

FaultProxy::FaultProxy(linktest::Pty& host_pty, int device_fd, uint64_t seed, FaultRates to_device, FaultRates to_host)
    : host_master_(host_pty.master()),
      device_slave_(device_fd),
      rng_(seed),
      rates_to_device_(to_device),
      rates_to_host_(to_host),
      thread_([this] { run(); }) {}

FaultProxy::~FaultProxy() {
  stop_ = true;
  thread_.join();
  ::close(device_slave_);
}

void FaultProxy::run() {
  auto damage = [&](const uint8_t* in, size_t n, const FaultRates& r, FaultCounts& c) {
    std::vector<uint8_t> out;
    out.reserve(n + 16);
    for (size_t i = 0; i < n; ++i) {
      c.bytes++;
      uint8_t b = in[i];
      if (!healed_) {
        if (rng_.below(1000000) < r.garbage) {
          const uint32_t k = 1 + rng_.below(8);
          for (uint32_t j = 0; j < k; ++j) out.push_back(static_cast<uint8_t>(rng_.next()));
          c.garbage++;
        }
        if (rng_.below(1000000) < r.drop) {
          c.dropped++;
          continue;
        }
        if (rng_.below(1000000) < r.flip) {
          b = static_cast<uint8_t>(b ^ (1u << rng_.below(8)));
          c.flipped++;
        }
      }
      out.push_back(b);
    }
    return out;
  };
  uint8_t buf[4096];
  while (!stop_) {
    pollfd pf[2] = {{host_master_, POLLIN, 0}, {device_slave_, POLLIN, 0}};
    ::poll(pf, 2, 5);
    ssize_t n = ::read(host_master_, buf, sizeof buf);
    if (n > 0) {
      auto out = damage(buf, static_cast<size_t>(n), rates_to_device_, to_device_);
      linktest::write_fully(device_slave_, out.data(), out.size());
    }
    n = ::read(device_slave_, buf, sizeof buf);
    if (n > 0) {
      auto out = damage(buf, static_cast<size_t>(n), rates_to_host_, to_host_);
      linktest::write_fully(host_master_, out.data(), out.size());
    }
    // A side without a peer yet (EIO on a master whose slave is not open)
    // reports POLLHUP at once: do not spin on it.
    if ((pf[0].revents | pf[1].revents) & POLLHUP) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

}  // namespace hb::sessiontest
