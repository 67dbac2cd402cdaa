// Flashers: put the hilbench firmware and a model plan on a board (or start
// an emulated one) and say where its protocol link is. One driver per
// "flash.method" of the board descriptor; the caller never looks at the
// board's name.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "board/descriptor.h"
#include "common/aligned_bytes.h"

namespace hb::flash {

// Where the board's protocol link can be opened once it runs.
struct LinkTarget {
  std::string kind;   // "serial" (tty or pty path), "tcp" or "rfc2217" (ser2net)
  std::string path;   // serial: device path
  unsigned baud = 0;  // serial, rfc2217: the board UART's rate
  std::string host;   // tcp, rfc2217
  uint16_t port = 0;
};

struct DeployOptions {
  std::string work_dir;  // scratch folder for plan files, logs (created if missing)
  int timeout_s = 60;    // for each external tool
};

// A running board. Destroying it stops what the deployment started
// (emulator, sim process); a real board is left running.
class Deployment {
 public:
  virtual ~Deployment() = default;
  virtual LinkTarget link() const = 0;
  virtual std::string describe() const = 0;  // "sim pid 1234 on /tmp/x/tty"
  // Last lines of the board's own log (emulator stderr), for error messages.
  virtual std::string log_tail() const { return {}; }
  // Brings a board that stopped answering back to a fresh start with the same
  // firmware and plan: a local program or emulator is restarted, a real board
  // reset through its probe, a Linux board's runner restarted over ssh.
  // link() may change (a new port): read it again. Throws hb::Error naming
  // the board and the tool; hb::Cancelled on a signal.
  virtual void restart() = 0;
  // False once a process this deployment started has exited by itself (the
  // board crashed); a real board cannot tell and says true.
  virtual bool alive() { return true; }
};

// Throws hb::Error naming the board and the tool on failure (tool missing,
// no probe, timeout, process exited).
std::unique_ptr<Deployment> deploy(const board::Descriptor& d, const AlignedBytes& plan, const DeployOptions& o);

// The exec driver (sim board): runs the firmware built for the host.
std::unique_ptr<Deployment> deploy_exec(const board::Descriptor& d, const AlignedBytes& plan, const DeployOptions& o);

// Folder holding the firmware binaries of this build ($HILBENCH_FW_DIR, else
// <build>/target-fw).
std::string firmware_dir();

}  // namespace hb::flash
