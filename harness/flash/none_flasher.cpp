// The "none" driver: the board was flashed by someone else (another lab
// tool, a person, a CI job on its board host) and is only reached over its
// link, typically ser2net on the board host. Nothing is written to it; the
// run's HELLO/INFO check (run/board_run.cpp) refuses it, naming both models,
// when it does not run the requested one.
#include "common/error.h"
#include "flash/flashed_board.h"

namespace hb::flash {

std::unique_ptr<Deployment> deploy_none(const board::Descriptor& d) {
  const std::string name = d.name;
  // No probe and no tool of ours reaches it: a board that stops answering
  // cannot be recovered from here (its own watchdog may still reset it).
  return flashed_board(d, "flashed by someone else", [name] {
    throw Error("board " + name + ": flash.method is none: hilbench cannot reset it", kExitInfra);
  });
}

}  // namespace hb::flash
