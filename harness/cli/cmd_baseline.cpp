// `hilbench baseline set RUN [--name NAME] | list [--json] | rm NAME`: the
// reference run per (board, model, dataset, firmware config) for `check`.
#include <cstdio>

#include "check/baselines.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/defaults.h"
#include "common/error.h"

namespace hb::cli {

const CommandSpec kBaselineSpec{
    "baseline",
    {"set RUN [--name NAME]", "list [--json]", "rm NAME"},
    "name reference runs for check (one per board, model, dataset and firmware config)",
    "",
    {
        opt("db", "FILE", "run store (SQLite)", kDbDefault),
        opt("name", "NAME", "baseline name (set)", "derived from the run"),
        flag("json", "print as JSON (list)"),
    },
    {"set", "list", "rm"},
    {},
    {"hilbench baseline set last", "hilbench baseline list"},
};

namespace {

constexpr const char* kUsage =
    "usage: hilbench baseline set RUN [--name NAME] | baseline list [--json] | baseline rm NAME   [--db FILE]";

std::string run_text(const check::Baseline& b) {
  return (b.run_id ? "run " + std::to_string(*b.run_id) : std::string("run (not in this file)")) + " (" +
         b.run_uuid.substr(0, 8) + ")";
}

}  // namespace

int cmd_baseline(const Argv& argv) {
  Args a(argv, kBaselineSpec);
  const auto& pos = a.positional();
  if (pos.empty()) throw Error(kUsage);
  const std::string path = a.get_or("db", default_db_path());
  const std::string& what = pos[0];
  if (what == "set") {
    if (pos.size() != 2) throw Error(kUsage);
    auto db = store::RunStore::open(path);
    const int64_t run = check::resolve_run(db, pos[1]);
    const check::SetResult r = check::set_baseline(db, run, a.get_or("name", ""));
    std::printf("baseline '%s' = %s\n  %s\n", r.baseline.name.c_str(), run_text(r.baseline).c_str(),
                check::describe(r.baseline.key).c_str());
    if (r.replaced && r.replaced->run_uuid != r.baseline.run_uuid)
      std::printf("  replaces '%s' = %s\n", r.replaced->name.c_str(), run_text(*r.replaced).c_str());
    return kExitOk;
  }
  if (what == "list") {
    if (pos.size() != 1) throw Error(kUsage);
    auto db = store::RunStore::open(path, store::OpenMode::ReadOnly);
    const auto all = check::list_baselines(db);
    if (a.flag("json")) {
      nlohmann::json j = nlohmann::json::array();
      for (const auto& b : all)
        j.push_back({{"name", b.name},
                     {"run_id", b.run_id ? nlohmann::json(*b.run_id) : nlohmann::json(nullptr)},
                     {"run_uuid", b.run_uuid},
                     {"board", b.key.board},
                     {"model_sha256", b.key.model_sha256},
                     {"dataset_sha256", b.key.dataset_sha256},
                     {"firmware_config", b.key.firmware_config},
                     {"set_at", b.set_at}});
      std::printf("%s\n", j.dump(2).c_str());
      return kExitOk;
    }
    if (all.empty()) std::printf("(no baselines in %s; set one with: hilbench baseline set RUN)\n", path.c_str());
    for (const auto& b : all)
      std::printf("%-32s %-28s set %s\n  %s\n", b.name.c_str(), run_text(b).c_str(), b.set_at.c_str(),
                  check::describe(b.key).c_str());
    return kExitOk;
  }
  if (what == "rm") {
    if (pos.size() != 2) throw Error(kUsage);
    auto db = store::RunStore::open(path);
    if (!check::remove_baseline(db, pos[1])) throw Error(path + ": no baseline '" + pos[1] + "'");
    std::printf("removed baseline '%s'\n", pos[1].c_str());
    return kExitOk;
  }
  throw Error("unknown baseline command '" + what + "'\n" + kUsage);
}

}  // namespace hb::cli
