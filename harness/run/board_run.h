// Phase 2 of a run: one board. Brings it up with the prepared plan (deploy),
// connects, says HELLO and checks it runs the prepared model, then streams
// the samples its run still lacks, recovering a board that stops answering
// (reset through its deployment, reconnect, HELLO, model check, the sample
// sent again; at most RunOptions::retries times per sample). Runs on its own
// thread; never throws: every outcome, a signal included, is a BoardOutcome.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "run/prepared.h"
#include "run/progress.h"

namespace hb::run {

struct BoardJob {
  std::string board;              // name or descriptor path
  size_t line = 0;                // its progress line
  std::optional<int64_t> resume;  // continue this run instead of starting one
};

struct BoardOutcome {
  std::string board;
  int64_t run_id = 0;   // 0: the board failed before a run row existed
  int exit_code = 0;    // common/error.h ExitCode, or 128 + signal
  std::string error;    // one line; empty when the run completed
  std::string skipped;  // why the board was left out (--skip-suspect); run_id 0
};

BoardOutcome run_board(const Prepared& p, const BoardJob& job, SharedReference& ref, Progress& progress);

}  // namespace hb::run
