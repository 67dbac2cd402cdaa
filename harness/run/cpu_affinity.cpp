#include "run/cpu_affinity.h"

#include <cstdlib>
#include <cstring>

namespace hb::run {

std::optional<cpu_set_t> harness_cpus() {
  const char* pin = std::getenv("HB_SIM_PIN");
  if (pin && std::strcmp(pin, "0") == 0) return std::nullopt;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0 || CPU_COUNT(&set) < 2) return std::nullopt;
  for (int c = CPU_SETSIZE - 1; c >= 0; --c)
    if (CPU_ISSET(c, &set)) {
      CPU_CLR(c, &set);  // the board's CPU (the same rule hb-fw-sim follows)
      break;
    }
  return set;
}

ScopedHarnessAffinity::ScopedHarnessAffinity() {
  const auto cpus = harness_cpus();
  if (!cpus) return;
  cpu_set_t old;
  CPU_ZERO(&old);
  if (sched_getaffinity(0, sizeof old, &old) != 0) return;
  if (sched_setaffinity(0, sizeof *cpus, &*cpus) == 0) saved_ = old;
}

ScopedHarnessAffinity::~ScopedHarnessAffinity() {
  if (saved_) (void)sched_setaffinity(0, sizeof *saved_, &*saved_);
}

}  // namespace hb::run
