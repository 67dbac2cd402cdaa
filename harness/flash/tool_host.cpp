#include "flash/tool_host.h"

#include <algorithm>
#include <filesystem>

#include "common/error.h"

namespace hb::flash {

// openocd_flasher.cpp
std::string last_line_with(const std::string& text, const std::string& needle);

namespace {

namespace fs = std::filesystem;

// Time ssh needs besides the tool: connecting, and timeout(1)'s kill grace.
constexpr int kKillGraceS = 5;
constexpr int kSshMarginS = 15;

std::vector<std::string> client_options(const SshEndpoint& e) {
  std::vector<std::string> v = {"-o", "BatchMode=yes", "-o", "ConnectTimeout=" + std::to_string(e.connect_timeout_s)};
  v.insert(v.end(), e.options.begin(), e.options.end());
  return v;
}

// A remote path goes into scp's host:path and the tools' arguments: allow only
// what needs no quoting anywhere.
bool plain_path(const std::string& p) {
  return !p.empty() && p[0] == '/' &&
         p.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-") == std::string::npos;
}

}  // namespace

std::string ssh_error_hint(const std::string& err, const std::string& peer) {
  if (err.find("Host key verification failed") != std::string::npos)
    return " (unknown host key: log in once by hand to accept it)";
  if (err.find("Permission denied") != std::string::npos)
    return " (key login needed, no passwords in batch mode: ssh-copy-id)";
  if (err.find("scp: Connection closed") != std::string::npos)
    return " (scp uses SFTP since OpenSSH 9.0: does the " + peer + "'s sshd have its sftp subsystem?)";
  return " (is the " + peer + " up and reachable?)";
}

SshEndpoint via_ssh_endpoint(const board::Descriptor& d) {
  SshEndpoint e;
  e.host = d.flasher.value("via_ssh", "");
  e.port = d.flasher.value("ssh_port", 0u);
  e.options = d.flasher.value("ssh_options", std::vector<std::string>{});
  e.connect_timeout_s = d.flasher.value("connect_timeout_s", 5u);
  return e;
}

std::string shell_quote(const std::string& arg) {
  if (arg.find('\0') != std::string::npos) throw Error("an argument with a NUL byte cannot go to a remote shell");
  std::string q = "'";
  for (char c : arg) {
    if (c == '\'')
      q += "'\\''";  // close the quote, an escaped quote, reopen
    else
      q += c;
  }
  return q + "'";
}

std::vector<std::string> ssh_command(const SshEndpoint& e, const std::vector<std::string>& remote_argv) {
  std::vector<std::string> argv = {"ssh", "-T"};
  const auto opts = client_options(e);
  argv.insert(argv.end(), opts.begin(), opts.end());
  if (e.port) argv.insert(argv.end(), {"-p", std::to_string(e.port)});
  argv.insert(argv.end(), {"--", e.host});
  for (const auto& a : remote_argv) argv.push_back(shell_quote(a));
  return argv;
}

std::vector<std::string> scp_command(const SshEndpoint& e, const std::vector<std::string>& files,
                                     const std::string& remote_dir) {
  std::vector<std::string> argv = {"scp", "-q"};
  const auto opts = client_options(e);
  argv.insert(argv.end(), opts.begin(), opts.end());
  if (e.port) argv.insert(argv.end(), {"-P", std::to_string(e.port)});
  argv.push_back("--");
  argv.insert(argv.end(), files.begin(), files.end());
  argv.push_back(e.host + ":" + remote_dir + "/");
  return argv;
}

ToolHost::ToolHost(const board::Descriptor& d, const DeployOptions&) : board_(d.name) {
  remote_ = d.flasher.contains("via_ssh");
  if (!remote_) return;
  ssh_ = via_ssh_endpoint(d);
  if (ssh_.host.empty() || ssh_.host[0] == '-')
    throw Error("board " + d.name + ": " + d.file + ": field 'flash.via_ssh' must be \"user@host\"");
  remote_dir_ = d.flasher.value("remote_dir", "/tmp/hilbench-" + d.name);
  if (!plain_path(remote_dir_))
    throw Error("board " + d.name + ": " + d.file +
                ": field 'flash.remote_dir' must be an absolute plain path (letters, digits, _ . / -)");
  if (!have_program("ssh") || !have_program("scp"))
    throw Error("board " + d.name + ": ssh/scp not installed (apt-get install openssh-client)");
}

bool ToolHost::have(const std::string& program) {
  if (!remote_) return have_program(program);
  // `command -v` is the POSIX shell's own lookup, as the tool's run will do.
  const RunResult r = ssh({"command", "-v", program}, std::chrono::seconds(30), "look for " + program);
  return r.exit_code == 0;
}

std::string ToolHost::file(const std::string& path) {
  if (!remote_) return path;
  const std::string name = fs::path(path).filename().string();
  for (const auto& s : staged_)
    if (s != path && fs::path(s).filename() == name)
      throw Error("board " + board_ + ": " + path + " and " + s + " would both be " + remote_dir_ + "/" + name +
                  " on " + ssh_.host);
  if (std::find(staged_.begin(), staged_.end(), path) == staged_.end()) staged_.push_back(path);
  return remote_dir_ + "/" + name;
}

void ToolHost::upload() {
  if (!remote_ || staged_.empty()) return;
  const RunResult m = ssh({"mkdir", "-p", "--", remote_dir_}, std::chrono::seconds(30), "create " + remote_dir_);
  if (m.exit_code != 0)
    throw Error("board " + board_ + ": cannot create " + remote_dir_ + " on " + ssh_.host + ": " +
                last_line_with(m.err, ""));
  const int timeout_s = 60 + static_cast<int>(ssh_.connect_timeout_s);
  const RunResult r = run_command(scp_command(ssh_, staged_, remote_dir_), std::chrono::seconds(timeout_s));
  if (r.timed_out)
    throw Error("board " + board_ + ": scp to " + ssh_.host + " did not finish within " + std::to_string(timeout_s) +
                " s");
  if (r.exit_code != 0)
    throw Error("board " + board_ + ": scp to " + ssh_.host + " failed (exit " + std::to_string(r.exit_code) +
                "): " + last_line_with(r.err, "") + ssh_error_hint(r.err, "board host"));
  staged_.clear();
}

RunResult ToolHost::run(const std::vector<std::string>& argv, std::chrono::seconds timeout) {
  if (!remote_) return run_command(argv, timeout);
  // timeout(1) on the board host stops the tool as the local timeout would:
  // SIGTERM, then SIGKILL after a grace. ssh itself gets a margin beyond.
  std::vector<std::string> remote = {"timeout", "-k", std::to_string(kKillGraceS), std::to_string(timeout.count())};
  remote.insert(remote.end(), argv.begin(), argv.end());
  RunResult r = ssh(remote, timeout + std::chrono::seconds(kKillGraceS + kSshMarginS + ssh_.connect_timeout_s),
                    "run " + argv.at(0));
  if (r.exit_code == 124) {  // timeout(1): the tool overran
    r.timed_out = true;
    r.exit_code = -1;
  } else if (r.exit_code == 126 || r.exit_code == 127) {  // timeout(1): cannot run / no such program
    throw Error("board " + board_ + ": cannot run " + argv.at(0) + " on " + ssh_.host + ": " +
                last_line_with(r.err, ""));
  }
  return r;
}

RunResult ToolHost::ssh(const std::vector<std::string>& remote_argv, std::chrono::seconds timeout,
                        const std::string& what) {
  const RunResult r = run_command(ssh_command(ssh_, remote_argv), timeout);
  if (r.timed_out)
    throw Error("board " + board_ + ": ssh to " + ssh_.host + " did not finish within " +
                std::to_string(timeout.count()) + " s (" + what + ")");
  if (r.exit_code == 255)
    throw Error("board " + board_ + ": cannot reach " + ssh_.host + " over ssh: " + last_line_with(r.err, "") +
                ssh_error_hint(r.err, "board host"));
  return r;
}

}  // namespace hb::flash
