// `hilbench run`: the main job. With no arguments it runs the bundled default
// (the project's own Fashion-MNIST model on the Fashion-MNIST test set) on the
// default emulated boards, all at once. --board a,b,... runs several boards in
// parallel; --resume RUN continues an aborted or failed run. SIGINT, SIGTERM
// and SIGHUP end it cleanly (exit 128 + signal).
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <optional>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/defaults.h"
#include "common/cancel.h"
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
        opt("board", "BOARD[,BOARD...]", "board descriptor names or paths, run in parallel (see hilbench boards)",
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
        opt("retries", "N", "board recoveries (reset, reconnect, resend) allowed per sample", "2"),
        opt("resume", "RUN", "continue an aborted or failed run: only its missing samples are streamed", "none"),
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
    {"1  a sample was not bit-exact (or a board returned no output)",
     "3  a board failed during the run (flash, link or board; after --retries recoveries)",
     "130/143/129  stopped by SIGINT/SIGTERM/SIGHUP (run stored as aborted; --resume continues it)"},
    {"hilbench run", "hilbench run --board qemu-m7,qemu-m33 --model M.tflite --dataset DIR --limit 200",
     "hilbench run --resume 17", "hilbench run --board qemu-m7 --model M.tflite --dataset flower_photos/ --limit 100",
     "hilbench run --board sim --model M.tflite --dataset DIR --st-config M_config.yaml --json"},
};

namespace {

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> v;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(',', start);
    if (end == std::string::npos) end = s.size();
    if (end > start) v.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return v;
}

}  // namespace

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
  o.retries = static_cast<int>(a.get_int("retries", 2));
  if (o.inference_timeout_s <= 0) throw Error("--timeout must be at least 1 (seconds)");
  if (o.retries < 0) throw Error("--retries must be 0 or more");
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

  std::optional<int64_t> resume;
  std::vector<std::string> boards;
  if (auto r = a.get("resume")) {
    // The run's own board, model, dataset and limit unless given again (then
    // they must match); preprocessing flags must be given as they were.
    auto db = store::RunStore::open(o.db, store::OpenMode::ReadOnly);
    const int64_t id = a.get_int("resume", 0);
    const auto info = db.find_run(id);
    if (!info) throw Error(o.db + ": run " + *r + " does not exist (--resume)");
    boards.push_back(a.get_or("board", info->config.value("board_file", info->board_name)));
    if (o.model.empty()) o.model = info->config.value("model", "");
    if (o.dataset.empty()) o.dataset = info->config.value("dataset", "");
    if (!a.get("limit")) o.limit = info->config.value("limit", 0L);
    o.per_op = o.per_op || info->config.value("per_op", false);
    resume = id;
  } else if (auto b = a.get("board")) {
    boards = split_list(*b);
    if (boards.empty()) throw Error("--board needs a board name (or several, separated by commas)");
  } else if (o.model.empty() && o.dataset.empty()) {
    boards = default_boards();
  } else {
    boards.push_back("sim");
  }
  if (!resume && o.model.empty() && o.dataset.empty()) {
    const DefaultJob d = default_job();
    o.model = d.model;
    o.dataset = d.dataset;
    if (!a.get("limit")) o.limit = d.limit;
  }
  if (o.model.empty() || o.dataset.empty())
    throw Error("give both --model and --dataset (or neither, for the default job)");

  install_cancel_handlers();
  const std::vector<run::BoardOutcome> outcomes = run::execute_runs(o, boards, resume);
  // One board that failed before storing anything: its one-line error, as
  // every other usage or environment error.
  if (outcomes.size() == 1 && outcomes[0].run_id == 0 && !outcomes[0].error.empty())
    throw Error(outcomes[0].error, outcomes[0].exit_code);

  int rc = run::worst_exit_code(outcomes);
  nlohmann::json all = nlohmann::json::array();
  std::optional<store::RunStore> db;
  bool first = true;
  size_t skipped = 0;
  for (const run::BoardOutcome& out : outcomes) {
    if (!out.skipped.empty()) {  // left out (--skip-suspect)
      std::fprintf(stderr, "hilbench run: %s: skipped\n", out.skipped.c_str());
      ++skipped;
      continue;
    }
    if (!out.error.empty())
      std::fprintf(stderr, "hilbench run: board %s: %s%s\n", out.board.c_str(), out.error.c_str(),
                   out.run_id ? (" (run " + std::to_string(out.run_id) + ")").c_str() : "");
    if (out.run_id == 0) {
      all.push_back({{"board", out.board}, {"run_id", nullptr}, {"status", "not started"}, {"error", out.error}});
      continue;
    }
    if (!db) db.emplace(store::RunStore::open(o.db, store::OpenMode::ReadOnly));
    nlohmann::json s = report::run_summary_json(*db, out.run_id);
    if (out.error.empty() && (s["bit_exact"] != s["compared"] || s["compared"] != s["images"]) && rc == kExitOk)
      rc = kExitFailure;
    if (!a.flag("json")) std::printf("%s%s", first ? "" : "\n", report::run_summary_text(s).c_str());
    first = false;
    all.push_back(s);
  }
  if (skipped == outcomes.size()) throw Error("no board left to run (every one skipped)");
  if (a.flag("json")) {
    std::printf("%s\n", (all.size() == 1 ? all[0] : all).dump().c_str());
  } else if (outcomes.size() > 1) {
    std::printf("\n%s", report::run_summaries_table(all).c_str());
  }
  std::fflush(stdout);
  return rc;
}

}  // namespace hb::cli
