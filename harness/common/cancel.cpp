#include "common/cancel.h"

#include <signal.h>

#include <atomic>
#include <cstring>

namespace hb {
namespace {

std::atomic<int> g_signal{0};
static_assert(std::atomic<int>::is_always_lock_free, "the signal handler needs a lock-free store");

extern "C" void on_cancel_signal(int sig) { g_signal.store(sig, std::memory_order_relaxed); }

}  // namespace

Cancelled::Cancelled(int sig) : Error("interrupted by " + signal_name(sig), 128 + sig), sig_(sig) {}

void install_cancel_handlers() {
  struct sigaction sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_cancel_signal;
  sa.sa_flags = SA_RESETHAND;  // no SA_RESTART: blocking calls return EINTR at once
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &sa, nullptr);
}

int cancel_signal() { return g_signal.load(std::memory_order_relaxed); }

void throw_if_cancelled() {
  if (const int sig = cancel_signal()) throw Cancelled(sig);
}

void request_cancel(int sig) { g_signal.store(sig, std::memory_order_relaxed); }

std::string signal_name(int sig) {
  switch (sig) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    case SIGHUP:
      return "SIGHUP";
    case SIGKILL:
      return "SIGKILL";
    default:
      return "signal " + std::to_string(sig);
  }
}

}  // namespace hb
