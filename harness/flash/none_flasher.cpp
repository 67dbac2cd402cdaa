// The "none" driver: the board was flashed by someone else (another lab
// tool, a person, a CI job on its board host) and is only reached over its
// link, typically ser2net on the board host. Nothing is written to it; the
// run's HELLO/INFO check (run/runner.cpp) refuses it, naming both models,
// when it does not run the requested one.
#include "flash/deployment.h"

namespace hb::flash {

// openocd_flasher.cpp
std::unique_ptr<Deployment> flashed_board(const board::Descriptor& d, const std::string& how);

std::unique_ptr<Deployment> deploy_none(const board::Descriptor& d) {
  return flashed_board(d, "flashed by someone else");
}

}  // namespace hb::flash
