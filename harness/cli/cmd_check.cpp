// `hilbench check RUN [--baseline previous|NAME|RUN]`: compare a run with its
// baseline and exit 1 on a regression (0 pass, 2 not comparable / usage).
#include <cstdio>
#include <fstream>

#include "check/check.h"
#include "check/run_data.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/defaults.h"
#include "common/error.h"

namespace hb::cli {

const CommandSpec kCheckSpec{
    "check",
    {"RUN [--baseline previous|NAME|RUN] [options]"},
    "compare a run with its baseline: timing, accuracy, bit-exactness, footprint",
    "RUN is a run id, a uuid prefix, or 'last'. Without --baseline: the named baseline for the run's board, model, "
    "dataset and firmware config, else the previous comparable run.",
    {
        opt("baseline", "previous|NAME|RUN", "what to compare with", "the run's baseline, else previous"),
        opt("db", "FILE", "run store (SQLite)", kDbDefault),
        flag("json", "print the report as JSON"),
        opt("junit", "FILE", "also write the report as JUnit XML", "none"),
        opt("time-threshold", "FRACTION", "median time regression threshold (0.01 or 1%)", "1%"),
        opt("time-k", "K", "or K x the baseline's scaled MAD, whichever is larger", "1"),
        opt("alpha", "P", "significance level (Mann-Whitney for timing, McNemar for accuracy)", "0.01"),
        opt("acc-threshold", "FRACTION", "top-1 drop threshold", "2%"),
        opt("size-threshold", "FRACTION", "footprint growth threshold", "1%"),
        opt("flips", "N", "samples listed whose prediction flipped", "5"),
        opt("top-ops", "N", "ops listed in the per-op comparison", "5"),
        flag("require-baseline", "exit 2 when there is nothing to compare with"),
    },
    {"last"},
    {"1  a regression"},
    {"hilbench check last", "hilbench check 12 --baseline previous --junit check.xml"},
};

namespace {

constexpr const char* kUsage =
    "usage: hilbench check RUN [--baseline previous|NAME|RUN] [--db FILE] [--json] [--junit FILE]\n"
    "         [--time-threshold 1%] [--time-k 1] [--alpha 0.01] [--acc-threshold 2%] [--size-threshold 1%]\n"
    "         [--flips N] [--top-ops N] [--require-baseline]";

// "2%" or "0.02". A bare number above 1 is most likely a forgotten '%'.
double fraction(const Args& a, const std::string& name, double def) {
  const auto v = a.get(name);
  if (!v) return def;
  const bool pct = !v->empty() && v->back() == '%';
  const std::string num = pct ? v->substr(0, v->size() - 1) : *v;
  double x = 0;
  try {
    size_t used = 0;
    x = std::stod(num, &used);
    if (used != num.size()) throw std::invalid_argument("trailing");
  } catch (const std::exception&) {
    throw Error("option --" + name + " expects a fraction (0.02) or a percentage (2%), got '" + *v + "'");
  }
  if (pct) x /= 100;
  if (!(x >= 0) || (!pct && x > 1))
    throw Error("option --" + name + ": '" + *v + "' is out of range (a fraction 0..1, or a percentage like 2%)");
  return x;
}

}  // namespace

int cmd_check(const Argv& argv) {
  Args a(argv, kCheckSpec);
  if (a.positional().size() != 1) throw Error(kUsage);
  check::CheckOptions o;
  o.timing.rel_threshold = fraction(a, "time-threshold", o.timing.rel_threshold);
  o.timing.k_mad = a.get_double("time-k", o.timing.k_mad);
  o.timing.alpha = o.accuracy.alpha = a.get_double("alpha", o.timing.alpha);
  o.accuracy.abs_threshold = fraction(a, "acc-threshold", o.accuracy.abs_threshold);
  o.accuracy.max_listed = static_cast<int>(a.get_int("flips", o.accuracy.max_listed));
  o.footprint.rel_threshold = fraction(a, "size-threshold", o.footprint.rel_threshold);
  o.top_ops = static_cast<size_t>(a.get_int("top-ops", static_cast<long>(o.top_ops)));
  if (!(o.timing.alpha > 0 && o.timing.alpha < 1)) throw Error("option --alpha must be between 0 and 1");
  if (!(o.timing.k_mad >= 0)) throw Error("option --time-k must be >= 0");
  if (o.accuracy.max_listed < 0) throw Error("option --flips must be >= 0");

  const std::string path = a.get_or("db", default_db_path());
  auto db = store::RunStore::open(path, store::OpenMode::ReadOnly);
  const int64_t run = check::resolve_run(db, a.positional()[0]);
  const check::ChosenBaseline base = check::choose_baseline(db, run, a.get_or("baseline", ""));
  if (!base.run && a.flag("require-baseline")) throw Error(path + ": run " + std::to_string(run) + ": " + base.how);
  const check::CheckReport r = check::run_check(db, run, base, o);

  if (auto junit = a.get("junit")) {
    std::ofstream f(*junit, std::ios::binary | std::ios::trunc);
    f << check::report_junit(r);
    f.close();
    if (!f) throw Error(*junit + ": cannot write the JUnit report");
  }
  if (a.flag("json"))
    std::printf("%s\n", check::report_json(r).dump(2).c_str());
  else
    std::printf("%s", check::report_text(r).c_str());
  return r.exit_code;
}

}  // namespace hb::cli
