// The "exec" driver: a board that is a local program. The sim board is the
// firmware compiled for Linux: its "flash" is a plan file, and it serves the
// protocol on a pseudo-terminal whose slave it links at a path we choose, so
// the host opens it like a tty. With link.kind "tcp" the program is the Linux
// board runner (hb-fw-linux), optionally under an emulator (flash.wrapper,
// e.g. qemu-arm for the MP157's armhf build): it listens on a free loopback
// port and says which on stderr.
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "common/cancel.h"
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
  ExecDeployment(const board::Descriptor& d, const AlignedBytes& plan, const DeployOptions& o)
      : board_(d.name), timeout_s_(o.timeout_s) {
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
    tcp_ = d.link.value("kind", "") == "tcp";
    std::vector<std::string> argv;
    for (const auto& w : d.flasher.value("wrapper", std::vector<std::string>{})) argv.push_back(w);
    if (!argv.empty() && !have_program(argv[0]))
      throw Error("board " + d.name + ": " + argv[0] + " not installed (flash.wrapper; run ci/setup.sh)");
    argv.insert(argv.end(), {program, "--plan", plan_path, "--board-id", d.name});
    if (tcp_)
      argv.insert(argv.end(), {"--listen", "0", "--bind", "127.0.0.1"});
    else
      argv.insert(argv.end(), {"--pty-link", link_path_});
    // "paced": the sim moves bytes like a UART at the link's baud (line.c).
    if (!tcp_ && d.link.value("paced", false)) argv.insert(argv.end(), {"--pace-baud", std::to_string(baud_)});
    for (const auto& a : d.flasher.value("args", std::vector<std::string>{})) argv.push_back(a);
    argv_ = argv;
    start();
  }
  ~ExecDeployment() override {
    if (proc_) proc_->stop();
  }
  // A fresh process from the same plan file: what a power cycle is to a board.
  void restart() override {
    if (proc_) proc_->stop(std::chrono::milliseconds(500));
    proc_.reset();
    start();
  }
  bool alive() override { return proc_ && proc_->running(); }
  LinkTarget link() const override {
    return tcp_ ? LinkTarget{"tcp", "", 0, "127.0.0.1", port_} : LinkTarget{"serial", link_path_, baud_, "", 0};
  }
  std::string describe() const override {
    return board_ + " (pid " + std::to_string(proc_->pid()) + ", " +
           (tcp_ ? "tcp 127.0.0.1:" + std::to_string(port_) : link_path_) + ")";
  }
  std::string log_tail() const override { return tail(log_path_); }

 private:
  void start() {
    std::error_code ec;
    fs::remove(link_path_, ec);
    port_ = 0;
    proc_ = std::make_unique<Process>(argv_, "", log_path_);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s_);
    while (tcp_ ? (port_ = listening_port()) == 0 : !fs::exists(link_path_)) {
      if (!proc_->running())
        throw Error("board " + board_ + ": firmware exited with code " + std::to_string(proc_->exit_code()) +
                    " before serving: " + tail(log_path_));
      if (std::chrono::steady_clock::now() > deadline)
        throw Error("board " + board_ + ": firmware did not " +
                    (tcp_ ? std::string("start listening") : "create " + link_path_) + " within " +
                    std::to_string(timeout_s_) + " s");
      throw_if_cancelled();
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  // hb-fw-linux prints "listening on ADDR:PORT" once its socket is bound.
  uint16_t listening_port() const {
    const std::string log = tail(log_path_, 4096);
    const std::string key = "listening on 127.0.0.1:";
    const size_t p = log.find(key);
    if (p == std::string::npos) return 0;
    size_t end = p + key.size();
    while (end < log.size() && std::isdigit(static_cast<unsigned char>(log[end]))) ++end;
    if (end == p + key.size()) return 0;
    const unsigned long v = std::stoul(log.substr(p + key.size(), end - p - key.size()));
    return v > 0 && v < 65536 ? static_cast<uint16_t>(v) : 0;
  }

  std::string board_, link_path_, log_path_;
  int timeout_s_ = 60;
  std::vector<std::string> argv_;
  unsigned baud_ = 0;
  bool tcp_ = false;
  uint16_t port_ = 0;
  std::unique_ptr<Process> proc_;
};

}  // namespace

std::unique_ptr<Deployment> deploy_exec(const board::Descriptor& d, const AlignedBytes& plan, const DeployOptions& o) {
  return std::make_unique<ExecDeployment>(d, plan, o);
}

}  // namespace hb::flash
