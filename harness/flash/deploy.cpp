#include "common/error.h"
#include "flash/deployment.h"

namespace hb::flash {

std::string firmware_dir() {
  if (const char* env = std::getenv("HILBENCH_FW_DIR"); env && *env) return env;
  return std::string(HB_BINARY_DIR) + "/target-fw";
}

std::unique_ptr<Deployment> deploy(const board::Descriptor& d, const AlignedBytes& plan, const DeployOptions& o) {
  if (plan.size() > d.plan_max_bytes)
    throw Error("board " + d.name + ": model plan is " + std::to_string(plan.size()) + " bytes, the plan region holds " +
                std::to_string(d.plan_max_bytes));
  const std::string m = d.flash_method();
  if (m == "exec") return deploy_exec(d, plan, o);
  throw Error("board " + d.name + ": flash method '" + m + "' is not available in this build yet");
}

}  // namespace hb::flash
