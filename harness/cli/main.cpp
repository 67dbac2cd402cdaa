// hilbench: hardware-in-the-loop test and benchmark harness for int8 models.
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "common/error.h"

namespace {

struct Command {
  const char* name;
  int (*fn)(const hb::cli::Argv&);
  const char* help;
};

const Command kCommands[] = {
    {"run", hb::cli::cmd_run,
     "run [--board B] [--model M.tflite --dataset PATH] [--limit N] [--json]   the main job (no args: default job)"},
    {"runs", hb::cli::cmd_runs, "runs [--limit N] [--board B] [--json]            list stored runs"},
    {"show", hb::cli::cmd_show, "show RUN|last [--json] [--samples]                one stored run"},
    {"infer", hb::cli::cmd_infer, "infer --model M.tflite --input RAW.bin [--json]   run one tensor on the host engine"},
    {"model", hb::cli::cmd_model, "model info M.tflite [--json]                      ops, shapes, weights, MACs, arena"},
    {"model-build", hb::cli::cmd_model_build,
     "model-build SPEC.json OUT.tflite [--no-check]      write a .tflite from a JSON spec (see cmd_model_build.cpp)"},
    {"boards", hb::cli::cmd_boards, "boards [--json]                                   board descriptors and what is present"},
    {"bench", hb::cli::cmd_bench, "bench [--model M.tflite] [--seconds S] [--json]   host engine images/s"},
};

void usage(FILE* f) {
  std::fprintf(f, "usage: hilbench <command> [options]\n\ncommands:\n");
  for (const auto& c : kCommands) std::fprintf(f, "  %s\n", c.help);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? hb::kExitUsage : hb::kExitOk;
  }
  const std::string name = argv[1];
  const hb::cli::Argv rest(argv + 2, argv + argc);
  for (const auto& c : kCommands) {
    if (name != c.name) continue;
    try {
      return c.fn(rest);
    } catch (const hb::Error& e) {
      std::fprintf(stderr, "hilbench %s: error: %s\n", c.name, e.what());
      return e.exit_code();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "hilbench %s: internal error: %s\n", c.name, e.what());
      return hb::kExitFailure;
    }
  }
  std::fprintf(stderr, "hilbench: unknown command '%s'\n", name.c_str());
  usage(stderr);
  return hb::kExitUsage;
}
