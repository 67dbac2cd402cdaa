// External tools are always started with an argument vector (posix_spawnp),
// never through a shell, and always with a timeout.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace hb {

struct RunResult {
  int exit_code = -1;  // -1 if killed by a signal or timed out
  int signal = 0;
  bool timed_out = false;
  std::string out, err;
};

// Runs argv[0] (searched in PATH) to completion, capturing stdout/stderr.
// Throws hb::Error if the program cannot be started (e.g. not installed).
RunResult run_command(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                      const std::string& stdin_data = {});

// A long-running child (board firmware, QEMU). Stopped (SIGTERM, then
// SIGKILL) on destruction. stdout/stderr go to the given files ("" = inherit).
class Process {
 public:
  Process(const std::vector<std::string>& argv, const std::string& stdout_path = "",
          const std::string& stderr_path = "");
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  bool running();  // false once it exited (reaps it)
  int exit_code() const { return exit_code_; }
  // SIGTERM, wait up to grace, then SIGKILL. Returns the exit status seen.
  int stop(std::chrono::milliseconds grace = std::chrono::milliseconds(2000));

 private:
  pid_t pid_ = -1;
  int exit_code_ = -1;
  bool reaped_ = false;
};

// Is `program` on PATH?
bool have_program(const std::string& program);

}  // namespace hb
