// Which failures of a board are worth a reset (issue 10 "recovery"): the
// board stopped answering (inference timeout, dead link, a fresh session
// showing it rebooted), its link dropped, or the process serving it died.
// A board that answers with ERROR, a protocol violation or a wrong model is
// not: resetting it would only repeat the answer.
#pragma once

#include <optional>
#include <string>

#include "common/error.h"
#include "flash/deployment.h"

namespace hb::run {

// The cause to record ("timeout", "link-dead", "rebooted", "link-lost",
// "process-died"), or nullopt when the error is not recoverable.
std::optional<std::string> recoverable_cause(const Error& e, flash::Deployment& dep);

}  // namespace hb::run
