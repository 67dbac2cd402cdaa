// `hilbench run`: the main job. With no arguments it runs the bundled default
// (the project's own Fashion-MNIST model on the Fashion-MNIST test set) on the
// default emulated boards.
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/defaults.h"
#include "common/error.h"
#include "data/preprocess.h"
#include "report/run_summary.h"
#include "run/runner.h"
#include "store/run_store.h"

namespace hb::cli {

int cmd_run(const Argv& argv) {
  Args a(argv, {"json", "per-op", "no-progress", "skip-suspect"},
         {"board", "model", "dataset", "limit", "db", "st-config", "resize", "aspect", "colour", "color", "rescale",
          "threads", "work-dir", "timeout", "lab", "lock-wait"});
  if (!a.positional().empty()) throw Error("unexpected argument '" + a.positional()[0] + "'");
  run::RunOptions o;
  o.model = a.get_or("model", "");
  o.dataset = a.get_or("dataset", "");
  o.limit = a.get_int("limit", 0);
  o.db = a.get_or("db", default_db_path());
  o.per_op = a.flag("per-op");
  o.progress = !a.flag("no-progress") && !a.flag("json");
  o.host_threads = static_cast<unsigned>(a.get_int("threads", 0));
  o.work_dir = a.get_or("work-dir", "");
  o.inference_timeout_s = static_cast<int>(a.get_int("timeout", 60));
  o.lab = a.get_or("lab", "");
  o.lock_wait_s = static_cast<int>(a.get_int("lock-wait", 300));
  if (o.lock_wait_s < 0) throw Error("--lock-wait must be >= 0 seconds");
  o.skip_suspect = a.flag("skip-suspect");
  if (auto st = a.get("st-config")) o.preprocess = data::from_st_config(*st);
  if (auto v = a.get("resize")) o.preprocess.resize = data::parse_resize(*v, "--resize");
  if (auto v = a.get("aspect")) o.preprocess.aspect = data::parse_aspect(*v, "--aspect");
  if (auto v = a.get("colour")) o.preprocess.colour = data::parse_colour(*v, "--colour");
  if (auto v = a.get("color")) o.preprocess.colour = data::parse_colour(*v, "--color");
  if (auto v = a.get("rescale")) o.preprocess.rescale = data::parse_rescale(*v, "--rescale");

  std::vector<std::string> boards;
  if (auto b = a.get("board")) {
    boards.push_back(*b);
  } else if (o.model.empty() && o.dataset.empty()) {
    boards = default_boards();
  } else {
    boards.push_back("sim");
  }
  if (o.model.empty() && o.dataset.empty()) {
    const DefaultJob d = default_job();
    o.model = d.model;
    o.dataset = d.dataset;
    if (!a.get("limit")) o.limit = d.limit;
  }
  if (o.model.empty() || o.dataset.empty())
    throw Error("give both --model and --dataset (or neither, for the default job)");

  int rc = kExitOk;
  nlohmann::json all = nlohmann::json::array();
  for (const std::string& b : boards) {
    o.board = b;
    const run::RunOutcome out = run::execute_run(o);
    if (out.run_id == 0) {  // left out (--skip-suspect)
      std::fprintf(stderr, "hilbench run: %s: skipped\n", out.skipped.c_str());
      continue;
    }
    auto db = store::RunStore::open(o.db, store::OpenMode::ReadOnly);
    nlohmann::json s = report::run_summary_json(db, out.run_id);
    if (s["bit_exact"] != s["compared"] || s["compared"] != s["images"]) rc = kExitFailure;
    if (!a.flag("json")) std::printf("%s%s", b == boards.front() ? "" : "\n", report::run_summary_text(s).c_str());
    all.push_back(s);
  }
  if (all.empty()) throw Error("no board left to run (every one skipped)");
  if (a.flag("json")) {
    std::printf("%s\n", (all.size() == 1 ? all[0] : all).dump().c_str());
  } else if (boards.size() > 1) {
    std::printf("\n%s", report::run_summaries_table(all).c_str());
  }
  return rc;
}

}  // namespace hb::cli
