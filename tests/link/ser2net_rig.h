// A board on "another host", made of real parts on loopback: the sim
// firmware (hb-fw-sim) on a pty, exported by the real ser2net twice, as a
// raw TCP port and as an RFC 2217 (telnet) port, the way a board host's
// ser2net.yaml exports a board's virtual COM port.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "common/subprocess.h"
#include "test_paths.h"

namespace hb::linktest {

namespace fs = std::filesystem;

inline const char* const kSer2net = "/usr/sbin/ser2net";

inline std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// A TCP port on 127.0.0.1 with nothing listening (bound, then released).
inline uint16_t unused_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

// Whether something listens on 127.0.0.1:port (from /proc/net/tcp: probing
// with connect() would make ser2net open the device).
inline bool listening(uint16_t port) {
  std::ifstream f("/proc/net/tcp");
  std::string line;
  char want[16];
  std::snprintf(want, sizeof want, ":%04X", port);
  while (std::getline(f, line)) {
    std::istringstream in(line);
    std::string sl, local, remote, state;
    in >> sl >> local >> remote >> state;
    if (state == "0A" && local.size() > 5 && local.substr(local.size() - 5) == want) return true;
  }
  return false;
}

// hb-fw-sim serving `plan` ("" = none) on a pty linked at dir/tty.
class SimBoard {
 public:
  SimBoard(const fs::path& dir, const std::string& plan, const std::string& board_id = "sim") : link_(dir / "tty") {
    std::vector<std::string> argv = {std::string(HB_TEST_BIN_DIR) + "/target-fw/hb-fw-sim", "--pty-link",
                                     link_.string(), "--board-id", board_id};
    if (!plan.empty()) argv.insert(argv.end(), {"--plan", plan});
    log_ = dir / "sim.log";
    proc_ = std::make_unique<Process>(argv, "", log_.string());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!fs::exists(link_)) {
      if (!proc_->running() || std::chrono::steady_clock::now() > deadline) {
        error_ = "hb-fw-sim did not start: " + slurp(log_);
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  const std::string& error() const { return error_; }
  std::string link() const { return link_.string(); }
  std::string log() const { return slurp(log_); }

 private:
  fs::path link_, log_;
  std::unique_ptr<Process> proc_;
  std::string error_;
};

// ser2net exporting `device` on 127.0.0.1: raw_port() (accepter tcp) and
// rfc2217_port() (accepter telnet(rfc2217),tcp).
class Ser2net {
 public:
  Ser2net(const fs::path& dir, const std::string& device, unsigned baud = 921600) : dir_(dir) {
    if (!fs::exists(kSer2net)) {
      error_ = "ser2net not installed (ci/setup.sh installs it)";
      return;
    }
    raw_ = unused_port();
    do rfc_ = unused_port();
    while (rfc_ == raw_);
    const std::string connector = "serialdev," + device + "," + std::to_string(baud) + "n81,local";
    std::ofstream(dir / "ser2net.yaml")
        << "%YAML 1.1\n---\n"
        << "connection: &board-raw\n  accepter: tcp(nodelay),127.0.0.1," << raw_ << "\n  connector: " << connector
        << "\n"
        << "connection: &board-rfc2217\n  accepter: telnet(rfc2217),tcp(nodelay),127.0.0.1," << rfc_
        << "\n  connector: " << connector << "\n";
    // -n: stay in the foreground (we stop it); -u: no UUCP lock files in
    // /var/lock for the pty (they would outlive a killed test).
    proc_ =
        std::make_unique<Process>(std::vector<std::string>{kSer2net, "-n", "-u", "-c", (dir / "ser2net.yaml").string(),
                                                           "-P", (dir / "ser2net.pid").string()},
                                  (dir / "ser2net.out").string(), (dir / "ser2net.log").string());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!(listening(raw_) && listening(rfc_))) {
      if (!proc_->running() || std::chrono::steady_clock::now() > deadline) {
        error_ = "ser2net did not start: " + slurp(dir / "ser2net.log");
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  ~Ser2net() { stop(); }
  void stop() {
    if (proc_) proc_->stop();
  }
  const std::string& error() const { return error_; }
  uint16_t raw_port() const { return raw_; }
  uint16_t rfc2217_port() const { return rfc_; }
  std::string log() const { return slurp(dir_ / "ser2net.log"); }

 private:
  fs::path dir_;
  uint16_t raw_ = 0, rfc_ = 0;
  std::unique_ptr<Process> proc_;
  std::string error_;
};

}  // namespace hb::linktest
