#include "run/runner.h"

#include <thread>

#include "board/inventory.h"
#include "common/error.h"
#include "run/prepared.h"
#include "run/progress.h"

namespace hb::run {

std::vector<BoardOutcome> execute_runs(const RunOptions& o, const std::vector<std::string>& boards,
                                       std::optional<int64_t> resume) {
  // Every board named exists (descriptor, lab instance) before anything is
  // read or decoded: a typo fails at once.
  for (const std::string& b : boards) (void)board::resolve_target(b, board::lab_path(o.lab));
  const std::unique_ptr<Prepared> p = prepare(o);
  SharedReference ref(*p, o.host_threads);
  Progress progress(boards, o.progress);
  std::vector<BoardOutcome> out(boards.size());
  std::vector<BoardJob> jobs;
  for (size_t i = 0; i < boards.size(); ++i) jobs.push_back({boards[i], i, resume});
  if (jobs.size() == 1) {
    out[0] = run_board(*p, jobs[0], ref, progress);
    return out;
  }
  // One thread per board: each owns its deployment, link, session and store
  // connection; they share only the immutable preparation, the host
  // reference and the progress lines.
  std::vector<std::thread> threads;
  for (size_t i = 0; i < jobs.size(); ++i)
    threads.emplace_back([&, i] { out[i] = run_board(*p, jobs[i], ref, progress); });
  for (auto& t : threads) t.join();
  return out;
}

int64_t execute_run(const RunOptions& o) {
  const std::vector<BoardOutcome> out = execute_runs(o, {o.board});
  const BoardOutcome& b = out.at(0);
  if (!b.skipped.empty()) throw Error("board " + b.board + ": " + b.skipped);
  if (b.run_id == 0 || (b.exit_code != kExitOk && b.exit_code != kExitFailure))
    throw Error(b.error.empty() ? "board " + b.board + ": run did not complete" : b.error, b.exit_code);
  return b.run_id;
}

int worst_exit_code(const std::vector<BoardOutcome>& outcomes) {
  auto rank = [](int code) {
    switch (code) {
      case kExitOk:
        return 0;
      case kExitFailure:
        return 1;
      case kExitInfra:
        return 2;
      case kExitUsage:
        return 3;
      default:
        return 4;  // 128 + signal
    }
  };
  int worst = kExitOk;
  for (const auto& o : outcomes)
    if (rank(o.exit_code) > rank(worst)) worst = o.exit_code;
  return worst;
}

}  // namespace hb::run
