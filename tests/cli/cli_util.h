// Runs the built hilbench binary as a user would.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "common/subprocess.h"

namespace hb::test {

inline hb::RunResult hilbench(std::vector<std::string> args, int timeout_s = 120) {
  args.insert(args.begin(), HB_HILBENCH_EXE);
  return hb::run_command(args, std::chrono::seconds(timeout_s));
}

inline int count_lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

}  // namespace hb::test
