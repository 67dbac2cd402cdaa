// The ci/ scripts the README's second command relies on, run for real:
// check-format.sh in an unpacked archive (no git on PATH, no .git), and
// skip-summary.py on the JUnit file a real ctest writes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/subprocess.h"
#include "temp_dir.h"

namespace fs = std::filesystem;

namespace {

const fs::path kCi = fs::path(HB_SOURCE_DIR) / "ci";

// A PATH holding only the tools check-format.sh may use: git is not among them.
fs::path path_without_git(const fs::path& dir) {
  fs::create_directories(dir);
  for (const char* tool : {"bash", "clang-format", "find", "sed", "sort", "wc", "dirname"}) {
    const auto w = hb::run_command({"bash", "-c", std::string("command -v ") + tool}, std::chrono::seconds(10));
    if (w.exit_code != 0) continue;
    fs::create_symlink(w.out.substr(0, w.out.find('\n')), dir / tool);
  }
  return dir;
}

TEST(CiScripts, CheckFormatWorksWithoutGit) {
  if (!hb::have_program("clang-format")) GTEST_SKIP() << "clang-format not installed";
  hb::test::TempDir tmp;
  const fs::path tree = tmp / "unpacked";
  fs::create_directories(tree / "ci");
  fs::create_directories(tree / "src");
  fs::create_directories(tree / "build/x");
  fs::copy_file(kCi / "check-format.sh", tree / "ci/check-format.sh");
  fs::copy_file(fs::path(HB_SOURCE_DIR) / ".clang-format", tree / ".clang-format");
  std::ofstream(tree / "src/good.cpp") << "int f() { return 1; }\n";
  std::ofstream(tree / "build/x/ignored.cpp") << "int   g( ) {return 2;}\n";  // build folders are not sources
  const std::string path = "PATH=" + path_without_git(tmp / "bin").string();
  auto ok = hb::run_command({"env", path, "bash", (tree / "ci/check-format.sh").string()}, std::chrono::seconds(120));
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("1 files formatted"), std::string::npos) << ok.out;
  std::ofstream(tree / "src/bad.cpp") << "int   h( ) {return 3;}\n";
  auto bad = hb::run_command({"env", path, "bash", (tree / "ci/check-format.sh").string()}, std::chrono::seconds(120));
  EXPECT_EQ(bad.exit_code, 1) << bad.out << bad.err;
  EXPECT_NE(bad.err.find("src/bad.cpp"), std::string::npos) << bad.err;
  EXPECT_EQ(bad.err.find("command not found"), std::string::npos) << bad.err;
}

TEST(CiScripts, SkipSummaryCountsSkippedTestsWithTheirReasons) {
  if (!hb::have_program("python3") || !hb::have_program("ctest")) GTEST_SKIP() << "python3 or ctest not installed";
  hb::test::TempDir tmp;
  // A project whose tests print what GoogleTest prints when a test skips.
  std::ofstream(tmp / "CMakeLists.txt") << R"(cmake_minimum_required(VERSION 3.21)
project(skips NONE)
enable_testing()
add_test(NAME A.Skips COMMAND sh -c "echo '/x/t.cpp:3: Skipped'; echo 'node not installed'; echo '[  SKIPPED ] A.Skips (0 ms)'")
set_tests_properties(A.Skips PROPERTIES SKIP_REGULAR_EXPRESSION "\\[  SKIPPED \\]")
add_test(NAME A.Runs COMMAND true)
)";
  auto cfg = hb::run_command({"cmake", "-S", tmp.str(), "-B", (tmp / "b").string()}, std::chrono::seconds(120));
  ASSERT_EQ(cfg.exit_code, 0) << cfg.err;
  auto ct = hb::run_command({"ctest", "--test-dir", (tmp / "b").string(), "--output-junit", "j.xml"},
                            std::chrono::seconds(120));
  ASSERT_EQ(ct.exit_code, 0) << ct.out << ct.err;
  auto s = hb::run_command({"python3", (kCi / "skip-summary.py").string(), "tests (build)", (tmp / "b/j.xml").string()},
                           std::chrono::seconds(60));
  ASSERT_EQ(s.exit_code, 0) << s.err;
  EXPECT_EQ(s.out, "tests (build): 1 test(s) skipped\n  A.Skips: node not installed\n");
}

}  // namespace
