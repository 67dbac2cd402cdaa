#include "common/error.h"
#include "common/install_paths.h"
#include "flash/deployment.h"
#include "flash/qemu_flasher.h"

#include <optional>

#include "board/footprint.h"

namespace hb::flash {

// Real-board drivers (openocd_flasher.cpp, pyocd_flasher.cpp, ssh_flasher.cpp).
std::unique_ptr<Deployment> deploy_openocd(const board::Descriptor& d, const AlignedBytes& plan,
                                           const DeployOptions& o);
std::unique_ptr<Deployment> deploy_pyocd(const board::Descriptor& d, const AlignedBytes& plan, const DeployOptions& o);
std::unique_ptr<Deployment> deploy_ssh(const board::Descriptor& d, const AlignedBytes& plan, const DeployOptions& o);
std::unique_ptr<Deployment> deploy_none(const board::Descriptor& d);  // none_flasher.cpp

std::string firmware_dir() {
  if (const char* env = std::getenv("HILBENCH_FW_DIR"); env && *env) return env;
  return firmware_root();  // installed, else the build tree
}

std::unique_ptr<Deployment> deploy(const board::Descriptor& d, const AlignedBytes& plan, const DeployOptions& o) {
  if (plan.size() > d.plan_max_bytes)
    throw Error("board " + d.name + ": model plan is " + std::to_string(plan.size()) +
                " bytes, the plan region holds " + std::to_string(d.plan_max_bytes));
  // A model the board's memory cannot hold is refused before anything is
  // flashed; a plan the engine rejects is left to the firmware to report.
  std::optional<board::ModelNeeds> needs;
  try {
    needs = board::model_needs(plan);
  } catch (const Error&) {
  }
  if (needs) board::check_fits(d, *needs);
  const std::string m = d.flash_method();
  if (m == "exec") return deploy_exec(d, plan, o);
  if (m == "qemu") return deploy_qemu(d, plan, o);
  if (m == "openocd") return deploy_openocd(d, plan, o);
  if (m == "pyocd") return deploy_pyocd(d, plan, o);
  if (m == "ssh") return deploy_ssh(d, plan, o);
  if (m == "none") return deploy_none(d);
  throw Error("board " + d.name + ": flash method '" + m + "' is not available in this build yet");
}

}  // namespace hb::flash
