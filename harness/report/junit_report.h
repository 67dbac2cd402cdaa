// `hilbench report --format junit`: one <testcase name="board/model"> per
// board x model, judged on its latest run: it fails when that run is not
// complete, when not every output was compared and bit-exact, or when
// `hilbench check` against the previous complete run finds a regression.
// Follows the JUnit XML schema CI servers read (Jenkins junit-10.xsd, as used
// by GitLab and GitHub test-report actions).
#pragma once

#include <map>
#include <string>

#include "report/regression_checks.h"
#include "report/report_data.h"

namespace hb::report {

struct JUnitCounts {
  int tests = 0, failures = 0;
};

std::string junit_report(const Report& rep, const std::map<size_t, RegressionCheck>& checks,
                         JUnitCounts* counts = nullptr);

}  // namespace hb::report
