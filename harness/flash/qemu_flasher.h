// The "qemu" flash driver (qemu_flasher.cpp): starts qemu-system-arm with
// the board's firmware ELF and the plan, returns its UART0 as a TCP link.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "flash/deployment.h"

namespace hb::flash {

// What the firmware may reach on the host through QEMU. The QEMU boards need
// semihosting for the host clock (retransmission timeouts), the console and
// exit-on-fault; QEMU 7.2 cannot filter semihosting calls, so QEMU runs in
// its seccomp sandbox with spawn=deny: a guest SYS_SYSTEM (fork/exec) kills
// QEMU (SIGSYS) before any host command runs. userspace=off: unprivileged
// guest code gets no semihosting at all. Host files stay reachable through
// SYS_OPEN (README: "QEMU semihosting").
std::vector<std::string> qemu_guest_limits();

std::unique_ptr<Deployment> deploy_qemu(const board::Descriptor& d, const AlignedBytes& plan, const DeployOptions& o);

}  // namespace hb::flash
