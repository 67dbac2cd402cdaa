// One error type for the whole host tool: a one-line message that names the
// file/board/op at fault, and the process exit code it maps to.
#pragma once

#include <stdexcept>
#include <string>

namespace hb {

enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,  // the thing ran and failed (mismatch, regression)
  kExitUsage = 2,    // bad input, bad usage, environment error
  kExitInfra = 3,    // a board, its flasher or its link failed during a run (not a test result)
};

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& msg, int exit_code = kExitUsage) : std::runtime_error(msg), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

}  // namespace hb
