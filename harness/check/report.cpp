// Rendering a CheckReport: one screen of text, JSON, JUnit XML.
#include <cmath>

#include "check/check.h"
#include "check/format.h"
#include "report/text_escape.h"

namespace hb::check {

using report::xml_escape;  // one escaping rule for every XML hilbench writes

namespace {

const char* tag(Verdict v) {
  switch (v) {
    case Verdict::Pass:
      return "PASS";
    case Verdict::Fail:
      return "FAIL";
    case Verdict::Skip:
      return "skip";
    case Verdict::Incomparable:
      return "N/C ";
  }
  return "?";
}

std::string run_label(const store::RunInfo& r) {
  return fmt("run %lld (%s)", static_cast<long long>(r.id), r.uuid.substr(0, 8).c_str());
}

std::string verdict_word(int exit_code) {
  return exit_code == 0 ? "pass" : exit_code == 1 ? "regression" : "not comparable";
}

nlohmann::json run_json(const RunData& d) {
  const auto& i = d.info;
  return {{"run_id", i.id},
          {"uuid", i.uuid},
          {"started_at", i.started_at},
          {"git_rev", i.git_rev},
          {"board", d.key.board},
          {"model", i.model_name},
          {"model_sha256", d.key.model_sha256},
          {"dataset_sha256", d.key.dataset_sha256},
          {"firmware_build", i.firmware_build},
          {"firmware_config", d.key.firmware_config},
          {"setup",
           {{"sample_set", d.setup.sample_set},
            {"preprocess", d.setup.preprocess},
            {"per_op", d.setup.per_op},
            {"fw_version", d.setup.fw_version},
            {"fw_cflags", d.setup.fw_cflags},
            {"fw_clock", d.setup.fw_clock},
            {"fw_revision", d.setup.fw_revision}}},
          {"timer_source", i.timer_source},
          {"time_unit", i.time_unit},
          {"samples", d.samples.size()}};
}

}  // namespace

std::string report_text(const CheckReport& r) {
  std::string o = "check " + run_label(r.run.info) + " vs ";
  o += r.base ? run_label(r.base->info) + ", " + r.baseline_how : r.baseline_how;
  o += "\n  " + describe(r.run.key) + "; model " + r.run.info.model_name + "\n";
  for (const auto& n : r.notes) o += "  note: " + n + "\n";
  for (const auto& x : r.rules) {
    o += fmt("%s  %-10s %s\n", tag(x.verdict), x.rule.c_str(), x.summary.c_str());
    for (const auto& d : x.details) o += "            " + d + "\n";
  }
  if (r.ops.available) {
    const size_t n = std::min(r.top_ops, r.ops.changes.size());
    o += fmt("per-op median %s, largest changes (%zu of %zu ops):\n", r.run.info.time_unit.c_str(), n,
             r.ops.changes.size());
    for (size_t i = 0; i < n; ++i) {
      const OpChange& c = r.ops.changes[i];
      o += fmt("  op %4lld %-20.20s %12.0f -> %12.0f  (%+.0f, %+.1f %%)\n", static_cast<long long>(c.op_index),
               c.op_kind.c_str(), c.base, c.cand, c.delta, c.rel * 100);
    }
  } else if (r.base) {
    o += "per-op: " + r.ops.why + "\n";
  }
  std::string failed, nc;
  for (const auto& x : r.rules) {
    if (x.verdict == Verdict::Fail) failed += (failed.empty() ? "" : ", ") + x.rule;
    if (x.verdict == Verdict::Incomparable) nc += (nc.empty() ? "" : ", ") + x.rule;
  }
  o += "result: " + verdict_word(r.exit_code);
  if (!failed.empty()) o += " (" + failed + ")";
  // Said on the result line too: a rule that could not compare is never silent.
  if (!nc.empty() && r.exit_code != 2) o += "; NOT COMPARABLE: " + nc;
  if (!nc.empty() && r.exit_code == 2) o += " (" + nc + ")";
  o += fmt(", exit %d\n", r.exit_code);
  return o;
}

nlohmann::json report_json(const CheckReport& r) {
  nlohmann::json j;
  j["verdict"] = verdict_word(r.exit_code);
  j["not_comparable"] = nlohmann::json::array();
  for (const auto& x : r.rules)
    if (x.verdict == Verdict::Incomparable) j["not_comparable"].push_back(x.rule);
  j["exit_code"] = r.exit_code;
  j["run"] = run_json(r.run);
  j["baseline"] = r.base ? run_json(*r.base) : nlohmann::json(nullptr);
  j["baseline_source"] = r.baseline_how;
  j["notes"] = r.notes;
  j["rules"] = nlohmann::json::array();
  for (const auto& x : r.rules)
    j["rules"].push_back({{"rule", x.rule},
                          {"verdict", to_string(x.verdict)},
                          {"summary", x.summary},
                          {"details", x.details},
                          {"data", x.data}});
  nlohmann::json ops = {{"available", r.ops.available}};
  if (!r.ops.available) ops["why"] = r.ops.why;
  ops["changes"] = nlohmann::json::array();
  for (const auto& c : r.ops.changes)
    ops["changes"].push_back({{"op_index", c.op_index},
                              {"op_kind", c.op_kind},
                              {"base_median", c.base},
                              {"cand_median", c.cand},
                              {"delta", c.delta},
                              {"rel", c.rel}});
  j["op_changes"] = ops;
  return j;
}

std::string report_junit(const CheckReport& r) {
  int failures = 0, errors = 0, skipped = 0;
  for (const auto& x : r.rules) {
    failures += x.verdict == Verdict::Fail;
    errors += x.verdict == Verdict::Incomparable;
    skipped += x.verdict == Verdict::Skip;
  }
  const std::string suite =
      "hilbench check " + run_label(r.run.info) + (r.base ? " vs " + run_label(r.base->info) : std::string());
  std::string o = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  o += fmt("<testsuites name=\"hilbench check\" tests=\"%zu\" failures=\"%d\" errors=\"%d\" skipped=\"%d\">\n",
           r.rules.size(), failures, errors, skipped);
  o += fmt("  <testsuite name=\"%s\" tests=\"%zu\" failures=\"%d\" errors=\"%d\" skipped=\"%d\">\n",
           xml_escape(suite).c_str(), r.rules.size(), failures, errors, skipped);
  const std::string cls = "hilbench.check." + xml_escape(r.run.key.board.empty() ? "host" : r.run.key.board) + "." +
                          xml_escape(r.run.info.model_name);
  for (const auto& x : r.rules) {
    o += "    <testcase classname=\"" + cls + "\" name=\"" + xml_escape(x.rule) + "\" time=\"0\"";
    std::string body;
    for (const auto& d : x.details) body += d + "\n";
    const std::string msg = xml_escape(x.summary);
    switch (x.verdict) {
      case Verdict::Pass:
        o += "/>\n";
        continue;
      case Verdict::Fail:
        o += ">\n      <failure message=\"" + msg + "\" type=\"regression\">";
        break;
      case Verdict::Incomparable:
        o += ">\n      <error message=\"" + msg + "\" type=\"not-comparable\">";
        break;
      case Verdict::Skip:
        o += ">\n      <skipped message=\"" + msg + "\"/>\n    </testcase>\n";
        continue;
    }
    o += xml_escape(x.summary + "\n" + body) + (x.verdict == Verdict::Fail ? "</failure>\n" : "</error>\n");
    o += "    </testcase>\n";
  }
  o += "  </testsuite>\n</testsuites>\n";
  return o;
}

}  // namespace hb::check
