#include "run/recovery.h"

#include "session/session.h"

namespace hb::run {

std::optional<std::string> recoverable_cause(const Error& e, flash::Deployment& dep) {
  // A dead process explains any symptom best: say so first.
  if (!dep.alive()) return "process-died";
  if (const auto* se = dynamic_cast<const session::SessionError*>(&e)) {
    if (se->failure() == session::Failure::DeviceError) return std::nullopt;
    return session::failure_name(se->failure());
  }
  // Anything else a stream throws without a SessionError comes from the
  // transport: the connection closed, the device went away, a write stalled.
  const std::string what = e.what();
  for (const char* sign : {"connection closed", "device went away", "connection lost", "write stalled", "read failed"})
    if (what.find(sign) != std::string::npos) return "link-lost";
  return std::nullopt;
}

}  // namespace hb::run
