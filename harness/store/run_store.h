// The SQLite run store (default results/hilbench.db): one row per
// hardware-in-the-loop run, with its samples, per-op timings and metrics.
// One RunStore per thread; several processes may write the same file at once
// (WAL, busy timeout, every write batch in one IMMEDIATE transaction).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "store/records.h"
#include "store/sqlite.h"
#include "store/summary.h"

namespace hb::store {

inline constexpr const char* kDefaultStorePath = "results/hilbench.db";

class RunStore {
 public:
  // ReadWrite creates the parent directory and the file, and migrates older
  // schemas in place. ReadOnly never writes: an older schema is upgraded in a
  // private in-memory copy. Throws hb::Error naming the path on any problem.
  static RunStore open(const std::string& path, OpenMode mode = OpenMode::ReadWrite);

  const std::string& path() const { return db_.path(); }
  Db& db() { return db_; }

  // Insert-or-update keyed by the natural key (board name, (board, build_id),
  // model sha256, dataset manifest sha256); the other fields take the new values.
  int64_t upsert_board(const Board& b);
  int64_t upsert_firmware(const FirmwareBuild& f);
  int64_t upsert_model(const Model& m);
  int64_t upsert_dataset(const Dataset& d);

  // New run with status 'running', this host and pid, a fresh uuid.
  int64_t begin_run(const RunStart& r);
  // All of the batch or none of it (one transaction). The run must be 'running'.
  void add_samples(int64_t run, std::span<const Sample> batch);
  void add_op_timings(int64_t run, std::span<const OpTiming> batch);
  void set_metric(int64_t run, const std::string& key, const MetricValue& value);
  // The only way out of 'running'. status must not be Running; summary
  // defaults to summarize(run). Throws if the run is not 'running'.
  void finish_run(int64_t run, RunStatus status, std::optional<nlohmann::json> summary = std::nullopt,
                  const std::string& error = {});

  // Resuming: an 'aborted' or 'failed' run becomes 'running' again under
  // this process (pid, host), its error, summary and finished_at cleared.
  // Throws naming the run if it does not exist or has another status.
  void reopen_run(int64_t run);
  // idx of the samples stored for a run, ascending.
  std::vector<int64_t> sample_indices(int64_t run) const;
  void add_recovery(int64_t run, const Recovery& r);
  std::vector<Recovery> recoveries(int64_t run) const;  // in order

  // Marks 'aborted' the runs left 'running' by a process that no longer exists
  // on this host. Runs of other hosts (or without a pid) are only marked when
  // other_hosts_older_than is given and they started longer ago than that.
  // Returns how many runs were marked.
  int mark_stale_runs_aborted(std::optional<std::chrono::seconds> other_hosts_older_than = std::nullopt);

  std::vector<RunInfo> list_runs(const RunFilter& f = {}) const;  // newest first
  std::optional<RunInfo> find_run(int64_t id) const;
  // Run id whose uuid starts with the given hex prefix; throws if ambiguous.
  std::optional<int64_t> find_run_by_uuid(const std::string& prefix) const;
  std::optional<RunDetail> get_run(int64_t id) const;
  std::vector<Sample> samples(int64_t run) const;
  std::vector<SampleStat> sample_stats(int64_t run) const;
  std::vector<OpTiming> op_timings(int64_t run) const;  // by sample, then op
  std::vector<Metric> metrics(int64_t run) const;
  RunSummary summarize(int64_t run) const;

 private:
  explicit RunStore(Db db) : db_(std::move(db)) {}
  void require_running(int64_t run) const;
  Db db_;
};

std::string this_host_name();

}  // namespace hb::store
