#include "data/scan.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "common/error.h"

namespace fs = std::filesystem;

namespace hb::data {
namespace {

bool hidden(const std::string& name) { return name.empty() || name[0] == '.'; }

std::vector<std::string> list(const std::string& dir, bool want_dirs) {
  std::vector<std::string> out;
  std::error_code ec;
  fs::directory_iterator it(dir, ec), end;
  if (ec) throw Error(dir + ": cannot list directory: " + ec.message());
  for (; it != end; it.increment(ec)) {
    if (ec) throw Error(dir + ": cannot list directory: " + ec.message());
    const std::string name = it->path().filename().string();
    if (hidden(name)) continue;
    std::error_code sec;  // status() follows symlinks, like os.walk(followlinks=True) in Keras
    const bool is_dir = fs::is_directory(it->status(sec));
    const bool is_file = fs::is_regular_file(it->status(sec));
    if (want_dirs ? is_dir : is_file) out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

void walk(const std::string& dir, const std::string& prefix, const std::function<bool(const std::string&)>& keep,
          std::vector<std::string>& out, int depth) {
  // A symlink loop would otherwise recurse forever.
  if (depth > 32) throw Error(dir + ": directory nesting too deep (symlink loop?)");
  for (const auto& f : list(dir, false))
    if (keep(f)) out.push_back(prefix + f);
  for (const auto& d : list(dir, true)) walk(join_path(dir, d), prefix + d + "/", keep, out, depth + 1);
}

}  // namespace

std::vector<std::string> list_subdirs(const std::string& dir) { return list(dir, true); }
std::vector<std::string> list_files(const std::string& dir) { return list(dir, false); }

std::vector<std::string> walk_files(const std::string& dir, const std::function<bool(const std::string&)>& keep) {
  std::vector<std::string> out;
  walk(dir, "", keep, out, 0);
  std::sort(out.begin(), out.end());
  return out;
}

std::string join_path(const std::string& dir, const std::string& rel) {
  if (dir.empty()) return rel;
  return dir.back() == '/' ? dir + rel : dir + "/" + rel;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

bool ends_with_ci(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && lower(s.substr(s.size() - suffix.size())) == lower(suffix);
}

}  // namespace hb::data
