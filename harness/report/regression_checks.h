// `hilbench check` of each board x model's latest run against the previous
// complete run with the same key, for the JUnit report. The statistics are
// harness/check's; this only collects its verdicts.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "report/report_data.h"
#include "store/run_store.h"

namespace hb::report {

struct RegressionCheck {
  int64_t baseline_run = 0;
  std::string baseline_how;
  int exit_code = 0;                // as `hilbench check`: 0 pass, 1 regression, 2 not comparable
  std::vector<std::string> failed;  // "rule: summary" of the rules that failed
  std::vector<std::string> lines;   // "rule verdict: summary" of every rule
};

// By index into rep.keys; only keys whose latest run is complete and has an
// earlier complete run with the same key. A check that cannot run is
// reported with exit_code 2 and the reason in `lines`.
std::map<size_t, RegressionCheck> regression_checks(store::RunStore& db, const Report& rep);

}  // namespace hb::report
