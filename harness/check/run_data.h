// What `hilbench check` reads about one stored run: its comparison key,
// samples, class names, footprint figures and per-op timings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/run_store.h"

namespace hb::check {

// Runs are comparable (one baseline per key) when all four are equal. Absent
// parts (host-only run, synthetic inputs, no firmware) are "".
struct RunKey {
  std::string board;
  std::string model_sha256;
  std::string dataset_sha256;   // dataset manifest hash
  std::string firmware_config;  // firmware_builds.config (toolchain / build configuration)
  bool operator==(const RunKey&) const = default;
};
std::string describe(const RunKey& k);  // one line: "board sim, model 0123456789ab, dataset ..., firmware config ..."

// One footprint figure; bytes == 0 means unknown.
struct FootprintItem {
  std::string name;  // "arena_bytes", "plan_bytes", "weight_bytes", "code_bytes"
  int64_t bytes = 0;
  std::string source;  // "run metric" | "models table" | "firmware table" | ""
};

// The rest of what makes two runs' numbers comparable, beyond the baseline
// key: the selected sample set, preprocessing, --per-op (its probes add to
// the ticks) and the firmware build identity INFO reports. Absent in older
// runs: "" (equal to another "").
struct RunSetup {
  std::string sample_set;   // "N samples, limit L" from the run config
  std::string preprocess;   // data::Preprocess::describe()
  std::string per_op;       // "on" | "off"
  std::string fw_version;   // INFO fw_build without its rev:/cflags: tokens ("hb-fw 0.1.0 sim")
  std::string fw_cflags;    // INFO fw_build "cflags:" token: hash of the compiler flags
  std::string fw_clock;     // INFO core clock ("core 216000000 Hz"; sim: "core 0 Hz")
  std::string fw_revision;  // INFO fw_build "rev:" token: recorded and reported, not a key part (README)
};

// Parses INFO.fw_build "hb-fw VERSION PORT [rev:R] [cflags:H] [clk:C]" into the setup's firmware parts.
void parse_fw_build(const std::string& fw_build, RunSetup& s);

struct RunData {
  store::RunInfo info;
  RunKey key;
  RunSetup setup;
  std::vector<store::SampleStat> samples;  // by idx
  std::vector<std::string> class_names;    // may be empty
  std::vector<FootprintItem> footprint;    // the four items above, in that order
  std::vector<store::OpTiming> ops;        // by sample, then op; empty: no --per-op timings
};

// The fields in which two runs differ so that their numbers cannot be compared
// ("preprocessing (resize=nearest ... vs resize=bilinear ...)"), in key order:
// board, model, dataset, sample set, preprocessing, per-op, firmware config,
// version, compiler flags, clock. Empty: comparable.
std::vector<std::string> setup_differences(const RunData& base, const RunData& cand);

// "last", a run id, or a uuid prefix; throws hb::Error (exit 2) when there is no such run.
int64_t resolve_run(const store::RunStore& db, const std::string& ref);

RunKey run_key(store::RunStore& db, int64_t run);
RunData load_run(store::RunStore& db, int64_t run);

// The latest complete run with the same key that started before `run`
// (ties on start time broken by id); nullopt if there is none.
std::optional<int64_t> previous_run(store::RunStore& db, int64_t run);

// The latest `n` complete runs comparable with `run` (same key, setup, timer
// source and unit) that started no later than it, oldest first; `run` itself
// is included when complete.
std::vector<RunData> comparable_history(store::RunStore& db, int64_t run, size_t n);

}  // namespace hb::check
