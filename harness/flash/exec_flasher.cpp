// The "exec" driver: the sim board is the firmware compiled for Linux. Its
// "flash" is a plan file; it serves the protocol on a pseudo-terminal whose
// slave it links at a path we choose, so the host opens it like a tty.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "common/error.h"
#include "common/file_io.h"
#include "common/subprocess.h"
#include "flash/deployment.h"

namespace hb::flash {
namespace {

namespace fs = std::filesystem;

std::string tail(const std::string& path, size_t max_bytes = 600) {
  std::ifstream f(path, std::ios::binary);
  std::string s((std::istreambuf_iterator<char>(f)), {});
  if (s.size() > max_bytes) s = s.substr(s.size() - max_bytes);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  for (char& c : s)
    if (c == '\n') c = ' ';
  return s;
}

class ExecDeployment : public Deployment {
 public:
  ExecDeployment(const board::Descriptor& d, const AlignedBytes& plan, const DeployOptions& o) : board_(d.name) {
    fs::create_directories(o.work_dir);
    const std::string plan_path = o.work_dir + "/plan.bin";
    link_path_ = o.work_dir + "/tty";
    log_path_ = o.work_dir + "/firmware.log";
    fs::remove(link_path_);
    write_file_atomic(plan_path, plan.data(), plan.size());
    std::string program = d.flasher.value("program", "hb-fw-sim");
    if (program.find('/') == std::string::npos) program = firmware_dir() + "/" + program;
    if (!fs::exists(program))
      throw Error("board " + d.name + ": firmware " + program + " not found (build hilbench first: ci/build.sh)");
    baud_ = d.link.value("baud", 921600u);
    proc_ = std::make_unique<Process>(
        std::vector<std::string>{program, "--plan", plan_path, "--pty-link", link_path_, "--board-id", d.name}, "",
        log_path_);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(o.timeout_s);
    while (!fs::exists(link_path_)) {
      if (!proc_->running())
        throw Error("board " + d.name + ": firmware exited with code " + std::to_string(proc_->exit_code()) +
                    " before serving: " + tail(log_path_));
      if (std::chrono::steady_clock::now() > deadline)
        throw Error("board " + d.name + ": firmware did not create " + link_path_ + " within " +
                    std::to_string(o.timeout_s) + " s");
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  ~ExecDeployment() override {
    if (proc_) proc_->stop();
  }
  LinkTarget link() const override { return LinkTarget{"serial", link_path_, baud_, "", 0}; }
  std::string describe() const override {
    return board_ + " (pid " + std::to_string(proc_->pid()) + ", " + link_path_ + ")";
  }
  std::string log_tail() const override { return tail(log_path_); }

 private:
  std::string board_, link_path_, log_path_;
  unsigned baud_ = 0;
  std::unique_ptr<Process> proc_;
};

}  // namespace

std::unique_ptr<Deployment> deploy_exec(const board::Descriptor& d, const AlignedBytes& plan, const DeployOptions& o) {
  return std::make_unique<ExecDeployment>(d, plan, o);
}

}  // namespace hb::flash
