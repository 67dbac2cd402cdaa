// A private OpenSSH server on a loopback port (its own host key, one
// authorised key; "other_key" is a key it does not know), standing in for a
// board host or a Linux board in the ssh tests.
#pragma once

#include <pwd.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "boards/boards_test_util.h"
#include "common/subprocess.h"

namespace hb::boardtest {

inline const char* const kSshd = "/usr/sbin/sshd";

class LocalSshd {
 public:
  explicit LocalSshd(const fs::path& dir) : dir_(dir) {
    for (const char* k : {"host_key", "user_key", "other_key"}) {
      const RunResult r = run_command({"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", (dir / k).string()},
                                      std::chrono::seconds(30));
      if (r.exit_code != 0) {
        error_ = "ssh-keygen: " + r.err;
        return;
      }
    }
    write_text(dir / "authorized_keys", read_text(dir / "user_key.pub"));
    port_ = free_port();
    write_text(dir / "sshd_config", "Port " + std::to_string(port_) + "\nListenAddress 127.0.0.1\nHostKey " +
                                        (dir / "host_key").string() + "\nPidFile " + (dir / "sshd.pid").string() +
                                        "\nAuthorizedKeysFile " + (dir / "authorized_keys").string() +
                                        "\nStrictModes no\nUsePAM no\nPasswordAuthentication no\n"
                                        "KbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\n"
                                        // scp speaks SFTP since OpenSSH 9.0, as a stock sshd serves it
                                        "Subsystem sftp /usr/lib/openssh/sftp-server\n");
    std::error_code ec;
    fs::create_directories("/run/sshd", ec);  // OpenSSH's privilege separation directory
    proc_ = std::make_unique<Process>(std::vector<std::string>{kSshd, "-D", "-e", "-f", (dir / "sshd_config").string()},
                                      "", (dir / "sshd.log").string());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline && proc_->running()) {
      if (read_text(dir / "sshd.log").find("Server listening on 127.0.0.1") != std::string::npos) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    error_ = "sshd did not start: " + read_text(dir / "sshd.log");
  }
  ~LocalSshd() {
    if (proc_) proc_->stop();
  }
  const std::string& error() const { return error_; }
  uint16_t port() const { return port_; }

 private:
  fs::path dir_;
  uint16_t port_ = 0;
  std::unique_ptr<Process> proc_;
  std::string error_;
};

inline std::string user_name() {
  const passwd* pw = getpwuid(geteuid());
  return pw ? pw->pw_name : "root";
}

// Client options for the loopback sshd: its host key is new every time.
inline std::vector<std::string> loopback_ssh_options(const std::string& key) {
  return {"-i", key, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR"};
}

}  // namespace hb::boardtest
