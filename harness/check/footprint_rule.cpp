// Footprint: activation RAM (model arena), plan and weight bytes, firmware
// code size must not grow beyond a threshold. Unknown figures (0) are skipped.
#include "check/format.h"
#include "check/rules.h"

namespace hb::check {

namespace {

const char* label(const std::string& item) {
  if (item == "arena_bytes") return "arena";
  if (item == "plan_bytes") return "plan";
  if (item == "weight_bytes") return "weights";
  if (item == "code_bytes") return "code";
  return item.c_str();
}

}  // namespace

RuleResult footprint_rule(const RunData& base, const RunData& cand, const FootprintOptions& o) {
  RuleResult r;
  r.rule = "footprint";
  std::vector<std::string> parts, grown, unknown;
  nlohmann::json items = nlohmann::json::array();
  for (size_t i = 0; i < cand.footprint.size() && i < base.footprint.size(); ++i) {
    const FootprintItem& b = base.footprint[i];
    const FootprintItem& c = cand.footprint[i];
    nlohmann::json j = {
        {"item", c.name}, {"base", b.bytes}, {"cand", c.bytes}, {"base_source", b.source}, {"cand_source", c.source}};
    if (b.bytes <= 0 || c.bytes <= 0) {
      unknown.push_back(label(c.name));
      j["verdict"] = "skip";
      items.push_back(j);
      continue;
    }
    const double growth = static_cast<double>(c.bytes - b.bytes) / static_cast<double>(b.bytes);
    const bool fail = growth > o.rel_threshold;
    j["growth"] = growth;
    j["verdict"] = fail ? "fail" : "pass";
    items.push_back(j);
    std::string part =
        fmt("%s %lld -> %lld", label(c.name), static_cast<long long>(b.bytes), static_cast<long long>(c.bytes));
    if (c.bytes != b.bytes) part += fmt(" (%+.2f %%)", growth * 100);
    parts.push_back(part);
    if (fail) grown.push_back(label(c.name));
  }
  r.data = {{"items", items}, {"rel_threshold", o.rel_threshold}};
  auto join = [](const std::vector<std::string>& v, const char* sep) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
    return s;
  };
  if (parts.empty()) {
    r.summary = "no footprint figure is known for both runs";
  } else {
    r.verdict = grown.empty() ? Verdict::Pass : Verdict::Fail;
    r.summary = join(parts, ", ") + " bytes";
    if (!grown.empty()) r.summary += "; " + join(grown, ", ") + " grew more than " + percent(o.rel_threshold);
  }
  if (!unknown.empty()) r.details.push_back(join(unknown, ", ") + ": unknown (0) in a run, skipped");
  return r;
}

}  // namespace hb::check
