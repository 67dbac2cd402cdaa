// `hilbench flash --board NAME [--model M.tflite] [--timeout S] [--work-dir DIR]`:
// puts the firmware and the model's plan on one board (or starts an
// emulated one), says where its link is, and exits. A real board keeps
// running the model; an emulated one stops when this command exits.
#include <cstdio>
#include <filesystem>

#include "board/descriptor.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/defaults.h"
#include "common/error.h"
#include "flash/deployment.h"
#include "model/importer.h"

namespace hb::cli {

int cmd_flash(const Argv& argv) {
  Args a(argv, {"json"}, {"board", "model", "timeout", "work-dir"});
  const board::Descriptor d = board::find_board(a.require("board"));
  if (d.flash_method() == "none")
    throw Error("board " + d.name + ": flash.method is none (" + d.file +
                "): this board is flashed by someone else; `hilbench run` only checks which model it runs");
  std::string model = a.get_or("model", "");
  if (model.empty()) model = default_job().model;
  const model::Plan plan = model::import_tflite(model);

  flash::DeployOptions o;
  o.timeout_s = static_cast<int>(a.get_int("timeout", 120));
  if (o.timeout_s <= 0) throw Error("--timeout must be > 0 seconds");
  o.work_dir = a.get_or("work-dir", (std::filesystem::temp_directory_path() / ("hilbench-flash-" + d.name)).string());
  auto dep = flash::deploy(d, plan.blob, o);
  const flash::LinkTarget t = dep->link();
  if (a.flag("json")) {
    nlohmann::json j = {{"board", d.name},
                        {"model", model},
                        {"plan_bytes", plan.blob.size()},
                        {"what", dep->describe()},
                        {"link", {{"kind", t.kind}}}};
    if (t.kind == "tcp" || t.kind == "rfc2217")
      j["link"].update({{"host", t.host}, {"port", t.port}});
    else
      j["link"].update({{"path", t.path}, {"baud", t.baud}});
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    std::printf("%s: %s (%zu-byte plan)\n", d.name.c_str(), dep->describe().c_str(), plan.blob.size());
    if (t.kind == "tcp" || t.kind == "rfc2217")
      std::printf("link: %s %s:%u\n", t.kind.c_str(), t.host.c_str(), static_cast<unsigned>(t.port));
    else
      std::printf("link: %s %s at %u baud\n", t.kind.c_str(), t.path.c_str(), t.baud);
  }
  return kExitOk;
}

}  // namespace hb::cli
