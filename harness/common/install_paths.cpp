#include "common/install_paths.h"

#include <filesystem>

namespace hb {

namespace fs = std::filesystem;

std::optional<std::string> installed_data_dir() {
  // Resolved once: the executable does not move while it runs.
  static const std::optional<std::string> dir = []() -> std::optional<std::string> {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec) return std::nullopt;
    const fs::path share = exe.parent_path().parent_path() / "share" / "hilbench";
    if (exe.parent_path().filename() != "bin" || !fs::is_directory(share / "boards", ec)) return std::nullopt;
    return share.string();
  }();
  return dir;
}

std::string boards_root() {
  if (auto d = installed_data_dir()) return *d + "/boards";
  return std::string(HB_SOURCE_DIR) + "/boards";
}

std::string models_root() {
  if (auto d = installed_data_dir()) return *d + "/models";
  return std::string(HB_SOURCE_DIR) + "/models";
}

std::string firmware_root() {
  if (auto d = installed_data_dir()) return *d + "/firmware";
  return std::string(HB_BINARY_DIR) + "/target-fw";
}

}  // namespace hb
