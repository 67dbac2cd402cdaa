// The "qemu" flash driver (qemu_flasher.cpp): starts qemu-system-arm with
// the board's firmware ELF and the plan, returns its UART0 as a TCP link.
#pragma once

#include <memory>

#include "flash/deployment.h"

namespace hb::flash {

std::unique_ptr<Deployment> deploy_qemu(const board::Descriptor& d, const AlignedBytes& plan, const DeployOptions& o);

}  // namespace hb::flash
