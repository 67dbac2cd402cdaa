#include "check/check.h"

#include "check/baselines.h"
#include "check/format.h"
#include "check/tick_quality.h"
#include "common/error.h"

namespace hb::check {

namespace {

std::string run_label(const store::RunInfo& r) {
  return fmt("run %lld (%s)", static_cast<long long>(r.id), r.uuid.substr(0, 8).c_str());
}

void require_complete(const store::RunInfo& r, const std::string& role) {
  if (r.status == store::RunStatus::Complete) return;
  throw Error(role + " " + run_label(r) + " is " + std::string(store::to_string(r.status)) +
              (r.error.empty() ? std::string() : " (" + r.error + ")") + ": only complete runs can be checked");
}

// Each rule on its own: a failure anywhere is a regression (exit 1), even
// when another rule could not compare; "not comparable" (exit 2) only when
// no rule that needs the baseline could use it.
int exit_code_of(const std::vector<RuleResult>& rules) {
  bool fail = false, compared = false, incomparable = false;
  for (const auto& x : rules) {
    fail |= x.verdict == Verdict::Fail;
    if (x.rule == "bit-exact") continue;  // needs no baseline
    compared |= x.verdict == Verdict::Pass;
    incomparable |= x.verdict == Verdict::Incomparable;
  }
  if (fail) return kExitFailure;
  return incomparable && !compared ? kExitUsage : kExitOk;
}

// Re-measures a suspected timing regression: runs the same configuration
// `confirm` more times and keeps the failure only if every re-run is slower
// than the baseline too (a one-off busy moment on the host passes).
void confirm_timing(store::RunStore& db, const CheckReport& r, RuleResult& timing, const NoiseModel& nm,
                    const CheckOptions& o) {
  int slower = 0;
  nlohmann::json reruns = nlohmann::json::array();
  for (int i = 0; i < o.confirm; ++i) {
    const int64_t id = o.rerun();
    const RunData again = load_run(db, id);
    RuleResult t = timing_rule(*r.base, again, o.timing, nm);
    const bool s = t.verdict == Verdict::Fail;
    slower += s;
    reruns.push_back({{"run_id", id}, {"verdict", to_string(t.verdict)}, {"summary", t.summary}});
    timing.details.push_back(
        fmt("confirm %d/%d: run %lld %s", i + 1, o.confirm, static_cast<long long>(id), t.summary.c_str()));
  }
  timing.data["confirm"] = reruns;
  if (slower < o.confirm) {
    timing.verdict = Verdict::Pass;
    timing.summary += fmt(" -- not confirmed (%d of %d re-runs slower)", slower, o.confirm);
  } else {
    timing.summary += fmt(" -- confirmed by %d re-run(s)", o.confirm);
  }
}

}  // namespace

ChosenBaseline choose_baseline(store::RunStore& db, int64_t run, const std::string& spec) {
  ChosenBaseline c;
  auto previous = [&] {
    if (auto p = previous_run(db, run)) {
      c.run = p;
      c.how = "previous run with the same key";
    } else {
      c.how = "no baseline: no earlier complete run with this key";
    }
  };
  if (spec.empty()) {
    if (auto b = baseline_for_key(db, run_key(db, run))) {
      if (b->run_id) {
        c.run = b->run_id;
        c.how = "baseline '" + b->name + "'";
        return c;
      }
      c.notes.push_back("baseline '" + b->name + "' names run " + b->run_uuid.substr(0, 8) +
                        ", which is not in this file; using the previous run");
    }
    previous();
    return c;
  }
  if (spec == "previous") {
    previous();
    return c;
  }
  if (auto b = find_baseline(db, spec)) {
    if (!b->run_id)
      throw Error("baseline '" + spec + "' names run " + b->run_uuid + ", which is not in " + db.path() +
                  " (merge the file that has it: hilbench db merge)");
    c.run = b->run_id;
    c.how = "baseline '" + b->name + "'";
    return c;
  }
  try {
    c.run = resolve_run(db, spec);
  } catch (const Error&) {
    throw Error(db.path() + ": no baseline or run '" + spec +
                "' (hilbench baseline list; or give 'previous', a run id or uuid prefix)");
  }
  c.how = "run " + std::to_string(*c.run) + " (given)";
  return c;
}

CheckReport run_check(store::RunStore& db, int64_t run, const ChosenBaseline& baseline, const CheckOptions& o) {
  CheckReport r;
  r.run = load_run(db, run);
  require_complete(r.run.info, "run");
  r.baseline_how = baseline.how;
  r.notes = baseline.notes;
  r.top_ops = o.top_ops;
  if (baseline.run) {
    r.base = load_run(db, *baseline.run);
    require_complete(r.base->info, "baseline");
    if (*baseline.run == run) r.notes.push_back("the run is its own baseline: every comparison is trivially equal");
    // The source revision is what a nightly tests, so it is no key part; say so.
    const std::string &rb = r.base->setup.fw_revision, &rc = r.run.setup.fw_revision;
    if (rb != rc)
      r.notes.push_back("firmware source revision " + (rb.empty() ? std::string("unknown") : rb) + " -> " +
                        (rc.empty() ? std::string("unknown") : rc) + " (the change under test)");
  }
  // Device and host output of one sample of the checked run.
  auto bytes = [&](int64_t idx) {
    store::Stmt s =
        db.db().prepare("SELECT output, host_output, bit_exact FROM samples WHERE run_id = ?1 AND idx = ?2");
    s.bind(1, run).bind(2, idx);
    std::pair<std::vector<uint8_t>, std::vector<uint8_t>> out;
    if (s.step()) {
      out.first = s.blob(0);
      out.second = s.opt_int64(2) == 1 ? out.first : s.blob(1);  // host bytes are stored only when they differ
    }
    return out;
  };
  const std::string none = "skipped: " + baseline.how;
  if (r.base) {
    const std::vector<std::string> diffs = setup_differences(*r.base, r.run);
    if (!diffs.empty()) {
      // Different sample sets, preprocessing, probes or firmware builds give
      // different numbers for reasons other than a regression.
      std::string why = "not comparable: " + diffs[0] + " differs";
      for (size_t i = 1; i < diffs.size(); ++i) why += (i == 1 ? "; also " : ", ") + diffs[i];
      for (const char* name : {"timing", "accuracy"}) {
        RuleResult x = no_baseline(name, why);
        x.verdict = Verdict::Incomparable;
        x.data["differs"] = diffs;
        r.rules.push_back(std::move(x));
      }
      r.rules.push_back(bit_exact_rule(r.run, &*r.base, bytes));
      RuleResult f = no_baseline("footprint", why);
      f.verdict = Verdict::Incomparable;
      f.data["differs"] = diffs;
      r.rules.push_back(std::move(f));
      r.ops.why = "baseline not comparable";
    } else {
      // The baseline's history (comparable runs up to it) says how much
      // whole runs of a noisy timer move between themselves.
      std::vector<double> medians;
      if (!deterministic_timer(r.run.info.timer_source))
        for (const RunData& h : comparable_history(db, r.base->info.id, o.timing.history)) {
          const TickQuality q = assess_ticks(h.samples, o.timing.warmup);
          if (!q.valid.empty()) medians.push_back(q.median);
        }
      const NoiseModel nm = noise_model(r.run.info.timer_source, medians);
      RuleResult timing = timing_rule(*r.base, r.run, o.timing, nm);
      if (timing.verdict == Verdict::Fail && o.confirm > 0 && o.rerun) confirm_timing(db, r, timing, nm, o);
      r.rules.push_back(std::move(timing));
      r.rules.push_back(accuracy_rule(*r.base, r.run, o.accuracy));
      r.rules.push_back(bit_exact_rule(r.run, &*r.base, bytes));
      r.rules.push_back(footprint_rule(*r.base, r.run, o.footprint));
      r.ops = op_diff(r.base->ops, r.run.ops);
    }
  } else {
    r.rules.push_back(no_baseline("timing", none));
    r.rules.push_back(no_baseline("accuracy", none));
    r.rules.push_back(bit_exact_rule(r.run, nullptr, bytes));
    r.rules.push_back(no_baseline("footprint", none));
    r.ops.why = "no baseline";
  }
  if (o.with_trend) r.rules.push_back(trend_rule(comparable_history(db, run, o.trend.runs), o.timing, o.trend));
  r.exit_code = exit_code_of(r.rules);
  return r;
}

}  // namespace hb::check
