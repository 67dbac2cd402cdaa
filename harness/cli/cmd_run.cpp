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

const CommandSpec kRunSpec{
    "run",
    {"", "--board BOARD --model M.tflite --dataset PATH [options]"},
    "the main job: flash a board, stream a dataset, check every output bit for bit, store the run",
    "With no arguments: the bundled Fashion-MNIST model on 1000 Fashion-MNIST test images, on sim and (when QEMU "
    "and their firmware are built) qemu-m7 and qemu-m33. Every dataset file is decoded before any board is "
    "touched. Datasets: an ImageFolder (class sub-folders of JPEG/PNG), IDX files, folders of raw tensors, or an "
    "MLPerf Tiny folder (y_labels.csv beside .bin stimuli).",
    {
        opt("board", "BOARD", "board descriptor name or path (see hilbench boards)",
            "sim; no arguments: sim, qemu-m7, qemu-m33"),
        opt("model", "M.tflite", "int8 TFLite model", "the bundled Fashion-MNIST model"),
        opt("dataset", "PATH", "dataset folder or IDX file", "/usr/share/datasets/fashion-mnist"),
        opt("limit", "N", "run N evenly spaced samples (covers every class)", "all; default job: 1000"),
        opt("db", "FILE", "run store (SQLite)", kDbDefault),
        opt("st-config", "FILE.yaml", "take preprocessing from an ST model-zoo *_config.yaml (flags below override it)",
            "none"),
        opt("resize", "nearest|bilinear", "resize interpolation", "bilinear"),
        opt("aspect", "fit|crop|pad", "how images meet the input's aspect ratio", "fit"),
        opt("colour", "rgb|bgr|grayscale", "colour conversion", "from the input's channels"),
        opt("color", "rgb|bgr|grayscale", "same as --colour"),
        opt("rescale", "SCALE[,OFFSET]", "pixel v -> v*SCALE+OFFSET before quantizing", "pixel codes"),
        opt("threads", "N", "host reference threads", "all cores"),
        opt("work-dir", "DIR", "scratch folder for firmware images and logs", "a fresh temporary folder"),
        opt("timeout", "S", "seconds to wait for one inference", "60"),
        flag("per-op", "ask the firmware for per-op timer ticks"),
        flag("skip-unreadable",
             "run the readable samples when some dataset files cannot be decoded (the skipped "
             "files and why are stored with the run; hilbench show lists them)"),
        opt("lab", "FILE.json", "lab inventory: --board may name an instance or a kind (a free instance)",
            "$HILBENCH_LAB"),
        opt("lock-wait", "S", "seconds to wait for a locked board (0: do not wait)", "300"),
        flag("skip-suspect", "leave out board instances whose last attempts all failed (see hilbench boards)"),
        flag("json", "print the summary as one JSON object (an array for several boards)"),
        flag("no-progress", "no progress bar on stderr"),
    },
    {},
    {"1  a sample was not bit-exact (or a board returned no output)"},
    {"hilbench run", "hilbench run --board qemu-m7 --model M.tflite --dataset flower_photos/ --limit 100",
     "hilbench run --board sim --model M.tflite --dataset DIR --st-config M_config.yaml --json"},
};

int cmd_run(const Argv& argv) {
  Args a(argv, kRunSpec);
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
  o.skip_unreadable = a.flag("skip-unreadable");
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
