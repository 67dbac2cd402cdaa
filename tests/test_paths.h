// Where tests find shared data and built binaries.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

namespace hb::test {

// $HB_SHARED_DIR overrides the configured path (e.g. a missing folder, to see
// that every test needing it skips cleanly).
inline std::filesystem::path shared_dir() {
  if (const char* e = std::getenv("HB_SHARED_DIR"); e && *e) return std::filesystem::path(e);
  return std::filesystem::path(HB_SHARED_DIR);
}
inline bool have_shared() { return std::filesystem::is_directory(shared_dir() / "golden"); }

// Path of a model in ../shared/models (searches every subfolder), or "" if absent.
inline std::string shared_model(const std::string& file) {
  if (!std::filesystem::is_directory(shared_dir() / "models")) return {};
  for (auto& e : std::filesystem::recursive_directory_iterator(shared_dir() / "models"))
    if (e.path().filename() == file) return e.path().string();
  return {};
}

}  // namespace hb::test

#define HB_REQUIRE_SHARED()                                                         \
  do {                                                                              \
    if (!hb::test::have_shared()) GTEST_SKIP() << "../shared not present: skipped"; \
  } while (0)
