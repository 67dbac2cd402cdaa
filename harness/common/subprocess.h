// External tools are always started with an argument vector, never through a
// shell, and always with a timeout. Every child runs in its own process group
// (so stopping it stops whatever it started, and a ^C on the terminal reaches
// only hilbench, which then ends them in order) and gets SIGKILL from the
// kernel if hilbench dies first (PR_SET_PDEATHSIG): no orphan outlives a run.
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
// Throws hb::Error if the program cannot be started (e.g. not installed), and
// hb::Cancelled (after killing its process group) if a signal asks hilbench
// to stop meanwhile (unless honour_cancel is false: clean-up commands).
RunResult run_command(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                      const std::string& stdin_data = {}, bool honour_cancel = true);

// A long-running child (board firmware, QEMU). Its process group is stopped
// (SIGTERM, then SIGKILL) on destruction. stdout/stderr go to the given files
// ("" = inherit). PR_SET_PDEATHSIG fires when the *thread* that started the
// child ends: create and destroy a Process on the same thread.
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
  // SIGTERM to its group, wait up to grace, then SIGKILL to the group.
  // Returns the exit status seen.
  int stop(std::chrono::milliseconds grace = std::chrono::milliseconds(2000));
  // SIGKILL to the process alone, as a crash would end it (tests, fault injection).
  void kill_hard();

 private:
  pid_t pid_ = -1;
  int exit_code_ = -1;
  bool reaped_ = false;
};

// Is `program` on PATH?
bool have_program(const std::string& program);

}  // namespace hb
