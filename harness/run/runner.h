// `hilbench run`: one model and one dataset on one or more boards at once.
// Prepares once (prepared.h), then runs each board on its own thread
// (board_run.h) with the host reference shared between them. A board that
// fails does not stop the others.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "run/board_run.h"
#include "run/run_options.h"

namespace hb::run {

// One outcome per board, in the order given. Throws hb::Error only for what
// fails before any board starts (model, dataset, options).
std::vector<BoardOutcome> execute_runs(const RunOptions& o, const std::vector<std::string>& boards,
                                       std::optional<int64_t> resume = std::nullopt);

// The exit code of a job: the worst of its boards (a signal, then usage or
// environment errors, then infrastructure failures, then test failures).
int worst_exit_code(const std::vector<BoardOutcome>& outcomes);

// One board (o.board), for callers that want a run id or an exception
// (`check --confirm` re-measuring): throws hb::Error with the board's error
// and exit code when it did not complete.
int64_t execute_run(const RunOptions& o);

}  // namespace hb::run
