// The "qemu" driver: an emulated Cortex-M board. QEMU loads the firmware
// ELF, and the model plan at the board's plan address with its generic
// loader device (one ELF serves every model), and serves UART0 on a local
// TCP port. -icount makes the guest's SysTick count instructions, so timing
// is deterministic; semihosting gives the firmware the host clock and lets a
// fault end QEMU with a message (and nothing more that runs on the host:
// qemu_guest_limits).
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "common/cancel.h"
#include "common/error.h"
#include "common/file_io.h"
#include "common/subprocess.h"
#include "flash/qemu_flasher.h"

namespace hb::flash {

std::vector<std::string> qemu_guest_limits() {
  return {"-sandbox", "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny", "-semihosting-config",
          "enable=on,target=native,userspace=off"};
}
namespace {

namespace fs = std::filesystem;

std::string read_text(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(f)), {});
}

// Last lines of QEMU's output on one line, without the lines every start
// prints (they would crowd out the one that says what went wrong).
std::string tail_of(const std::string& text, size_t max_bytes = 600) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    std::string line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (line.empty() || line.find("QEMU waiting for connection") != std::string::npos ||
        line.find("icount sleep disabled") != std::string::npos || line.find("has no peer") != std::string::npos)
      continue;
    if (!out.empty()) out += " | ";
    out += line;
  }
  if (out.size() > max_bytes) out = "..." + out.substr(out.size() - max_bytes);
  return out;
}

// A port nobody listens on right now. QEMU binds it a moment later; a
// clash with another process in between makes QEMU exit, and we retry.
uint16_t free_local_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw Error("cannot create a socket to pick a free TCP port");
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t len = sizeof a;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    ::close(fd);
    throw Error("cannot bind a local TCP port");
  }
  ::close(fd);
  return ntohs(a.sin_port);
}

std::string hex(uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

// flash.firmware (a path, or a file name in the firmware folder), else
// hb-fw-<port>.elf: in firmware_dir() (where the build copies the images),
// or in the cross build's own folder for the board's CPU.
std::string firmware_elf(const board::Descriptor& d) {
  const std::string name = d.flasher.value("firmware", "hb-fw-" + d.port + ".elf");
  if (name.find('/') != std::string::npos) {
    if (!fs::exists(name)) throw Error("board " + d.name + ": firmware " + name + " not found");
    return name;
  }
  const std::vector<std::string> candidates{firmware_dir() + "/" + name,
                                            std::string(HB_BINARY_DIR) + "/fw/" + d.core + "/" + name};
  for (const auto& c : candidates)
    if (fs::exists(c)) return c;
  throw Error("board " + d.name + ": firmware " + name + " not found in " + candidates[0] + " or " + candidates[1] +
              " (build hilbench with the cross toolchain: ci/build.sh)");
}

class QemuDeployment : public Deployment {
 public:
  QemuDeployment(const board::Descriptor& d, const AlignedBytes& plan, const DeployOptions& o)
      : board_(d), timeout_s_(o.timeout_s) {
    const std::string binary = d.flasher.value("binary", "qemu-system-arm");
    const std::string machine = d.flasher.value("machine", "");
    if (machine.empty()) throw Error("board " + d.name + ": " + d.file + " has no flash.machine for QEMU");
    if (!have_program(binary))
      throw Error("board " + d.name + ": " + binary + " not installed (apt-get install qemu-system-arm)");
    const std::string elf = firmware_elf(d);

    fs::create_directories(o.work_dir);
    const std::string plan_path = o.work_dir + "/plan.bin";
    write_file_atomic(plan_path, plan.data(), plan.size());
    log_path_ = o.work_dir + "/qemu.log";
    out_path_ = o.work_dir + "/qemu.out";

    binary_ = binary;
    machine_ = machine;
    elf_ = elf;
    plan_path_ = plan_path;
    start();
  }

  ~QemuDeployment() override {
    if (proc_) proc_->stop();
  }
  // A new QEMU from the same ELF and plan: a cold boot.
  void restart() override {
    if (proc_) proc_->stop(std::chrono::milliseconds(500));
    proc_.reset();
    start();
  }
  bool alive() override { return proc_ && proc_->running(); }

  LinkTarget link() const override { return LinkTarget{"tcp", "", 0, "127.0.0.1", port_}; }
  std::string describe() const override {
    return board_.name + " (qemu pid " + std::to_string(proc_->pid()) + ", tcp 127.0.0.1:" + std::to_string(port_) +
           ")";
  }
  std::string log_tail() const override { return tail_of(read_text(out_path_) + read_text(log_path_)); }

 private:
  void start() {
    // A port taken between our probe and QEMU's bind makes QEMU exit at
    // once: pick another.
    std::string last_error;
    for (int attempt = 0; attempt < 3; ++attempt) {
      port_ = free_local_port();
      const std::vector<std::string> argv{
          binary_, "-M", machine_, "-display", "none", "-monitor", "none", "-nodefaults",
          // 1 guest instruction = 1 ns of virtual time, never slowed to host time
          // nor advanced while the guest sleeps: SysTick counts instructions.
          "-icount", "shift=0,align=off,sleep=off", "-kernel", elf_, "-device",
          "loader,file=" + plan_path_ + ",addr=" + hex(board_.plan_address),
          // wait=on: the guest starts only when we connect, so no output is lost.
          "-serial", "tcp:127.0.0.1:" + std::to_string(port_) + ",server=on,wait=on,nodelay=on"};
      std::vector<std::string> full = argv;
      const std::vector<std::string> limits = qemu_guest_limits();
      full.insert(full.begin() + 1, limits.begin(), limits.end());
      proc_ = std::make_unique<Process>(full, out_path_, log_path_);
      if (wait_listening(board_, timeout_s_, &last_error)) return;
      proc_.reset();
      if (last_error.find("ddress already in use") == std::string::npos) break;
    }
    throw Error(last_error);
  }

  // QEMU says when its chardev server waits for the client (wait=on).
  bool wait_listening(const board::Descriptor& d, int timeout_s, std::string* error) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
    for (;;) {
      if (read_text(log_path_).find("waiting for connection") != std::string::npos) return true;
      if (!proc_->running()) {
        *error = "board " + d.name + ": qemu-system-arm -M " + d.flasher.value("machine", "") + " exited with code " +
                 std::to_string(proc_->exit_code()) + ": " + log_tail();
        return false;
      }
      if (std::chrono::steady_clock::now() > deadline) {
        *error = "board " + d.name + ": qemu-system-arm did not open its serial port within " +
                 std::to_string(timeout_s) + " s: " + log_tail();
        return false;
      }
      throw_if_cancelled();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

  board::Descriptor board_;
  int timeout_s_ = 60;
  std::string binary_, machine_, elf_, plan_path_;
  std::string log_path_, out_path_;
  uint16_t port_ = 0;
  std::unique_ptr<Process> proc_;
};

}  // namespace

std::unique_ptr<Deployment> deploy_qemu(const board::Descriptor& d, const AlignedBytes& plan, const DeployOptions& o) {
  return std::make_unique<QemuDeployment>(d, plan, o);
}

}  // namespace hb::flash
