// Accuracy: top-1 change judged on the paired per-image outcomes. Both runs
// saw the same images, so only the images whose right/wrong outcome changed
// (the discordant pairs) carry information: McNemar's exact test on them.
#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include "check/format.h"
#include "check/rules.h"
#include "check/stats.h"

namespace hb::check {

namespace {

struct ClassCount {
  int64_t n = 0, base_right = 0, cand_right = 0;
};

std::string pred_text(const std::optional<int64_t>& p) { return p ? std::to_string(*p) : std::string("none"); }

std::string class_text(int64_t c, const std::vector<std::string>& names) {
  if (c >= 0 && static_cast<size_t>(c) < names.size())
    return names[static_cast<size_t>(c)] + " (" + std::to_string(c) + ")";
  return std::to_string(c);
}

}  // namespace

RuleResult accuracy_rule(const RunData& base, const RunData& cand, const AccuracyOptions& o) {
  RuleResult r;
  r.rule = "accuracy";
  std::unordered_map<std::string, const store::SampleStat*> by_id;
  for (const auto& s : base.samples)
    if (s.label >= 0) by_id.emplace(s.sample_id, &s);

  int64_t n = 0, base_right = 0, cand_right = 0, label_mismatch = 0;
  std::vector<std::pair<const store::SampleStat*, const store::SampleStat*>> lost, gained;  // (base, cand)
  int64_t pred_changed = 0;
  std::map<int64_t, ClassCount> classes;
  for (const auto& c : cand.samples) {
    if (c.label < 0) continue;
    auto it = by_id.find(c.sample_id);
    if (it == by_id.end()) continue;
    const store::SampleStat& b = *it->second;
    if (b.label != c.label) {  // same file, other label: not the same question
      ++label_mismatch;
      continue;
    }
    ++n;
    const bool br = b.device_pred == b.label, cr = c.device_pred == c.label;  // no answer counts as wrong
    base_right += br;
    cand_right += cr;
    ClassCount& cc = classes[c.label];
    ++cc.n;
    cc.base_right += br;
    cc.cand_right += cr;
    if (b.device_pred != c.device_pred) ++pred_changed;
    if (br && !cr) lost.emplace_back(&b, &c);
    if (!br && cr) gained.emplace_back(&b, &c);
  }
  r.data["paired"] = n;
  if (label_mismatch) r.data["label_mismatches"] = label_mismatch;
  if (n == 0) {
    r.summary = base.samples.empty() || cand.samples.empty() ? "no samples"
                                                             : "no labelled images in common: nothing to compare";
    return r;
  }
  const auto b_cnt = static_cast<int64_t>(lost.size()), c_cnt = static_cast<int64_t>(gained.size());
  const double acc_b = static_cast<double>(base_right) / static_cast<double>(n);
  const double acc_c = static_cast<double>(cand_right) / static_cast<double>(n);
  const double delta = acc_c - acc_b;
  const double p = mcnemar_exact_p(b_cnt, c_cnt);
  // With d discordant pairs the smallest attainable p is 2^(1-d): below
  // log2(2/alpha) pairs the test can never fire, so an absolute drop decides.
  const bool powered = mcnemar_exact_p(b_cnt + c_cnt, 0) < o.alpha;
  const bool fail = delta < 0 && (powered ? p < o.alpha : -delta > o.abs_threshold);
  r.verdict = fail ? Verdict::Fail : Verdict::Pass;
  r.summary = fmt("top-1 %.2f %% -> %.2f %% (%+.2f pts) on %lld paired images; %lld right->wrong, %lld wrong->right",
                  acc_b * 100, acc_c * 100, delta * 100, static_cast<long long>(n), static_cast<long long>(b_cnt),
                  static_cast<long long>(c_cnt));
  if (powered)
    r.details.push_back(fmt("McNemar exact p = %.3g (alpha %.3g)", p, o.alpha));
  else
    r.details.push_back(
        fmt("McNemar exact p = %.3g: %lld discordant pairs are too few for alpha %.3g; "
            "absolute drop limit %.2f pts decides",
            p, static_cast<long long>(b_cnt + c_cnt), o.alpha, o.abs_threshold * 100));
  if (label_mismatch)
    r.details.push_back(
        fmt("%lld images have different labels in the two runs: left out", static_cast<long long>(label_mismatch)));

  // Flipped images: the losses first (they are what fails the rule).
  nlohmann::json flips = nlohmann::json::array();
  int listed = 0;
  for (const auto* list : {&lost, &gained})
    for (const auto& [b, c] : *list) {
      const bool now_wrong = list == &lost;
      flips.push_back({{"idx", c->idx},
                       {"sample_id", c->sample_id},
                       {"label", c->label},
                       {"base_pred", b->device_pred ? nlohmann::json(*b->device_pred) : nlohmann::json(nullptr)},
                       {"cand_pred", c->device_pred ? nlohmann::json(*c->device_pred) : nlohmann::json(nullptr)},
                       {"now", now_wrong ? "wrong" : "right"}});
      if (listed < o.max_listed && (fail ? now_wrong : true)) {
        r.details.push_back(fmt("  %s %s: label %s, predicted %s -> %s", now_wrong ? "lost  " : "gained",
                                c->sample_id.c_str(), class_text(c->label, cand.class_names).c_str(),
                                pred_text(b->device_pred).c_str(), pred_text(c->device_pred).c_str()));
        ++listed;
      }
    }
  const auto total_listed = fail ? b_cnt : b_cnt + c_cnt;
  if (total_listed > listed)
    r.details.push_back(fmt("  ... %lld more (see --json)", static_cast<long long>(total_listed - listed)));

  // Per-class deltas, worst first; only classes that changed.
  nlohmann::json per_class = nlohmann::json::array();
  std::vector<std::pair<double, int64_t>> changed;
  for (const auto& [label, cc] : classes) {
    const double d = static_cast<double>(cc.cand_right - cc.base_right) / static_cast<double>(cc.n);
    per_class.push_back({{"class", label},
                         {"name", label >= 0 && static_cast<size_t>(label) < cand.class_names.size()
                                      ? cand.class_names[static_cast<size_t>(label)]
                                      : std::string()},
                         {"n", cc.n},
                         {"base_right", cc.base_right},
                         {"cand_right", cc.cand_right},
                         {"delta", d}});
    if (cc.cand_right != cc.base_right) changed.emplace_back(d, label);
  }
  std::sort(changed.begin(), changed.end());
  for (size_t i = 0; i < changed.size() && i < 5; ++i) {
    const ClassCount& cc = classes[changed[i].second];
    r.details.push_back(fmt(
        "  class %s: %lld/%lld -> %lld/%lld right (%+.1f pts)", class_text(changed[i].second, cand.class_names).c_str(),
        static_cast<long long>(cc.base_right), static_cast<long long>(cc.n), static_cast<long long>(cc.cand_right),
        static_cast<long long>(cc.n), changed[i].first * 100));
  }
  if (changed.size() > 5) r.details.push_back(fmt("  ... %zu more classes changed", changed.size() - 5));

  r.data.update({{"base_top1", acc_b},
                 {"cand_top1", acc_c},
                 {"delta", delta},
                 {"right_to_wrong", b_cnt},
                 {"wrong_to_right", c_cnt},
                 {"predictions_changed", pred_changed},
                 {"mcnemar_p", p},
                 {"alpha", o.alpha},
                 {"test_has_power", powered},
                 {"abs_threshold", o.abs_threshold},
                 {"flips", flips},
                 {"per_class", per_class}});
  return r;
}

}  // namespace hb::check
