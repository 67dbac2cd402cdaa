// `hilbench run`: one board, one model, one dataset. Brings the board up with
// the model's plan, checks it runs that model, streams every sample, computes
// the host reference for each on all cores, compares bit for bit, scores
// top-1, and stores everything as one run.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>

#include "run/run_options.h"

namespace hb::run {

struct RunOutcome {
  int64_t run_id = 0;      // 0: not run (see skipped)
  std::string skipped;     // why the board was left out (--skip-suspect)
  nlohmann::json summary;  // the fields `run --json` prints
};

// Throws hb::Error for anything that stops the run; a run that started is
// then stored as 'failed' with the error text (never left 'running').
RunOutcome execute_run(const RunOptions& o);

// Evenly spaced subset of [0, n) of size `limit` (all when limit <= 0 or >= n):
// deterministic, and it covers every class of a class-sorted ImageFolder.
std::vector<size_t> select_samples(size_t n, long limit);

}  // namespace hb::run
