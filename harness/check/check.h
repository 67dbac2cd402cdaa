// `hilbench check RUN`: picks the baseline, runs every rule, and renders the
// verdict as one screen of text, JSON, or JUnit XML.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "check/op_profile.h"
#include "check/rules.h"
#include "check/run_data.h"
#include "store/run_store.h"

namespace hb::check {

struct CheckOptions {
  TimingOptions timing;
  AccuracyOptions accuracy;
  FootprintOptions footprint;
  TrendOptions trend;
  bool with_trend = false;  // also judge the trend over the last trend.runs comparable runs
  size_t top_ops = 5;       // per-op changes shown in the text report
  // --confirm N: a timing failure is re-measured N times (the same
  // configuration run again on the board) and called a regression only if
  // every re-run is also slower. `rerun` does one run and returns its id.
  int confirm = 0;
  std::function<int64_t()> rerun;
};

struct ChosenBaseline {
  std::optional<int64_t> run;  // nullopt: nothing to compare with
  std::string how;             // "baseline 'NAME'", "previous run with the same key", "run 12 (given)", or why none
  std::vector<std::string> notes;
};

// spec: "" = the key's stored baseline, else the previous run with the same key;
// "previous"; a baseline name; or a run (id, uuid prefix, 'last'). Throws
// hb::Error (exit 2) for a name/run that does not exist or a baseline whose
// run is not in this file.
ChosenBaseline choose_baseline(store::RunStore& db, int64_t run, const std::string& spec);

struct CheckReport {
  RunData run;
  std::optional<RunData> base;
  std::string baseline_how;
  std::vector<std::string> notes;
  std::vector<RuleResult> rules;  // timing, accuracy, bit-exact, footprint[, trend]
  OpDiff ops;
  size_t top_ops = 5;
  // 0 pass (a rule that could not compare says so), 1 any rule failed, 2
  // nothing that needs a baseline could be compared with it.
  int exit_code = 0;
};

// Throws hb::Error (exit 2) if the run or the baseline is not complete.
CheckReport run_check(store::RunStore& db, int64_t run, const ChosenBaseline& baseline, const CheckOptions& o);

std::string report_text(const CheckReport& r);
nlohmann::json report_json(const CheckReport& r);
std::string report_junit(const CheckReport& r);  // one <testcase> per rule

}  // namespace hb::check
