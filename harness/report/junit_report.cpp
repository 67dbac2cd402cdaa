#include "report/junit_report.h"

#include <cstdio>

#include "report/model_card_tables.h"
#include "report/text_escape.h"
#include "report/time_units.h"

namespace hb::report {

namespace {

std::string seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", s);
  return buf;
}

struct Case {
  std::string name, classname;
  double secs = 0;
  std::vector<std::string> failures;  // one line each
  std::string out;                    // system-out
};

Case judge(const KeyReport& k, const RegressionCheck* check) {
  Case c;
  c.name = k.board.name + "/" + k.model.name;
  c.classname = "hilbench." + k.board.name;
  const RunPoint& r = *k.latest();
  c.secs = r.duration_s.value_or(0);
  const std::string run = "run " + std::to_string(r.id) + " (" + r.uuid.substr(0, 8) + ")";
  const auto& s = r.summary;
  c.out = run + " " + std::string(store::to_string(r.status)) + ", started " + r.started_at + ", git " +
          (r.git_rev.empty() ? "?" : r.git_rev) + ", host " + r.host + "\n";
  c.out += "images " + std::to_string(s.samples) + ", bit-exact " + bit_exact_text(r) + ", top-1 " + top1_text(r);
  if (s.ticks)
    c.out +=
        ", median " + format_ticks(s.ticks->median, r.time_unit, r.timer_hz) + " [" + timer_label(r.timer_source) + "]";
  c.out += "\n";

  if (!r.complete())
    c.failures.push_back(run + " is " + std::string(store::to_string(r.status)) +
                         (r.error.empty() ? std::string() : ": " + r.error));
  if (!r.fully_bit_exact()) {
    std::string f = run + ": " + std::to_string(s.bit_exact) + " of " + std::to_string(s.samples) +
                    " outputs bit-exact with the host engine (" + std::to_string(s.compared) + " compared)";
    if (s.first_mismatch_idx)
      f += ", first mismatch sample " + std::to_string(*s.first_mismatch_idx) + " (" + s.first_mismatch_sample + ")";
    c.failures.push_back(f);
  }
  if (check) {
    c.out += "check against " +
             (check->baseline_run ? "run " + std::to_string(check->baseline_run) + " (" + check->baseline_how + ")"
                                  : std::string("previous run")) +
             ":\n";
    for (const auto& l : check->lines) c.out += "  " + l + "\n";
    for (const auto& f : check->failed)
      if (r.fully_bit_exact() || f.rfind("bit-exact", 0) != 0)  // already reported above
        c.failures.push_back("regression against run " + std::to_string(check->baseline_run) + ": " + f);
  }
  return c;
}

}  // namespace

std::string junit_report(const Report& rep, const std::map<size_t, RegressionCheck>& checks, JUnitCounts* counts) {
  std::vector<Case> cases;
  for (size_t i = 0; i < rep.keys.size(); ++i) {
    if (!rep.keys[i].latest()) continue;
    const auto it = checks.find(i);
    cases.push_back(judge(rep.keys[i], it == checks.end() ? nullptr : &it->second));
  }
  int failures = 0;
  double total = 0;
  for (const Case& c : cases) {
    failures += !c.failures.empty();
    total += c.secs;
  }
  // The schema's timestamp has no zone suffix; ours is UTC.
  std::string stamp = rep.generated_at;
  if (!stamp.empty() && stamp.back() == 'Z') stamp.pop_back();
  const std::string n = std::to_string(cases.size()), nf = std::to_string(failures);

  std::string o = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  o += "<testsuites name=\"hilbench\" tests=\"" + n + "\" failures=\"" + nf + "\" errors=\"0\" time=\"" +
       seconds(total) + "\">\n";
  o += "  <testsuite name=\"hilbench.report\" tests=\"" + n + "\" failures=\"" + nf +
       "\" errors=\"0\" skipped=\"0\" time=\"" + seconds(total) + "\" timestamp=\"" + xml_escape(stamp) + "\">\n";
  o += "    <properties>\n      <property name=\"db\" value=\"" + xml_escape(rep.db_path) +
       "\"/>\n      <property name=\"runs_selected\" value=\"" + std::to_string(rep.n_runs) +
       "\"/>\n    </properties>\n";
  for (const Case& c : cases) {
    o += "    <testcase name=\"" + xml_escape(c.name) + "\" classname=\"" + xml_escape(c.classname) + "\" time=\"" +
         seconds(c.secs) + "\">\n";
    if (!c.failures.empty()) {
      std::string msg;
      for (const auto& f : c.failures) msg += (msg.empty() ? "" : "; ") + f;
      o += "      <failure message=\"" + xml_escape(msg) + "\" type=\"hilbench\">";
      for (const auto& f : c.failures) o += xml_escape(f) + "\n";
      o += "</failure>\n";
    }
    o += "      <system-out>" + xml_escape(c.out) + "</system-out>\n";
    o += "    </testcase>\n";
  }
  o += "  </testsuite>\n</testsuites>\n";
  if (counts) *counts = {static_cast<int>(cases.size()), failures};
  return o;
}

}  // namespace hb::report
