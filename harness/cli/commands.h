// One function per `hilbench` subcommand, and the CommandSpec (cli/args.h)
// its options, help and completion come from. Each function returns the
// process exit code and throws hb::Error for usage/input errors.
#pragma once

#include <string>
#include <vector>

#include "cli/args.h"

namespace hb::cli {

int cmd_infer(const Argv& args);
int cmd_model(const Argv& args);        // "model info"
int cmd_model_build(const Argv& args);  // "model-build": JSON spec -> .tflite
int cmd_bench(const Argv& args);
int cmd_boards(const Argv& args);
int cmd_run(const Argv& args);
int cmd_runs(const Argv& args);
int cmd_show(const Argv& args);
int cmd_footprint(const Argv& args);  // model memory footprint per board
int cmd_flash(const Argv& args);      // flash (or start) one board and exit
int cmd_check(const Argv& args);      // regression check against a baseline
int cmd_baseline(const Argv& args);   // "baseline set/list/rm"
int cmd_db(const Argv& args);         // "db merge"
int cmd_report(const Argv& args);     // md/html/json/junit reports of stored runs

extern const CommandSpec kInferSpec;
extern const CommandSpec kModelSpec;
extern const CommandSpec kModelBuildSpec;
extern const CommandSpec kBenchSpec;
extern const CommandSpec kBoardsSpec;
extern const CommandSpec kRunSpec;
extern const CommandSpec kRunsSpec;
extern const CommandSpec kShowSpec;
extern const CommandSpec kFootprintSpec;
extern const CommandSpec kFlashSpec;
extern const CommandSpec kCheckSpec;
extern const CommandSpec kBaselineSpec;
extern const CommandSpec kDbSpec;
extern const CommandSpec kReportSpec;

struct Command {
  const CommandSpec* spec;
  int (*fn)(const Argv&);
};
// Every command, in the order `hilbench --help` lists them (the main job first).
const std::vector<Command>& all_commands();
const Command* find_command(const std::string& name);  // nullptr if none

// --db's default as help shows it (cli/defaults.h default_db_path()).
inline const char* kDbDefault = "$HILBENCH_DB, else results/hilbench.db";

}  // namespace hb::cli
