// Points the board lock folder, the descriptor folder and the lab inventory
// of this process (and of the hilbench processes it starts) at a test's temp
// folder, and puts them back when the test ends.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace hb::test {

class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_)
      ::setenv(name_, old_->c_str(), 1);
    else
      ::unsetenv(name_);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// A boards folder holding a copy of every shipped descriptor plus `extra`
// (a name -> edits-to-sim map): e.g. {"simx", {{"exclusive", true}}}.
inline void write_boards(const std::filesystem::path& dir, const std::map<std::string, nlohmann::json>& extra) {
  namespace fs = std::filesystem;
  fs::create_directories(dir);
  for (auto& e : fs::directory_iterator(std::string(HB_SOURCE_DIR) + "/boards"))
    if (e.path().extension() == ".json") fs::copy_file(e.path(), dir / e.path().filename());
  std::ifstream in(std::string(HB_SOURCE_DIR) + "/boards/sim.json");
  const nlohmann::json sim = nlohmann::json::parse(in);
  for (const auto& [name, edits] : extra) {
    nlohmann::json d = sim;
    d.update(edits);
    d["name"] = name;
    std::ofstream(dir / (name + ".json")) << d.dump(2);
  }
}

}  // namespace hb::test
