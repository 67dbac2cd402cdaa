// `hilbench run` started in the background as a CI job would start it, for
// tests that signal it, kill its board, or watch its store while it runs.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "common/subprocess.h"
#include "temp_dir.h"

namespace hb::test {

inline bool have_fashion_mnist() {
  return std::filesystem::exists("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz");
}
inline bool have_sim_fw() { return std::filesystem::exists(std::string(HB_TEST_BIN_DIR) + "/target-fw/hb-fw-sim"); }
inline bool have_qemu_fw(const std::string& port) {
  return hb::have_program("qemu-system-arm") &&
         std::filesystem::exists(std::string(HB_TEST_BIN_DIR) + "/target-fw/hb-fw-" + port + ".elf");
}

inline std::string sql(const std::string& db, const std::string& q) {
  auto r = hb::run_command({"sqlite3", "-cmd", ".timeout 5000", db, q}, std::chrono::seconds(30));
  return r.exit_code == 0 ? r.out : "";
}
inline long sql_long(const std::string& db, const std::string& q) {
  const std::string s = sql(db, q);
  return s.empty() ? -1 : std::stol(s);
}

// Direct children of `pid` (every thread's), from /proc.
inline std::vector<pid_t> children_of(pid_t pid) {
  std::vector<pid_t> out;
  std::error_code ec;
  for (auto& t : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
    std::ifstream f(t.path() / "children");
    pid_t c;
    while (f >> c) out.push_back(c);
  }
  return out;
}
inline std::string comm_of(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/comm");
  std::string s;
  std::getline(f, s);
  return s;
}
// Alive and not a zombie.
inline bool process_alive(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string all((std::istreambuf_iterator<char>(f)), {});
  const size_t p = all.rfind(')');
  return p != std::string::npos && p + 2 < all.size() && all[p + 2] != 'Z';
}
// Any process still in process group `pgid`.
inline bool group_alive(pid_t pgid) { return ::kill(-pgid, 0) == 0; }

class BackgroundRun {
 public:
  BackgroundRun(const TempDir& tmp, std::vector<std::string> args)
      : out_(tmp.file("run.out")), err_(tmp.file("run.err")) {
    args.insert(args.begin(), HB_HILBENCH_EXE);
    proc_ = std::make_unique<hb::Process>(args, out_, err_);
  }
  pid_t pid() const { return proc_->pid(); }
  bool running() { return proc_->running(); }
  // Waits for the exit; returns the exit code, or 128 + signal; -2 on timeout.
  int wait(std::chrono::seconds timeout) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (proc_->running()) {
      if (std::chrono::steady_clock::now() > end) return -2;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return proc_->exit_code();
  }
  // Polls `pred` every 50 ms up to timeout; false if the run ended first or time ran out.
  template <class P>
  bool wait_for(P pred, std::chrono::seconds timeout) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end) {
      if (pred()) return true;
      if (!proc_->running()) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  std::string out() const { return read(out_); }
  std::string err() const { return read(err_); }

 private:
  static std::string read(const std::string& p) {
    std::ifstream f(p);
    return std::string((std::istreambuf_iterator<char>(f)), {});
  }
  std::string out_, err_;
  std::unique_ptr<hb::Process> proc_;
};

}  // namespace hb::test
