#include "report/regression_checks.h"

#include "check/check.h"
#include "common/error.h"

namespace hb::report {

std::map<size_t, RegressionCheck> regression_checks(store::RunStore& db, const Report& rep) {
  std::map<size_t, RegressionCheck> out;
  for (size_t i = 0; i < rep.keys.size(); ++i) {
    const RunPoint* r = rep.keys[i].latest();
    if (!r || !r->complete()) continue;
    try {
      const check::ChosenBaseline base = check::choose_baseline(db, r->id, "previous");
      if (!base.run) continue;
      const check::CheckReport cr = check::run_check(db, r->id, base, check::CheckOptions{});
      RegressionCheck c;
      c.baseline_run = *base.run;
      c.baseline_how = base.how;
      c.exit_code = cr.exit_code;
      for (const check::RuleResult& x : cr.rules) {
        c.lines.push_back(x.rule + " " + check::to_string(x.verdict) + ": " + x.summary);
        if (x.verdict == check::Verdict::Fail) c.failed.push_back(x.rule + ": " + x.summary);
      }
      out[i] = std::move(c);
    } catch (const Error& e) {
      RegressionCheck c;
      c.exit_code = kExitUsage;
      c.lines.push_back(std::string("check not run: ") + e.what());
      out[i] = std::move(c);
    }
  }
  return out;
}

}  // namespace hb::report
