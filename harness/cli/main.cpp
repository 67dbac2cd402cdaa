// hilbench: hardware-in-the-loop test and benchmark harness for int8 models.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "board/descriptor.h"
#include "cli/commands.h"
#include "cli/help.h"
#include "common/error.h"

namespace {

using hb::cli::Argv;
using hb::cli::CommandSpec;

using hb::cli::Command;
using hb::cli::find_command;

std::vector<const CommandSpec*> specs() {
  std::vector<const CommandSpec*> out;
  for (const auto& c : hb::cli::all_commands()) out.push_back(c.spec);
  return out;
}

int unknown_command(const std::string& name) {
  std::vector<std::string> names{"help", "completion"};
  for (const auto& c : hb::cli::all_commands()) names.push_back(c.spec->name);
  const std::string near = hb::cli::nearest(name, names);
  std::fprintf(stderr, "hilbench: unknown command '%s'%s; see 'hilbench --help'\n", name.c_str(),
               near.empty() ? "" : (" (did you mean '" + near + "'?)").c_str());
  return hb::kExitUsage;
}

int help(const Argv& rest) {
  if (rest.empty()) {
    std::fputs(hb::cli::overview(specs()).c_str(), stdout);
    return hb::kExitOk;
  }
  if (const Command* c = find_command(rest[0])) {
    std::fputs(hb::cli::command_help(*c->spec).c_str(), stdout);
    return hb::kExitOk;
  }
  return unknown_command(rest[0]);
}

int completion(const Argv& rest) {
  if (rest.size() != 1 || rest[0] != "bash") {
    std::fprintf(stderr, "usage: hilbench completion bash   (prints a bash completion script)\n");
    return hb::kExitUsage;
  }
  // Board names as of now; an unreadable boards folder must not stop completion.
  std::vector<std::string> boards;
  try {
    for (const auto& d : hb::board::load_all()) boards.push_back(d.name);
  } catch (const hb::Error&) {
  }
  std::fputs(hb::cli::bash_completion(specs(), boards).c_str(), stdout);
  return hb::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(hb::cli::overview(specs()).c_str(), stderr);
    return hb::kExitUsage;
  }
  const std::string name = argv[1];
  const Argv rest(argv + 2, argv + argc);
  if (name == "--help" || name == "-h" || name == "help") return help(rest);
  if (name == "--version" || name == "-V") {
    std::printf("hilbench %s\n", HB_VERSION);
    return hb::kExitOk;
  }
  if (name == "completion") return completion(rest);
  const Command* c = find_command(name);
  if (!c) return unknown_command(name);
  if (hb::cli::wants_help(rest)) {
    std::fputs(hb::cli::command_help(*c->spec).c_str(), stdout);
    return hb::kExitOk;
  }
  try {
    return c->fn(rest);
  } catch (const hb::Error& e) {
    std::fprintf(stderr, "hilbench %s: error: %s\n", name.c_str(), e.what());
    return e.exit_code();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hilbench %s: internal error: %s\n", name.c_str(), e.what());
    return hb::kExitFailure;
  }
}
