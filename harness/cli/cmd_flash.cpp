// `hilbench flash --board NAME [--model M.tflite] [--timeout S] [--work-dir DIR]
// [--lab FILE] [--lock-wait S]`: puts the firmware and the model's plan on one
// board (or starts an emulated one), says where its link is, and exits. A real
// board keeps running the model; an emulated one stops when this command
// exits. An exclusive board is locked while it is flashed.
#include <cstdio>
#include <filesystem>

#include "board/descriptor.h"
#include "board/inventory.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/defaults.h"
#include "common/error.h"
#include "flash/deployment.h"
#include "model/importer.h"

namespace hb::cli {

const CommandSpec kFlashSpec{
    "flash",
    {"--board BOARD [--model M.tflite] [options]"},
    "flash (or start) one board with a model's plan, say where its link is, and exit",
    "A real board keeps running the model; an emulated one stops when this command exits.",
    {
        opt("board", "BOARD", "board descriptor name or path (required)"),
        opt("model", "M.tflite", "model to flash", "the default job's model"),
        opt("timeout", "S", "seconds the flash tool may take", "120"),
        opt("work-dir", "DIR", "scratch folder", "/tmp/hilbench-flash-BOARD"),
        opt("lab", "FILE.json", "lab inventory: BOARD may name an instance or a kind", "$HILBENCH_LAB"),
        opt("lock-wait", "S", "seconds to wait for a locked board (0: do not wait)", "300"),
        flag("json", "print as JSON"),
    },
    {},
    {},
    {"hilbench flash --board u585 --model M.tflite"},
};

int cmd_flash(const Argv& argv) {
  Args a(argv, kFlashSpec);
  const std::string name = a.require("board");
  const board::Target target = board::resolve_target(name, board::lab_path(a.get_or("lab", "")));
  const long wait = a.get_int("lock-wait", 300);
  if (wait < 0) throw Error("--lock-wait must be >= 0 seconds");
  if (target.kind.flash_method() == "none")
    throw Error("board " + target.kind.name + ": flash.method is none (" + target.kind.file +
                "): this board is flashed by someone else; `hilbench run` only checks which model it runs");
  std::string model = a.get_or("model", "");
  if (model.empty()) model = default_job().model;
  const model::Plan plan = model::import_tflite(model);

  flash::DeployOptions o;
  o.timeout_s = static_cast<int>(a.get_int("timeout", 120));
  if (o.timeout_s <= 0) throw Error("--timeout must be > 0 seconds");
  o.work_dir =
      a.get_or("work-dir", (std::filesystem::temp_directory_path() / ("hilbench-flash-" + target.kind.name)).string());
  // Held until this command exits, after the deployment is gone.
  const board::Claim claim = board::claim(target, "flash", std::chrono::seconds(wait), {}, [&](const std::string& m) {
    std::fprintf(stderr, "board %s: %s\n", name.c_str(), m.c_str());
  });
  const board::Descriptor& d = claim.board;
  auto dep = flash::deploy(d, plan.blob, o);
  const flash::LinkTarget t = dep->link();
  if (a.flag("json")) {
    nlohmann::json j = {{"board", d.name},         {"instance", d.instance},
                        {"model", model},          {"plan_bytes", plan.blob.size()},
                        {"what", dep->describe()}, {"link", {{"kind", t.kind}}}};
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
