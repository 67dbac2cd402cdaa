// Shared bits of the rules: verdict names, the no-baseline result, formatting.
#include "check/rules.h"

#include "check/format.h"

namespace hb::check {

const char* to_string(Verdict v) {
  switch (v) {
    case Verdict::Pass:
      return "pass";
    case Verdict::Fail:
      return "fail";
    case Verdict::Skip:
      return "skip";
    case Verdict::Incomparable:
      return "incomparable";
  }
  return "?";
}

RuleResult no_baseline(const std::string& rule, const std::string& why) {
  RuleResult r;
  r.rule = rule;
  r.verdict = Verdict::Skip;
  r.summary = why;
  return r;
}

std::string percent(double fraction, int decimals) { return fmt("%.*f %%", decimals, fraction * 100); }

}  // namespace hb::check
