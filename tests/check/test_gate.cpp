// The regression gate (issue 11), in process on stores built through
// RunStore: each rule on its own, the comparability key, warm-up and bad
// ticks, the noise model per timer source, and the trend (creep) rule.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <functional>
#include <random>

#include "check/check.h"
#include "check/tick_quality.h"
#include "check_fixture.h"

namespace hb::check::test {
namespace {

// As `hilbench check RUN` with no --baseline: the key's baseline or the
// previous comparable run, plus the trend.
CheckReport nightly_check(store::RunStore& s, int64_t run) {
  CheckOptions o;
  o.with_trend = true;
  return run_check(s, run, choose_baseline(s, run, ""), o);
}

// QEMU systick-icount-like instruction counts: data-dependent only a little
// (requantisation branches), identical for identical inputs.
std::vector<int64_t> icount_ticks(size_t n) {
  std::vector<int64_t> v;
  for (size_t i = 0; i < n; ++i) v.push_back(4'812'000 + static_cast<int64_t>((i * 37) % 11) * 40);
  return v;
}

TEST(CheckGate, AccuracyDropWithAnIncomparableTimerStillExitsOne) {
  // The MP157 case: the baseline was timed by the PMU, tonight's run fell
  // back to the clock; and it lost accuracy.
  TempDir tmp;
  auto s = store::RunStore::open(tmp.file("r.db"));
  RunSpec base;
  base.timer_source = "pmu";
  base.time_unit = "cycles";
  base.ticks = constant(200, 900'000);
  RunSpec cand = base;
  cand.timer_source = "clock";
  cand.time_unit = "ns";
  cand.ticks = constant(200, 1'800'000);
  for (int64_t i = 1; i < 200; i += 5) cand.wrong.push_back(i);  // 40 of 200 images now wrong
  const int64_t b = add_run(s, base);
  const CheckReport r = check_against(s, add_run(s, cand), b);
  EXPECT_EQ(rule(r, "timing").verdict, Verdict::Incomparable);
  EXPECT_EQ(rule(r, "accuracy").verdict, Verdict::Fail) << rule(r, "accuracy").summary;
  EXPECT_EQ(r.exit_code, 1);
  const std::string text = report_text(r);
  EXPECT_NE(text.find("result: regression (accuracy); NOT COMPARABLE: timing, exit 1"), std::string::npos) << text;
  EXPECT_EQ(report_json(r)["not_comparable"], nlohmann::json::array({"timing"}));

  // The same pair without the accuracy drop: timing still cannot compare,
  // but accuracy and footprint did: pass (exit 0), and the report says so.
  RunSpec same = cand;
  same.wrong.clear();
  const CheckReport p = check_against(s, add_run(s, same), b);
  EXPECT_EQ(p.exit_code, 0);
  EXPECT_NE(report_text(p).find("NOT COMPARABLE: timing"), std::string::npos) << report_text(p);
}

TEST(CheckGate, DifferentSetupsAreNotComparableAndTheMessageNamesTheField) {
  TempDir tmp;
  auto s = store::RunStore::open(tmp.file("r.db"));
  RunSpec base;
  base.ticks = constant(20, 1000);
  const int64_t b = add_run(s, base);
  struct Case {
    const char* field;
    std::function<void(RunSpec&)> change;
  };
  const std::vector<Case> cases = {
      {"preprocessing ('resize=bilinear",
       [](RunSpec& r) { r.config["preprocess"] = "resize=nearest aspect=fit colour=auto rescale=pixel-codes"; }},
      {"per-op timing ('off' vs 'on')", [](RunSpec& r) { r.config["per_op"] = true; }},
      {"sample set", [](RunSpec& r) { r.config["limit"] = 13; }},
      {"firmware compiler flags ('0a0b0c0d' vs 'ffff0000')",
       [](RunSpec& r) { r.fw_build = fw_identity("00000001", "ffff0000"); }},
      {"firmware version", [](RunSpec& r) { r.fw_build = "hb-fw 0.2.0 nucleo-h743zi rev:00000001 cflags:0a0b0c0d"; }},
      {"firmware config",
       [](RunSpec& r) {
         r.fw_build = fw_identity("00000077");  // firmware rows are keyed by build id
         r.fw_config = "arm-gcc-13 -Os";
       }},
  };
  for (const Case& c : cases) {
    RunSpec other = base;
    c.change(other);
    other.wrong = {1, 2, 3, 5, 6, 7, 9, 10, 11, 13};  // would fail accuracy if it were compared
    const CheckReport r = check_against(s, add_run(s, other), b);
    EXPECT_EQ(r.exit_code, 2) << c.field << "\n" << report_text(r);
    for (const char* name : {"timing", "accuracy", "footprint"}) {
      EXPECT_EQ(rule(r, name).verdict, Verdict::Incomparable) << c.field;
      EXPECT_NE(rule(r, name).summary.find(std::string("not comparable: ") + c.field), std::string::npos)
          << rule(r, name).summary;
    }
    EXPECT_EQ(rule(r, "bit-exact").verdict, Verdict::Pass);  // needs no baseline
  }
  // A bit-exactness failure is still a failure next to an incomparable baseline.
  RunSpec nearest = base;
  nearest.config["preprocess"] = "resize=nearest aspect=fit colour=auto rescale=pixel-codes";
  nearest.mismatched = {4};
  EXPECT_EQ(check_against(s, add_run(s, nearest), b).exit_code, 1);
  // A new source revision is the change under test: comparable, and noted.
  RunSpec next = base;
  next.fw_build = fw_identity("0000beef");
  const int64_t nx = add_run(s, next);
  const CheckReport r = check_against(s, nx, b);
  EXPECT_EQ(r.exit_code, 0) << report_text(r);
  ASSERT_FALSE(r.notes.empty());
  EXPECT_NE(r.notes.back().find("firmware source revision 00000001 -> 0000beef"), std::string::npos);
  // 'previous' skips runs of other setups.
  nearest.mismatched.clear();
  add_run(s, nearest);
  EXPECT_EQ(previous_run(s, add_run(s, base)), nx);
}

TEST(CheckGate, WarmupIsKeptApartAndBadTicksAreFlagged) {
  std::vector<store::SampleStat> ss;
  const std::vector<int64_t> t = {3'000'000, 1'000'000, 1'001'000, 0, 999'000, 4'294'967'000, 1'000'500, 2'600'000};
  for (size_t i = 0; i < t.size(); ++i) {
    store::SampleStat x;
    x.idx = static_cast<int64_t>(i);
    x.ticks = t[i];
    ss.push_back(x);
  }
  const TickQuality q = assess_ticks(ss, 1);
  EXPECT_EQ(q.warmup, std::vector<int64_t>{0});
  EXPECT_EQ(q.zero, std::vector<int64_t>{3});
  EXPECT_EQ(q.wrapped, std::vector<int64_t>{5});
  EXPECT_EQ(q.outliers, std::vector<int64_t>{7});
  EXPECT_EQ(q.valid.size(), 5u);  // the outlier stays in (medians and ranks are robust to it)
  const std::string line = q.summary("cycles");
  EXPECT_NE(line.find("1 warm-up (idx 0: 3000000 cycles"), std::string::npos) << line;
  EXPECT_NE(line.find("1 zero tick(s) (idx 3)"), std::string::npos) << line;
  EXPECT_NE(line.find("1 wrapped tick(s) (idx 5)"), std::string::npos) << line;
  EXPECT_NE(line.find("1 outlier(s)"), std::string::npos) << line;

  // In a check: a slow first inference after flashing is no regression.
  TempDir tmp;
  auto s = store::RunStore::open(tmp.file("r.db"));
  RunSpec base;
  base.ticks = constant(20, 1'000'000);
  RunSpec cold = base;
  cold.ticks[0] = 5'000'000;
  const int64_t b = add_run(s, base);
  const CheckReport r = check_against(s, add_run(s, cold), b);
  EXPECT_EQ(rule(r, "timing").verdict, Verdict::Pass) << rule(r, "timing").summary;
  EXPECT_EQ(rule(r, "timing").data["n_cand"], 19);
  EXPECT_NE(report_text(r).find("this run: 1 warm-up (idx 0: 5000000 instructions = 5.00 x median"), std::string::npos)
      << report_text(r);
}

TEST(CheckGate, QemuIcountThreePercentSlowdownIsCaughtAndIdenticalRunsPass) {
  // A stored systick-icount run and copies of it edited in the store.
  TempDir tmp;
  auto s = store::RunStore::open(tmp.file("r.db"));
  RunSpec base;
  base.board = "qemu-m7";
  base.ticks = icount_ticks(13);
  const int64_t b = add_run(s, base);
  const int64_t same = copy_run_scaled(s, b, 1.0);
  const int64_t slow = copy_run_scaled(s, b, 1.03);
  const CheckReport ok = check_against(s, same, b);
  EXPECT_EQ(ok.exit_code, 0) << report_text(ok);
  const CheckReport r = check_against(s, slow, b);
  EXPECT_EQ(r.exit_code, 1) << report_text(r);
  EXPECT_NEAR(rule(r, "timing").data["shift"].get<double>(), 0.03, 1e-4);
  EXPECT_FALSE(rule(r, "timing").data["noisy_source"].get<bool>());
  // The smallest caught: just over the 1 % deterministic threshold.
  EXPECT_EQ(check_against(s, copy_run_scaled(s, b, 1.011), b).exit_code, 1);
  EXPECT_EQ(check_against(s, copy_run_scaled(s, b, 1.009), b).exit_code, 0);
}

TEST(CheckGate, NoisyClockThresholdFollowsTheBetweenRunSpread) {
  // Twelve clock-timed runs whose medians wander by ~4 % between runs (a
  // shared host) while each run is tight (1 %): a pair 7 % apart is within
  // what this history shows, so no alarm; 2x slower still fails.
  TempDir tmp;
  auto s = store::RunStore::open(tmp.file("r.db"));
  std::mt19937_64 rng(99);
  std::normal_distribution<double> wander(0.0, 0.04);
  RunSpec spec;
  spec.board = "sim";
  spec.timer_source = "clock";
  spec.time_unit = "ns";
  int64_t last = 0;
  for (int i = 0; i < 12; ++i) {
    spec.ticks = lognormal(rng, 13, 2.0e6 * (1 + wander(rng)), 0.01);
    last = add_run(s, spec);
  }
  spec.ticks = lognormal(rng, 13, 2.0e6 * 1.07, 0.01);
  const int64_t bump = add_run(s, spec);
  const CheckReport r = check_against(s, bump, last);
  const RuleResult& t = rule(r, "timing");
  EXPECT_TRUE(t.data["noisy_source"].get<bool>());
  EXPECT_GE(t.data["history_runs"].get<size_t>(), 10u);
  EXPECT_GT(t.data["between_run_rel"].get<double>(), 0.015) << t.details[0];
  EXPECT_GT(t.data["threshold"].get<double>(), 0.05) << t.details[0];
  spec.ticks = lognormal(rng, 13, 2.0e6 * 2.0, 0.01);
  const CheckReport slow = check_against(s, add_run(s, spec), last);
  EXPECT_EQ(rule(slow, "timing").verdict, Verdict::Fail) << rule(slow, "timing").summary;
  EXPECT_EQ(slow.exit_code, 1);
}

TEST(CheckGate, CreepOfPointEightPercentANightIsCaughtByTheFifthNight) {
  TempDir tmp;
  auto s = store::RunStore::open(tmp.file("r.db"));
  RunSpec night;
  night.board = "qemu-m7";
  const std::vector<int64_t> base = icount_ticks(13);
  int caught_on = 0;
  for (int n = 1; n <= 5; ++n) {
    night.ticks.clear();
    for (int64_t t : base) night.ticks.push_back(static_cast<int64_t>(std::llround(t * std::pow(1.008, n - 1))));
    const int64_t id = add_run(s, night);
    const CheckReport r = nightly_check(s, id);
    if (n > 1) {
      // Each night against the previous: +0.8 %, under the 1 % threshold.
      EXPECT_EQ(rule(r, "timing").verdict, Verdict::Pass) << "night " << n << ": " << rule(r, "timing").summary;
    }
    if (r.exit_code == 1 && !caught_on) {
      caught_on = n;
      EXPECT_EQ(rule(r, "trend").verdict, Verdict::Fail);
      EXPECT_NE(rule(r, "trend").summary.find("CREEP"), std::string::npos) << rule(r, "trend").summary;
    }
  }
  std::printf("creep 0.8 %%/night (systick-icount): caught on night %d\n", caught_on);
  EXPECT_GE(caught_on, 2);
  EXPECT_LE(caught_on, 5);
}

TEST(CheckGate, FlatSeriesPassesTheTrend) {
  TempDir tmp;
  auto s = store::RunStore::open(tmp.file("r.db"));
  // Deterministic: eight identical nights.
  RunSpec det;
  det.ticks = icount_ticks(13);
  for (int n = 1; n <= 8; ++n) {
    const CheckReport r = nightly_check(s, add_run(s, det));
    EXPECT_EQ(r.exit_code, 0) << "night " << n << "\n" << report_text(r);
  }
  // Noisy: twenty clock-timed nights from one distribution.
  std::mt19937_64 rng(4242);
  RunSpec clk;
  clk.board = "sim";
  clk.timer_source = "clock";
  clk.time_unit = "ns";
  int alarms = 0;
  for (int n = 1; n <= 20; ++n) {
    clk.ticks = lognormal(rng, 13, 2.0e6, 0.03);
    const CheckReport r = nightly_check(s, add_run(s, clk));
    alarms += rule(r, "trend").verdict == Verdict::Fail;
  }
  EXPECT_LE(alarms, 1);
}

TEST(CheckGate, TrendStatistics) {
  // Theil-Sen ignores one wild night; Mann-Kendall's exact p for a strictly
  // rising series of 5 is 1/120.
  const std::vector<double> rising = {100, 101, 102, 103, 104};
  const TrendResult t = trend_of(rising, false, 0.02, 0.01);
  EXPECT_NEAR(t.slope_rel, 0.01, 1e-12);
  EXPECT_NEAR(t.drift, 0.04, 1e-12);
  EXPECT_NEAR(t.mk_p, 1.0 / 120, 1e-12);
  EXPECT_TRUE(t.creep);
  const std::vector<double> spike = {100, 100, 100, 150, 100, 100, 100};
  const TrendResult f = trend_of(spike, true, 0.01, 0.01);
  EXPECT_DOUBLE_EQ(f.drift, 0);
  EXPECT_FALSE(f.creep);
}

}  // namespace
}  // namespace hb::check::test
