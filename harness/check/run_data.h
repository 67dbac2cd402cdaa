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

struct RunData {
  store::RunInfo info;
  RunKey key;
  std::vector<store::SampleStat> samples;  // by idx
  std::vector<std::string> class_names;    // may be empty
  std::vector<FootprintItem> footprint;    // the four items above, in that order
  std::vector<store::OpTiming> ops;        // by sample, then op; empty: no --per-op timings
};

// "last", a run id, or a uuid prefix; throws hb::Error (exit 2) when there is no such run.
int64_t resolve_run(const store::RunStore& db, const std::string& ref);

RunKey run_key(store::RunStore& db, int64_t run);
RunData load_run(store::RunStore& db, int64_t run);

// The latest complete run with the same key that started before `run`
// (ties on start time broken by id); nullopt if there is none.
std::optional<int64_t> previous_run(store::RunStore& db, int64_t run);

}  // namespace hb::check
