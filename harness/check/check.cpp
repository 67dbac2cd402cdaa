#include "check/check.h"

#include "check/baselines.h"
#include "check/format.h"
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

// Which key parts differ, for a baseline the user picked by run.
std::string key_difference(const RunKey& a, const RunKey& b) {
  std::string d;
  auto add = [&](bool differs, const char* what) {
    if (differs) d += (d.empty() ? "" : ", ") + std::string(what);
  };
  add(a.board != b.board, "board");
  add(a.model_sha256 != b.model_sha256, "model");
  add(a.dataset_sha256 != b.dataset_sha256, "dataset");
  add(a.firmware_config != b.firmware_config, "firmware config");
  return d;
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
  const std::string d = key_difference(run_key(db, *c.run), run_key(db, run));
  if (!d.empty()) c.notes.push_back("the baseline run differs in " + d + ": results may not be comparable");
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
    r.rules.push_back(timing_rule(*r.base, r.run, o.timing));
    r.rules.push_back(accuracy_rule(*r.base, r.run, o.accuracy));
    r.rules.push_back(bit_exact_rule(r.run, &*r.base, bytes));
    r.rules.push_back(footprint_rule(*r.base, r.run, o.footprint));
    r.ops = op_diff(r.base->ops, r.run.ops);
  } else {
    r.rules.push_back(no_baseline("timing", none));
    r.rules.push_back(no_baseline("accuracy", none));
    r.rules.push_back(bit_exact_rule(r.run, nullptr, bytes));
    r.rules.push_back(no_baseline("footprint", none));
    r.ops.why = "no baseline";
  }
  bool fail = false, incomparable = false;
  for (const auto& x : r.rules) {
    fail |= x.verdict == Verdict::Fail;
    incomparable |= x.verdict == Verdict::Incomparable;
  }
  // Not comparable wins: the check could not be done as asked, which is a
  // setup problem for a human, not a verdict on the firmware.
  r.exit_code = incomparable ? kExitUsage : fail ? kExitFailure : kExitOk;
  return r;
}

}  // namespace hb::check
