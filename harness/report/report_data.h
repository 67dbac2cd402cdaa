// What every report format shows, read once from the run store: the selected
// runs grouped by board x model, oldest first, with the latest complete run's
// per-sample times and per-op totals. Renderers only format this.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "report/board_labels.h"
#include "report/memory_footprint.h"
#include "store/run_store.h"

namespace hb::report {

// Which runs a report covers. run_ids set: exactly those; otherwise the
// `last` newest runs (0: all) matching board/model.
struct Selection {
  std::vector<int64_t> run_ids;
  int last = 0;
  std::optional<std::string> board;  // board name
  std::optional<std::string> model;  // model name or sha256 prefix
};

struct ModelLabels {
  std::string name, sha256;
  std::string path;        // the .tflite the runs used (as given to `run`)
  std::string format;      // "Int8" for quantized input, else the input type ("FLOAT32")
  std::string resolution;  // "128x128x3" from the input shape [1,H,W,C]; "" if unknown
  int64_t weight_bytes = 0, arena_bytes = 0;
};

// One run, reduced to what tables and trends need.
struct RunPoint {
  int64_t id = 0;
  std::string uuid;
  store::RunStatus status = store::RunStatus::Running;
  std::string started_at;
  std::optional<double> started_s;  // epoch seconds (null if the text is odd)
  std::optional<double> duration_s;
  std::string dataset;  // path; "" for synthetic inputs
  std::string git_rev, host, firmware, error;
  std::string timer_source, time_unit;
  int64_t timer_hz = 0;
  store::RunSummary summary;
  std::vector<store::Recovery> recoveries;  // boards reset during the run

  bool complete() const { return status == store::RunStatus::Complete; }
  // Every sample compared with the host engine and equal (vacuously false with no samples).
  bool fully_bit_exact() const {
    return summary.samples > 0 && summary.compared == summary.samples && summary.bit_exact == summary.compared;
  }
};

struct KeyReport {
  BoardLabels board;
  ModelLabels model;
  std::vector<RunPoint> runs;               // selected runs of this key, oldest first
  std::vector<int64_t> latest_ticks;        // per-sample ticks of latest_complete()
  std::map<std::string, int64_t> op_ticks;  // op kind -> ticks, newest complete run that has per-op timings
  std::optional<int64_t> op_run;            // that run
  Footprint footprint;

  const RunPoint* latest() const { return runs.empty() ? nullptr : &runs.back(); }
  const RunPoint* latest_complete() const;
  const RunPoint* previous_complete() const;  // the complete run before latest_complete()
};

struct Report {
  std::string db_path;
  std::string generated_at;  // ISO-8601 UTC
  int64_t n_runs = 0;
  std::vector<KeyReport> keys;  // by board name, then model name
};

Report collect(store::RunStore& db, const Selection& sel);

// "a,b" / "12,13" option values.
std::vector<int64_t> parse_run_ids(const std::string& csv);

}  // namespace hb::report
