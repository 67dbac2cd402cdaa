// The "ssh" driver, for a Linux board (STM32MP157F-DK2's Cortex-A7): copies
// the runner (ports/linux, built for armhf) and the model plan to
// flash.remote_dir on flash.host, starts the runner there serving the
// protocol on the board's loopback only (127.0.0.1:link.port: nothing is left
// open on the lab network), and reaches it through an ssh local port forward
// (ssh -N -L) that the deployment owns and closes when the run ends.
// Key-based login only (BatchMode=yes: never a password prompt); every
// ssh/scp run has a connect timeout and an overall timeout; "--" always
// precedes the host, which board/identifiers.h has checked at load.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>

#include "common/error.h"
#include "common/subprocess.h"
#include "flash/deployment.h"
#include "flash/tool_host.h"
#include "link/tcp_transport.h"

namespace hb::flash {

// openocd_flasher.cpp
std::string write_plan_file(const DeployOptions& o, const AlignedBytes& plan);
std::string last_line_with(const std::string& text, const std::string& needle);

namespace {

namespace fs = std::filesystem;

// Remote paths go into a remote shell command: allow only what needs no quoting.
void check_remote_dir(const board::Descriptor& d, const std::string& dir) {
  if (dir.empty() || dir.find_first_not_of("abcdefghijklmnopqrstuvwxyz"
                                           "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-") != std::string::npos)
    throw Error("board " + d.name + ": " + d.file +
                ": field 'flash.remote_dir' must be a plain path (letters, digits, _ . / -)");
}

class Ssh {
 public:
  Ssh(const board::Descriptor& d, int timeout_s, bool honour_cancel = true)
      : d_(d), timeout_s_(timeout_s), honour_cancel_(honour_cancel) {
    host_ = d.flasher.value("host", "");
    port_ = d.flasher.value("port", 0u);
    const unsigned ct = d.flasher.value("connect_timeout_s", 5u);
    opts_ = {"-o", "BatchMode=yes", "-o", "ConnectTimeout=" + std::to_string(ct)};
    // Extra client options from the descriptor (e.g. "-i", KEY), for both ssh and scp.
    for (const auto& x : d.flasher.value("ssh_options", std::vector<std::string>{})) opts_.push_back(x);
  }

  // Runs `command` on the board; throws naming the board on failure.
  std::string run(const std::string& command, const std::string& what) {
    std::vector<std::string> argv = {"ssh"};
    argv.insert(argv.end(), opts_.begin(), opts_.end());
    if (port_) argv.insert(argv.end(), {"-p", std::to_string(port_)});
    argv.insert(argv.end(), {"--", host_, command});  // "--": the host can never be read as an option
    return check(run_command(argv, std::chrono::seconds(timeout_s_), {}, honour_cancel_), "ssh", what);
  }

  // ssh -N -L 127.0.0.1:local:127.0.0.1:remote: a forward to the board's
  // loopback, running until stopped.
  std::unique_ptr<Process> forward(uint16_t local, unsigned remote, const std::string& log) {
    std::vector<std::string> argv = {"ssh", "-N", "-o", "ExitOnForwardFailure=yes"};
    argv.insert(argv.end(), opts_.begin(), opts_.end());
    if (port_) argv.insert(argv.end(), {"-p", std::to_string(port_)});
    argv.insert(argv.end(), {"-L", "127.0.0.1:" + std::to_string(local) + ":127.0.0.1:" + std::to_string(remote)});
    argv.insert(argv.end(), {"--", host_});
    return std::make_unique<Process>(argv, "", log);
  }

  const std::string& host() const { return host_; }

  void copy(const std::vector<std::string>& files, const std::string& remote_dir) {
    std::vector<std::string> argv = {"scp", "-q"};
    argv.insert(argv.end(), opts_.begin(), opts_.end());
    if (port_) argv.insert(argv.end(), {"-P", std::to_string(port_)});
    argv.push_back("--");  // nothing after this is an option, whatever it starts with
    argv.insert(argv.end(), files.begin(), files.end());
    argv.push_back(host_ + ":" + remote_dir + "/");
    check(run_command(argv, std::chrono::seconds(timeout_s_)), "scp", "copy the runner and plan");
  }

 private:
  std::string check(const RunResult& r, const std::string& tool, const std::string& what) {
    if (r.timed_out)
      throw Error("board " + d_.name + ": " + tool + " to " + host_ + " did not finish within " +
                  std::to_string(timeout_s_) + " s (" + what + ")");
    if (r.exit_code == 255 || (tool == "scp" && r.exit_code != 0 && r.err.find("onnect") != std::string::npos))
      throw Error("board " + d_.name + ": cannot reach " + host_ + " over ssh: " + last_line_with(r.err, "") +
                  ssh_error_hint(r.err, "board"));
    if (r.exit_code != 0)
      throw Error("board " + d_.name + ": " + tool + " " + host_ + " failed to " + what + " (exit " +
                  std::to_string(r.exit_code) + "): " + last_line_with(r.err + "\n" + r.out, ""));
    return r.out;
  }

  const board::Descriptor& d_;
  int timeout_s_;
  bool honour_cancel_;
  std::string host_;
  unsigned port_ = 0;
  std::vector<std::string> opts_;
};

// The last line of a (small) log file, "" if none.
std::string file_tail(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return {};
  std::string s(4096, '\0');
  s.resize(std::fread(s.data(), 1, s.size(), f));
  std::fclose(f);
  return last_line_with(s, "");
}

// A free local TCP port (bound, read, released: the forward takes it next).
uint16_t free_local_port() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  uint16_t port = 0;
  if (fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  if (fd >= 0) close(fd);
  if (port == 0) throw Error("no free local TCP port for the ssh forward");
  return port;
}

// Stops a runner left from the last deployment (it holds the port), copies
// runner and plan (first start only) and starts the runner bound to the
// board's loopback; the start command waits (up to ~10 s) until it says it
// listens, so the forward has a peer.
void start_runner(const board::Descriptor& d, int timeout_s, const std::string& dir, const std::string& runner,
                  const std::string& plan_file, bool copy, unsigned port) {
  const std::string exe = fs::path(runner).filename().string();
  Ssh ssh(d, timeout_s);
  ssh.run("mkdir -p " + dir + " && if [ -f " + dir + "/runner.pid ]; then kill $(cat " + dir +
              "/runner.pid) 2>/dev/null; sleep 0.2; fi; true",
          "prepare " + dir);
  if (copy) ssh.copy({runner, plan_file}, dir);
  ssh.run("cd " + dir + " && chmod +x " + exe + " && rm -f runner.log && (nohup ./" + exe +
              " --plan plan.bin --listen " + std::to_string(port) + " --bind 127.0.0.1 --board-id " + d.name +
              " --cpu-hz " + std::to_string(d.clock_hz) +
              " >runner.log 2>&1 </dev/null & echo $! >runner.pid) && i=0; while [ $i -lt 100 ]; do"
              " grep -q 'listening on' runner.log 2>/dev/null && exit 0; i=$((i+1)); sleep 0.1; done;"
              " tail -n 3 runner.log; exit 1",
          "start the runner");
}

// Ends the runner this deployment started (a cancelled or finished run):
// best effort, never throws, ignores a pending cancel.
void stop_runner(const board::Descriptor& d, const std::string& dir) noexcept {
  try {
    Ssh ssh(d, 10, /*honour_cancel=*/false);
    ssh.run("if [ -f " + dir + "/runner.pid ]; then kill $(cat " + dir + "/runner.pid) 2>/dev/null; rm -f " + dir +
                "/runner.pid; fi; true",
            "stop the runner");
  } catch (const std::exception&) {
  }
}

// The runner, reached through the forward this deployment owns: destroying
// it closes the forward and stops the runner (nothing is left serving).
// Recovery restarts the runner behind the same forward.
class ForwardedRunner : public Deployment {
 public:
  ForwardedRunner(std::unique_ptr<Process> fwd, uint16_t local, std::string what, std::string log,
                  std::function<void()> restart, std::function<void()> close)
      : fwd_(std::move(fwd)),
        local_(local),
        what_(std::move(what)),
        log_(std::move(log)),
        restart_(std::move(restart)),
        close_(std::move(close)) {}
  ~ForwardedRunner() override {
    fwd_->stop();
    close_();
  }
  LinkTarget link() const override { return LinkTarget{"tcp", "", 0, "127.0.0.1", local_}; }
  std::string describe() const override { return what_; }
  std::string log_tail() const override { return file_tail(log_); }
  void restart() override { restart_(); }
  bool alive() override { return fwd_->running(); }

 private:
  std::unique_ptr<Process> fwd_;
  uint16_t local_;
  std::string what_, log_;
  std::function<void()> restart_, close_;
};

}  // namespace

std::unique_ptr<Deployment> deploy_ssh(const board::Descriptor& d, const AlignedBytes& plan, const DeployOptions& o) {
  if (!have_program("ssh") || !have_program("scp"))
    throw Error("board " + d.name + ": ssh/scp not installed (apt-get install openssh-client)");
  const std::string dir = d.flasher.value("remote_dir", "/usr/local/hilbench");
  check_remote_dir(d, dir);
  const std::string runner = d.flasher.value("runner", firmware_dir() + "/hb-fw-linux-armhf");
  if (!fs::is_regular_file(runner))
    throw Error("board " + d.name + ": runner " + runner +
                " not found (build hilbench with arm-linux-gnueabihf-gcc installed: ci/setup.sh, ci/build.sh)");
  if (d.link_kind() != "tcp" || d.link.value("port", 0u) == 0)
    throw Error("board " + d.name + ": " + d.file + ": the ssh method needs a tcp link with link.port");
  const unsigned port = d.link.value("port", 0u);
  const std::string plan_file = write_plan_file(o, plan);
  start_runner(d, o.timeout_s, dir, runner, plan_file, true, port);

  Ssh ssh(d, o.timeout_s);
  const uint16_t local = free_local_port();
  fs::create_directories(o.work_dir);
  const std::string fwd_log = (fs::absolute(o.work_dir) / "ssh-forward.log").string();
  std::unique_ptr<Process> fwd = ssh.forward(local, port, fwd_log);
  // Up once the forward accepts a connection (the runner takes the next one).
  try {
    link::TcpOptions t;
    t.connect_timeout = std::chrono::milliseconds(1000);
    t.retry_delay = std::chrono::milliseconds(250);
    t.attempts = std::max(4, o.timeout_s * 4);
    if (!fwd->running()) throw Error("ssh exited");
    link::TcpTransport probe(d.name, "127.0.0.1", local, t);
  } catch (const Error& e) {
    fwd->stop();
    stop_runner(d, dir);
    std::string log = file_tail(fwd_log);
    throw Error("board " + d.name + ": no ssh forward to the runner on " + ssh.host() +
                " (127.0.0.1:" + std::to_string(port) + " there): " + e.what() + (log.empty() ? "" : "; ssh: " + log));
  }
  const board::Descriptor desc = d;
  const int timeout_s = o.timeout_s;
  return std::make_unique<ForwardedRunner>(
      std::move(fwd), local,
      d.name + " (runner started over ssh on " + ssh.host() + "), tcp 127.0.0.1:" + std::to_string(local) +
          " -> ssh -L -> " + "127.0.0.1:" + std::to_string(port) + " on the board",
      fwd_log,
      // Recovery: the runner is stopped and started again (plan and binary are in place).
      [desc, timeout_s, dir, runner, plan_file, port] {
        start_runner(desc, timeout_s, dir, runner, plan_file, false, port);
      },
      [desc, dir] { stop_runner(desc, dir); });
}

}  // namespace hb::flash
