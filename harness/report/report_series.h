// The plotted data of a report, shared by the HTML charts and the JSON
// output: trends over run start time, latency distributions and op-kind
// shares. Values are in display units (ms when the ticks are time, else the
// raw unit, e.g. instructions), never converted otherwise.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "report/report_data.h"

namespace hb::report {

struct TrendPoint {
  double t = 0;  // run start, epoch seconds
  double value = 0;
  int64_t run_id = 0;
  std::string started_at;
};

struct Series {
  std::string name;                // "board / model"
  std::string unit;                // "ms", "instructions", "%"
  size_t key = 0;                  // index into Report::keys (for a stable colour)
  std::vector<TrendPoint> points;  // oldest first
};

// Median inference time of every complete run with timings, one series per
// board x model (and display unit).
std::vector<Series> time_trend(const Report& rep);
// Device top-1 accuracy (percent) of every complete labelled run.
std::vector<Series> accuracy_trend(const Report& rep);

struct BoxStats {
  std::string name;
  std::string unit;
  size_t key = 0;
  int64_t run_id = 0;
  int64_t n = 0;
  double min = 0, q1 = 0, median = 0, q3 = 0, max = 0;  // quartiles interpolate linearly (store::percentile)
};

// Per-sample times of each key's latest complete run.
std::vector<BoxStats> latency_boxes(const Report& rep);

struct OpShare {
  std::string name;
  size_t key = 0;
  int64_t run_id = 0;
  int64_t total_ticks = 0;
  std::string unit;                                    // the run's raw tick unit (shares are unit-free)
  std::vector<std::pair<std::string, double>> shares;  // op kind -> fraction of total, largest first
};

std::vector<OpShare> op_shares(const Report& rep);

std::string key_name(const KeyReport& k);  // "board / model"

}  // namespace hb::report
