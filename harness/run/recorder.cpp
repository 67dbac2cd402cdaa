#include "run/recorder.h"

#include <cstdio>

namespace hb::run {

Recorder::Recorder(store::RunStore& db, const store::RunStart& start) : db_(db), run_(db.begin_run(start)) {}

Recorder::Recorder(store::RunStore& db, int64_t resume_run) : db_(db), run_(resume_run) { db.reopen_run(resume_run); }

Recorder::~Recorder() {
  if (finished_) return;
  try {
    finish(store::RunStatus::Failed, "run ended without finishing (internal error)");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hilbench: run %lld: cannot mark it failed: %s\n", static_cast<long long>(run_), e.what());
  }
}

void Recorder::add(store::Sample&& s, std::vector<store::OpTiming>&& ops) {
  samples_.push_back(std::move(s));
  for (auto& o : ops) ops_.push_back(std::move(o));
  if (samples_.size() >= kBatch) flush();
}

void Recorder::flush() {
  // Samples first: op rows reference a sample that must be stored.
  if (!samples_.empty()) db_.add_samples(run_, samples_);
  if (!ops_.empty()) db_.add_op_timings(run_, ops_);
  samples_.clear();
  ops_.clear();
}

void Recorder::recovery(const store::Recovery& r) { db_.add_recovery(run_, r); }

void Recorder::metric(const std::string& key, const store::MetricValue& v) { db_.set_metric(run_, key, v); }

void Recorder::commit() { finish(store::RunStatus::Complete, {}); }
void Recorder::abort(const std::string& why) { finish(store::RunStatus::Aborted, why); }
void Recorder::fail(const std::string& why) { finish(store::RunStatus::Failed, why); }

void Recorder::finish(store::RunStatus st, const std::string& error) {
  if (finished_) return;
  finished_ = true;  // even if the writes below throw: never twice
  // Verified samples are kept whatever the outcome: a resume needs them.
  flush();
  db_.finish_run(run_, st, std::nullopt, error);
}

}  // namespace hb::run
