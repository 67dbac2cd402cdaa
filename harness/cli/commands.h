// One function per `hilbench` subcommand; each returns the process exit code
// and throws hb::Error for usage/input errors.
#pragma once

#include <string>
#include <vector>

namespace hb::cli {

using Argv = std::vector<std::string>;

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

}  // namespace hb::cli
