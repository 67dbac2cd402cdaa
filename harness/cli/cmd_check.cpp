// `hilbench check RUN [--baseline previous|NAME|RUN]`: compare a run with its
// baseline and exit 1 on a regression (0 pass, 2 not comparable / usage).
#include <cstdio>
#include <fstream>
#include <sstream>

#include "check/check.h"
#include "check/run_data.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/defaults.h"
#include "common/error.h"
#include "run/runner.h"

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
        opt("noisy-threshold", "FRACTION", "threshold for noisy timers (clock, pmu)", "5%"),
        opt("time-k-runs", "K", "noisy timers: or K x the spread between the baseline's recent runs", "3"),
        opt("history", "N", "comparable runs before the baseline used for the between-run spread", "10"),
        opt("warmup", "N", "first inferences kept out of the timing statistics", "1"),
        opt("trend-runs", "N", "comparable runs the trend (creep) test looks at (3..100)", "8"),
        flag("no-trend", "skip the trend test over recent runs"),
        opt("confirm", "N", "re-run a suspected timing regression N times on the board before calling it", "0"),
    },
    {"last"},
    {"1  a regression"},
    {"hilbench check last", "hilbench check 12 --baseline previous --junit check.xml"},
};

namespace {

constexpr const char* kUsage =
    "usage: hilbench check RUN [--baseline previous|NAME|RUN] [--db FILE] [--json] [--junit FILE]\n"
    "         [--time-threshold 1%] [--time-k 1] [--alpha 0.01] [--acc-threshold 2%] [--size-threshold 1%]\n"
    "         [--flips N] [--top-ops N] [--require-baseline] [--noisy-threshold 5%] [--time-k-runs 3]\n"
    "         [--history 10] [--warmup 1] [--trend-runs 8] [--no-trend] [--confirm N]";

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

// The options `hilbench run` stored in the run's config, to run the same
// configuration again for --confirm.
run::RunOptions rerun_options(const store::RunInfo& i, const std::string& db) {
  const nlohmann::json& c = i.config;
  auto text = [&](const char* k) { return c.contains(k) && c[k].is_string() ? c[k].get<std::string>() : ""; };
  run::RunOptions o;
  o.board = text("board");
  o.model = text("model");
  o.dataset = text("dataset");
  if (o.board.empty() || o.model.empty() || o.dataset.empty())
    throw Error("run " + std::to_string(i.id) +
                " has no board/model/dataset in its config: --confirm cannot re-run it");
  o.limit = c.value("limit", 0L);
  o.per_op = c.value("per_op", false);
  o.host_threads = c.value("host_threads", 0u);
  o.db = db;
  o.progress = false;
  // "resize=bilinear aspect=fit colour=auto rescale=pixel-codes"
  std::istringstream in(text("preprocess"));
  std::string tok;
  const std::string what = "run " + std::to_string(i.id) + " preprocess";
  while (in >> tok) {
    const auto eq = tok.find('=');
    if (eq == std::string::npos) continue;
    const std::string k = tok.substr(0, eq), v = tok.substr(eq + 1);
    if (k == "resize") o.preprocess.resize = data::parse_resize(v, what);
    if (k == "aspect") o.preprocess.aspect = data::parse_aspect(v, what);
    if (k == "colour" && v != "auto") o.preprocess.colour = data::parse_colour(v, what);
    if (k == "rescale" && v != "pixel-codes") o.preprocess.rescale = data::parse_rescale(v, what);
  }
  return o;
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
  o.timing.noisy_threshold = fraction(a, "noisy-threshold", o.timing.noisy_threshold);
  o.timing.k_between = a.get_double("time-k-runs", o.timing.k_between);
  const long history = a.get_int("history", static_cast<long>(o.timing.history));
  const long warmup = a.get_int("warmup", static_cast<long>(o.timing.warmup));
  const long trend_runs = a.get_int("trend-runs", static_cast<long>(o.trend.runs));
  o.confirm = static_cast<int>(a.get_int("confirm", 0));
  if (history < 0 || warmup < 0 || o.confirm < 0 || o.confirm > 20 || trend_runs < 3 || trend_runs > 100)
    throw Error("options --history, --warmup must be >= 0, --confirm 0..20, --trend-runs 3..100");
  if (!(o.timing.k_between >= 0)) throw Error("option --time-k-runs must be >= 0");
  o.timing.history = static_cast<size_t>(history);
  o.timing.warmup = static_cast<size_t>(warmup);
  o.trend.runs = static_cast<size_t>(trend_runs);
  if (!(o.timing.alpha > 0 && o.timing.alpha < 1)) throw Error("option --alpha must be between 0 and 1");
  if (!(o.timing.k_mad >= 0)) throw Error("option --time-k must be >= 0");
  if (o.accuracy.max_listed < 0) throw Error("option --flips must be >= 0");

  const std::string path = a.get_or("db", default_db_path());
  // --confirm stores its re-runs, so only then is the file opened for writing.
  auto db = store::RunStore::open(path, o.confirm > 0 ? store::OpenMode::ReadWrite : store::OpenMode::ReadOnly);
  const int64_t run = check::resolve_run(db, a.positional()[0]);
  const std::string spec = a.get_or("baseline", "");
  const check::ChosenBaseline base = check::choose_baseline(db, run, spec);
  // The nightly way (no --baseline, or 'previous') also watches the series for creep.
  o.with_trend = (spec.empty() || spec == "previous") && !a.flag("no-trend");
  if (o.confirm > 0) {
    const run::RunOptions again = rerun_options(*db.find_run(run), path);
    o.rerun = [again] {
      std::fprintf(stderr, "check --confirm: re-running board %s\n", again.board.c_str());
      return run::execute_run(again);
    };
  }
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
