// Timing isolation on host-timed boards (sim): the board process runs on the
// highest-numbered CPU it may use (hb-fw-sim pins itself there at start), and
// the harness's own threads keep off it while a run streams, so the board's
// timed inference never shares a core with the host reference or the harness.
#pragma once

#include <sched.h>

#include <optional>

namespace hb::run {

// The CPUs this thread may use minus the highest one; nullopt when fewer than
// two are allowed (nothing to keep apart) or HB_SIM_PIN=0 turns isolation off.
std::optional<cpu_set_t> harness_cpus();

// Pins the calling thread to harness_cpus() for its lifetime and restores
// its previous mask on destruction.
class ScopedHarnessAffinity {
 public:
  ScopedHarnessAffinity();
  ~ScopedHarnessAffinity();
  ScopedHarnessAffinity(const ScopedHarnessAffinity&) = delete;
  ScopedHarnessAffinity& operator=(const ScopedHarnessAffinity&) = delete;

 private:
  std::optional<cpu_set_t> saved_;
};

}  // namespace hb::run
