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
    {"infer", hb::cli::cmd_infer,
     "infer --model M.tflite|--plan P.plan --input RAW.bin [--json]   run one tensor on the host engine"},
    {"model", hb::cli::cmd_model,
     "model info M.tflite [--json] | model plan M.tflite OUT.plan   describe a model / write its plan"},
    {"model-build", hb::cli::cmd_model_build,
     "model-build SPEC.json OUT.tflite [--no-check]      write a .tflite from a JSON spec (see cmd_model_build.cpp)"},
    {"boards", hb::cli::cmd_boards,
     "boards [--json]                                   board descriptors and what is present"},
    {"bench", hb::cli::cmd_bench, "bench [--model M.tflite] [--seconds S] [--json]   host engine images/s"},
    {"footprint", hb::cli::cmd_footprint,
     "footprint --model M.tflite [--board B[,B...]] [--json]   RAM/flash a model needs per board, and if it fits"},
    {"flash", hb::cli::cmd_flash,
     "flash --board B [--model M.tflite] [--timeout S]  flash (or start) one board with a model and exit"},
    {"check", hb::cli::cmd_check,
     "check RUN [--baseline previous|NAME|RUN] [--json] [--junit F]  regressions vs a baseline (exit 1)"},
    {"baseline", hb::cli::cmd_baseline, "baseline set RUN [--name N] | list | rm NAME       reference runs for check"},
    {"db", hb::cli::cmd_db, "db merge OUT.db A.db [B.db ...]                   merge run stores"},
    {"report", hb::cli::cmd_report,
     "report [--runs ID,..|--last N|--board B|--model M] --format md|html|json|junit [--out F]   reports"},
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
