// Phase 3 of a run: the one owner of a run row. Samples and their per-op
// timings are written in batches; the row leaves 'running' only through
// commit() (complete), abort() (a signal: aborted, naming it) or fail()
// (failed, with the error). A Recorder destroyed without any of these (an
// exception nobody caught) still flushes what was verified and marks the row
// failed: a run is never left 'running'.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/run_store.h"

namespace hb::run {

class Recorder {
 public:
  // A new run row.
  Recorder(store::RunStore& db, const store::RunStart& start);
  // An existing aborted/failed row, reopened for --resume.
  Recorder(store::RunStore& db, int64_t resume_run);
  ~Recorder();
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  int64_t run_id() const { return run_; }
  // Queued; written every `batch` samples and on flush().
  void add(store::Sample&& s, std::vector<store::OpTiming>&& ops);
  void flush();
  void recovery(const store::Recovery& r);  // written at once
  store::RunStore& db() { return db_; }
  void metric(const std::string& key, const store::MetricValue& v);
  void commit();
  void abort(const std::string& why);
  void fail(const std::string& why);
  bool finished() const { return finished_; }

 private:
  void finish(store::RunStatus st, const std::string& error);
  store::RunStore& db_;
  int64_t run_ = 0;
  bool finished_ = false;
  std::vector<store::Sample> samples_;
  std::vector<store::OpTiming> ops_;
  static constexpr size_t kBatch = 64;
};

}  // namespace hb::run
