#include "run/git_rev.h"

#include "common/subprocess.h"

namespace hb::run {

std::string git_revision() {
  try {
    const auto rev =
        run_command({"git", "-C", HB_SOURCE_DIR, "rev-parse", "--short=12", "HEAD"}, std::chrono::seconds(5));
    if (rev.exit_code != 0 || rev.out.empty()) return "unknown";
    std::string r = rev.out.substr(0, rev.out.find('\n'));
    const auto st = run_command({"git", "-C", HB_SOURCE_DIR, "status", "--porcelain", "--untracked-files=no"},
                                std::chrono::seconds(5));
    if (st.exit_code == 0 && !st.out.empty()) r += "-dirty";
    return r;
  } catch (const std::exception&) {
    return "unknown";
  }
}

}  // namespace hb::run
