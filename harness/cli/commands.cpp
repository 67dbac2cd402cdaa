#include "cli/commands.h"

namespace hb::cli {

const std::vector<Command>& all_commands() {
  static const std::vector<Command> all{
      {&kRunSpec, cmd_run},
      {&kRunsSpec, cmd_runs},
      {&kShowSpec, cmd_show},
      {&kCheckSpec, cmd_check},
      {&kBaselineSpec, cmd_baseline},
      {&kReportSpec, cmd_report},
      {&kBoardsSpec, cmd_boards},
      {&kFlashSpec, cmd_flash},
      {&kFootprintSpec, cmd_footprint},
      {&kInferSpec, cmd_infer},
      {&kModelSpec, cmd_model},
      {&kModelBuildSpec, cmd_model_build},
      {&kBenchSpec, cmd_bench},
      {&kDbSpec, cmd_db},
  };
  return all;
}

const Command* find_command(const std::string& name) {
  for (const auto& c : all_commands())
    if (c.spec->name == name) return &c;
  return nullptr;
}

}  // namespace hb::cli
