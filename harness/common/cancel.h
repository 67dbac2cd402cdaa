// Cancelling a run from a signal. SIGINT/SIGTERM/SIGHUP only record which
// signal arrived (an atomic store: nothing else is safe in a handler); the
// loops that wait on boards and tools check it every few milliseconds and
// unwind with Cancelled, so destructors stop processes, flush samples and
// mark the run row.
#pragma once

#include <string>

#include "common/error.h"

namespace hb {

// 128 + signal: the shell's convention (130 for SIGINT, 143 for SIGTERM).
class Cancelled : public Error {
 public:
  explicit Cancelled(int sig);
  int signal() const { return sig_; }

 private:
  int sig_;
};

// Installs the handlers (once per process). A second signal of the same kind
// gets the default action: a user can still kill a stuck run with ^C ^C.
void install_cancel_handlers();
// The signal that asked to stop, 0 if none.
int cancel_signal();
// Throws Cancelled if a signal asked to stop.
void throw_if_cancelled();
// Asks to stop as if `sig` had arrived (async-signal-safe).
void request_cancel(int sig);
// "SIGTERM"
std::string signal_name(int sig);

}  // namespace hb
