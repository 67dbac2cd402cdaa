// The "ssh" driver, for a Linux board (STM32MP157F-DK2's Cortex-A7): copies
// the runner (ports/linux, built for armhf) and the model plan to
// flash.remote_dir on flash.host, starts the runner there serving the
// protocol on TCP link.port, and hands back that endpoint. Key-based login
// only (BatchMode=yes: never a password prompt); every ssh/scp run has a
// connect timeout and an overall timeout.
#include <chrono>
#include <filesystem>

#include "common/error.h"
#include "common/subprocess.h"
#include "flash/deployment.h"
#include "flash/flashed_board.h"
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

std::string hint(const std::string& err) {
  if (err.find("Host key verification failed") != std::string::npos)
    return " (unknown host key: log in once by hand to accept it)";
  if (err.find("Permission denied") != std::string::npos)
    return " (key login needed, no passwords in batch mode: ssh-copy-id)";
  if (err.find("scp: Connection closed") != std::string::npos)
    return " (scp uses SFTP since OpenSSH 9.0: does the board's sshd have its sftp subsystem?)";
  return " (is the board up and reachable?)";
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
    argv.insert(argv.end(), {host_, command});
    return check(run_command(argv, std::chrono::seconds(timeout_s_), {}, honour_cancel_), "ssh", what);
  }

  void copy(const std::vector<std::string>& files, const std::string& remote_dir) {
    std::vector<std::string> argv = {"scp", "-q"};
    argv.insert(argv.end(), opts_.begin(), opts_.end());
    if (port_) argv.insert(argv.end(), {"-P", std::to_string(port_)});
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
                  hint(r.err));
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

// Stops a runner left from the last deployment, copies runner and plan
// (first start only), starts it and waits until it serves.
void start_runner(const board::Descriptor& d, const DeployOptions& o, const std::string& dir, const std::string& runner,
                  const std::string& plan_file, bool copy, unsigned port) {
  const std::string exe = fs::path(runner).filename().string();
  Ssh ssh(d, o.timeout_s);
  // Stop a runner left from the last deployment (it holds the port).
  ssh.run("mkdir -p " + dir + " && if [ -f " + dir + "/runner.pid ]; then kill $(cat " + dir +
              "/runner.pid) 2>/dev/null; sleep 0.2; fi; true",
          "prepare " + dir);
  if (copy) ssh.copy({runner, plan_file}, dir);
  ssh.run("cd " + dir + " && chmod +x " + exe + " && (nohup ./" + exe + " --plan plan.bin --listen " +
              std::to_string(port) + " --board-id " + d.name + " --cpu-hz " + std::to_string(d.clock_hz) +
              " >runner.log 2>&1 </dev/null & echo $! >runner.pid)",
          "start the runner");

  // Serving once it accepts a connection (the runner takes the next one).
  const std::string host = d.link.value("host", "");
  try {
    link::TcpOptions t;
    t.connect_timeout = std::chrono::milliseconds(1000);
    t.retry_delay = std::chrono::milliseconds(500);
    t.attempts = std::max(1, o.timeout_s * 2 / 3);
    link::TcpTransport probe(d.name, host, static_cast<uint16_t>(port), t);
  } catch (const Error& e) {
    std::string log;
    try {
      log = ssh.run("tail -n 3 " + dir + "/runner.log", "read runner.log");
    } catch (const Error&) {
    }
    throw Error("board " + d.name + ": the runner on " + d.flasher.value("host", "") + " does not serve on " + host +
                ":" + std::to_string(port) + ": " + e.what() + (log.empty() ? "" : "; runner.log: " + log));
  }
}

// Ends the runner this deployment started (on a cancelled or finished run):
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

  start_runner(d, o, dir, runner, plan_file, true, port);
  // Recovery: the runner is stopped and started again (plan and binary are in place).
  const board::Descriptor desc = d;
  auto board = flashed_board(
      d, "runner started over ssh on " + d.flasher.value("host", ""),
      [desc, o, dir, runner, plan_file, port] { start_runner(desc, o, dir, runner, plan_file, false, port); });
  board->on_close([desc, dir] { stop_runner(desc, dir); });
  return board;
}

}  // namespace hb::flash
