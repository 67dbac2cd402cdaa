// `hilbench footprint --board NAME[,NAME...] --model M.tflite [--json]`:
// the model's memory footprint on each board, as in ST's model-zoo tables,
// and whether it fits (harness/board/footprint.h).
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "board/descriptor.h"
#include "board/footprint.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "common/error.h"
#include "model/importer.h"

namespace hb::cli {

const CommandSpec kFootprintSpec{
    "footprint",
    {"--model M.tflite [--board BOARD[,BOARD...]] [--json]"},
    "RAM and flash a model needs per board, and whether it fits",
    "",
    {
        opt("model", "M.tflite", "model (required)"),
        opt("board", "BOARD[,BOARD...]", "boards to check", "every real (not emulated) board"),
        flag("json", "print as JSON"),
    },
    {},
    {},
    {"hilbench footprint --model M.tflite --board h747,f769,u585"},
};
namespace {

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  for (std::string item; std::getline(ss, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

std::string kib(uint64_t b) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", static_cast<double>(b) / 1024.0);
  return buf;
}

nlohmann::json to_json(const board::Footprint& f) {
  return {{"board", f.board},
          {"model", f.model},
          {"activation_ram", f.activation_ram},
          {"runtime_ram", f.runtime_ram},
          {"input_slots_ram", f.slot_ram},
          {"n_slots", f.n_slots},
          {"slot_bytes", f.slot_bytes},
          {"weights_flash", f.weights_flash},
          {"code_flash", f.code_flash},
          {"total_ram", f.total_ram()},
          {"total_flash", f.total_flash()},
          {"free_ram", f.free_ram},
          {"plan_region", f.plan_region},
          {"arena_in", f.arena_in},
          {"slots_in", f.slots_in},
          {"from_firmware", f.have_firmware},
          {"firmware", f.firmware},
          {"fits", f.fits},
          {"why", f.why}};
}

}  // namespace

int cmd_footprint(const Argv& argv) {
  Args a(argv, kFootprintSpec);
  const std::string model_path = a.require("model");
  std::vector<std::string> names = split(a.get_or("board", ""));
  if (names.empty())
    for (auto& d : board::load_all())
      if (!d.emulated) names.push_back(d.name);
  if (names.empty()) throw Error("no board given (--board NAME[,NAME...])");

  const model::Plan plan = model::import_tflite(model_path);
  const std::string model_name = std::filesystem::path(model_path).filename().string();
  const board::ModelNeeds needs = board::model_needs(plan.blob, model_name);
  std::vector<board::Footprint> fps;
  for (auto& n : names) fps.push_back(board::footprint(board::find_board(n), needs));

  if (a.flag("json")) {
    nlohmann::json j = nlohmann::json::array();
    for (auto& f : fps) j.push_back(to_json(f));
    std::printf("%s\n", j.dump(2).c_str());
    return kExitOk;
  }

  std::printf("Memory footprint of %s (KiB)\n\n", model_name.c_str());
  std::printf("%-22s", "");
  for (auto& f : fps) std::printf(" %12s", f.board.c_str());
  std::printf("\n");
  auto row = [&](const char* label, auto get) {
    std::printf("%-22s", label);
    for (auto& f : fps) std::printf(" %12s", get(f).c_str());
    std::printf("\n");
  };
  using F = board::Footprint;
  row("Activation RAM", [](const F& f) { return kib(f.activation_ram); });
  row("Runtime RAM", [](const F& f) { return f.runtime_known ? kib(f.runtime_ram) : std::string("n/a"); });
  row("Input slots RAM", [](const F& f) { return f.n_slots ? kib(f.slot_ram) : std::string("-"); });
  row("Weights Flash", [](const F& f) { return kib(f.weights_flash); });
  row("Code Flash", [](const F& f) { return f.firmware.empty() ? std::string("n/a") : kib(f.code_flash); });
  row("Total RAM", [](const F& f) { return kib(f.total_ram()); });
  row("Total Flash", [](const F& f) { return kib(f.total_flash()); });
  row("Input slots", [](const F& f) { return std::to_string(f.n_slots) + " x " + kib(f.slot_bytes); });
  row("Arena in", [](const F& f) { return f.arena_in.empty() ? std::string("-") : f.arena_in; });
  row("Fits", [](const F& f) { return std::string(f.fits ? "yes" : "NO"); });
  std::printf(
      "\nActivation RAM = the plan's arena; Runtime RAM = firmware .data + .bss + stack; Input slots sit\n"
      "outside the arena; Weights Flash = the model plan; Code Flash = firmware code + constants + .data image.\n");
  for (auto& f : fps) {
    if (!f.have_firmware)
      std::printf("%s: %s\n", f.board.c_str(),
                  f.firmware.empty() ? "firmware ELF not built: RAM checked against the descriptor's regions"
                                     : "firmware ELF has no RAM pools: RAM checked against the descriptor's regions");
    if (!f.fits) std::printf("%s: does not fit: %s\n", f.board.c_str(), f.why.c_str());
  }
  return kExitOk;
}

}  // namespace hb::cli
