// Injected regressions are caught, and same-distribution noise is not: runs
// built in a temp store through RunStore, checked in process.
#include <gtest/gtest.h>

#include <random>

#include "check/check.h"
#include "check_fixture.h"

namespace hb::check::test {
namespace {

std::vector<double> as_double(const std::vector<int64_t>& v) { return {v.begin(), v.end()}; }

TEST(CheckTiming, DeterministicTimerCatchesATwoPercentShift) {
  TempDir tmp;
  auto s = store::RunStore::open(tmp.file("r.db"));
  RunSpec base;
  base.ticks = constant(200, 1'000'000);
  RunSpec slow = base;
  slow.ticks = constant(200, 1'020'000);
  const int64_t b = add_run(s, base), c = add_run(s, slow);
  const CheckReport r = check_against(s, c, b);
  EXPECT_EQ(r.exit_code, 1);
  const RuleResult& t = rule(r, "timing");
  EXPECT_EQ(t.verdict, Verdict::Fail) << t.summary;
  EXPECT_TRUE(t.data["deterministic"].get<bool>());
  EXPECT_NEAR(t.data["shift"].get<double>(), 0.02, 1e-12);
  EXPECT_NE(t.summary.find("+2.00 %"), std::string::npos) << t.summary;
  // Nothing else changed.
  EXPECT_EQ(rule(r, "accuracy").verdict, Verdict::Pass);
  EXPECT_EQ(rule(r, "bit-exact").verdict, Verdict::Pass);
  EXPECT_EQ(rule(r, "footprint").verdict, Verdict::Pass);
}

TEST(CheckTiming, DeterministicTimerFewSamplesStillCatchesShift) {
  // Three samples each: no rank test can reach p < 0.01, but zero dispersion
  // makes the medians exact.
  const auto t = compare_timing(std::vector<double>(3, 5000.0), std::vector<double>(3, 5100.0), {});
  EXPECT_TRUE(t.deterministic);
  EXPECT_GT(t.p, 0.01);
  EXPECT_TRUE(t.slower);
}

TEST(CheckTiming, ShiftsBelowThresholdAndSpeedupsPass) {
  const TimingOptions o;
  const auto small = compare_timing(std::vector<double>(50, 1e6), std::vector<double>(50, 1.005e6), o);
  EXPECT_FALSE(small.slower);
  const auto faster = compare_timing(std::vector<double>(50, 1e6), std::vector<double>(50, 0.9e6), o);
  EXPECT_FALSE(faster.slower);
  EXPECT_TRUE(faster.faster);
  // A stricter threshold turns the 0.5 % shift into a failure.
  TimingOptions strict;
  strict.rel_threshold = 0.001;
  EXPECT_TRUE(compare_timing(std::vector<double>(50, 1e6), std::vector<double>(50, 1.005e6), strict).slower);
}

TEST(CheckTiming, NoisyClockSameDistributionRarelyAlarms) {
  // 100 pairs of runs from one lognormal distribution (5 % jitter, 200 samples each).
  std::mt19937_64 rng(20240531);
  int alarms = 0;
  for (int i = 0; i < 100; ++i) {
    const auto a = as_double(lognormal(rng, 200, 2.5e6, 0.05));
    const auto b = as_double(lognormal(rng, 200, 2.5e6, 0.05));
    alarms += compare_timing(a, b, {}).slower;
  }
  EXPECT_LE(alarms, 1);
}

TEST(CheckTiming, NoisyClockRealSlowdownIsCaught) {
  // The same noise, but the second run is 12 % slower: every pair must fail.
  std::mt19937_64 rng(7);
  int caught = 0;
  for (int i = 0; i < 100; ++i) {
    const auto a = as_double(lognormal(rng, 200, 2.5e6, 0.05));
    const auto b = as_double(lognormal(rng, 200, 2.5e6 * 1.12, 0.05));
    const auto t = compare_timing(a, b, {});
    EXPECT_FALSE(t.deterministic);
    caught += t.slower;
  }
  EXPECT_EQ(caught, 100);
}

TEST(CheckTiming, NoisyShiftWithinOwnDispersionIsNotARegression) {
  // 3 % slower with 5 % jitter: significant for Mann-Whitney with 2000
  // samples, but within one inference's spread (the threshold is ~5 %).
  std::mt19937_64 rng(11);
  const auto a = as_double(lognormal(rng, 2000, 1e6, 0.05));
  const auto b = as_double(lognormal(rng, 2000, 1.03e6, 0.05));
  const auto t = compare_timing(a, b, {});
  EXPECT_LT(t.p, 0.01);
  EXPECT_GT(t.threshold, 0.04);
  EXPECT_FALSE(t.slower);
  TimingOptions tight;
  tight.k_mad = 0.25;  // a user who trusts the machine more
  EXPECT_TRUE(compare_timing(a, b, tight).slower);
}

TEST(CheckTiming, DifferentTimerSourcesAreNotComparable) {
  TempDir tmp;
  auto s = store::RunStore::open(tmp.file("r.db"));
  RunSpec a;
  a.ticks = constant(10, 1000);
  RunSpec b = a;
  b.timer_source = "clock";
  b.time_unit = "ns";
  const int64_t ia = add_run(s, a);
  const CheckReport r = check_against(s, add_run(s, b), ia);
  EXPECT_EQ(rule(r, "timing").verdict, Verdict::Incomparable);
  // Each rule on its own: accuracy and footprint did compare (and pass).
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(rule(r, "timing").summary.find("not comparable"), std::string::npos);
}

TEST(CheckAccuracy, OneClassLosingAccuracyFailsAndListsFlips) {
  TempDir tmp;
  auto s = store::RunStore::open(tmp.file("r.db"));
  RunSpec base;
  base.ticks = constant(200, 1000);
  base.wrong = {0, 2};  // a couple of pre-existing errors, unchanged
  RunSpec worse = base;
  for (int64_t i = 1; i < 200 && worse.wrong.size() < 22; i += 4) worse.wrong.push_back(i);  // class 1 ("dog")
  const int64_t b = add_run(s, base), c = add_run(s, worse);
  const CheckReport r = check_against(s, c, b);
  EXPECT_EQ(r.exit_code, 1);
  const RuleResult& a = rule(r, "accuracy");
  ASSERT_EQ(a.verdict, Verdict::Fail) << a.summary;
  EXPECT_EQ(a.data["right_to_wrong"], 20);
  EXPECT_EQ(a.data["wrong_to_right"], 0);
  EXPECT_NEAR(a.data["mcnemar_p"].get<double>(), std::ldexp(1.0, -19), 1e-15);  // 2 * 2^-20
  EXPECT_NEAR(a.data["delta"].get<double>(), -0.10, 1e-12);
  ASSERT_EQ(a.data["flips"].size(), 20u);
  EXPECT_EQ(a.data["flips"][0]["sample_id"], "dog/img1.png");
  EXPECT_EQ(a.data["flips"][0]["cand_pred"], 2);
  // The text names flipped images (first 5) and the class that lost.
  std::string text;
  for (const auto& d : a.details) text += d + "\n";
  EXPECT_NE(text.find("dog/img1.png"), std::string::npos) << text;
  EXPECT_NE(text.find("dog/img17.png"), std::string::npos) << text;
  EXPECT_EQ(text.find("dog/img21.png"), std::string::npos) << "only the first 5 are listed\n" << text;
  EXPECT_NE(text.find("15 more"), std::string::npos) << text;
  EXPECT_NE(text.find("class dog (1): 50/50 -> 30/50"), std::string::npos) << text;
  for (const auto& pc : a.data["per_class"])
    if (pc["class"] != 1) {
      EXPECT_EQ(pc["delta"], 0.0);
    }
}

TEST(CheckAccuracy, FewFlipsOnALargeSetPassButAFewOnASmallSetFail) {
  TempDir tmp;
  auto s = store::RunStore::open(tmp.file("r.db"));
  // 1000 images, 3 newly wrong: 0.3 points, too few pairs for McNemar, under 2 points.
  RunSpec big;
  big.ticks = constant(1000, 1000);
  RunSpec big_worse = big;
  big_worse.wrong = {5, 6, 7};
  CheckReport r = check_against(s, add_run(s, big_worse), add_run(s, big));
  EXPECT_EQ(rule(r, "accuracy").verdict, Verdict::Pass) << rule(r, "accuracy").summary;
  EXPECT_FALSE(rule(r, "accuracy").data["test_has_power"].get<bool>());
  // 40 images, 3 newly wrong: 7.5 points, beyond the absolute limit.
  RunSpec small;
  small.model = 'b';
  small.ticks = constant(40, 1000);
  RunSpec small_worse = small;
  small_worse.wrong = {5, 6, 7};
  r = check_against(s, add_run(s, small_worse), add_run(s, small));
  EXPECT_EQ(rule(r, "accuracy").verdict, Verdict::Fail) << rule(r, "accuracy").summary;
  // Balanced flips (as many gained as lost) are no regression.
  RunSpec mixed = small;
  mixed.wrong = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  RunSpec mixed2 = small;
  mixed2.wrong = {11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
  r = check_against(s, add_run(s, mixed2), add_run(s, mixed));
  EXPECT_EQ(rule(r, "accuracy").verdict, Verdict::Pass);
  EXPECT_DOUBLE_EQ(rule(r, "accuracy").data["mcnemar_p"].get<double>(), 1.0);
}

TEST(CheckBitExact, AFlippedOutputBitFailsAndNamesTheSample) {
  TempDir tmp;
  auto s = store::RunStore::open(tmp.file("r.db"));
  RunSpec base;
  base.ticks = constant(20, 1000);
  RunSpec bad = base;
  bad.mismatched = {13, 7};
  const CheckReport r = check_against(s, add_run(s, bad), add_run(s, base));
  EXPECT_EQ(r.exit_code, 1);
  const RuleResult& b = rule(r, "bit-exact");
  ASSERT_EQ(b.verdict, Verdict::Fail);
  EXPECT_EQ(b.data["mismatches"], 2);
  EXPECT_EQ(b.data["first_mismatch"]["idx"], 7);
  EXPECT_EQ(b.data["first_mismatch"]["first_byte"], 2);
  EXPECT_EQ(b.data["first_mismatch"]["device_byte"], 0x20);
  EXPECT_EQ(b.data["first_mismatch"]["host_byte"], 0x21);
  ASSERT_GE(b.details.size(), 2u);
  EXPECT_NE(b.details[0].find("sample 7 (frog/img7.png)"), std::string::npos) << b.details[0];
  EXPECT_NE(b.details[1].find("per-op outputs are not recorded"), std::string::npos);
  // The other rules are untouched by an output byte.
  EXPECT_EQ(rule(r, "timing").verdict, Verdict::Pass);
  EXPECT_EQ(rule(r, "accuracy").verdict, Verdict::Pass);
}

TEST(CheckBitExact, JudgedEvenWithoutABaseline) {
  TempDir tmp;
  auto s = store::RunStore::open(tmp.file("r.db"));
  RunSpec bad;
  bad.ticks = constant(5, 1000);
  bad.mismatched = {0};
  const int64_t id = add_run(s, bad);
  const ChosenBaseline none = choose_baseline(s, id, "");
  EXPECT_FALSE(none.run);
  const CheckReport r = run_check(s, id, none, {});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(rule(r, "timing").verdict, Verdict::Skip);
  EXPECT_EQ(rule(r, "bit-exact").verdict, Verdict::Fail);
}

TEST(CheckFootprint, GrowthFailsUnknownFiguresAreSkipped) {
  TempDir tmp;
  auto s = store::RunStore::open(tmp.file("r.db"));
  RunSpec base;
  base.ticks = constant(10, 1000);
  base.arena_metric = 120000;
  RunSpec grown = base;
  grown.fw_build = fw_identity("00000002");
  grown.code_bytes = 70000;     // +6.8 %
  grown.arena_metric = 120500;  // +0.4 %: within 1 %
  const CheckReport r = check_against(s, add_run(s, grown), add_run(s, base));
  EXPECT_EQ(r.exit_code, 1);
  const RuleResult& f = rule(r, "footprint");
  ASSERT_EQ(f.verdict, Verdict::Fail) << f.summary;
  EXPECT_NE(f.summary.find("code 65536 -> 70000 (+6.81 %)"), std::string::npos) << f.summary;
  EXPECT_NE(f.summary.find("code grew more than 1.00 %"), std::string::npos) << f.summary;
  EXPECT_EQ(f.summary.find("arena grew"), std::string::npos) << f.summary;
  for (const auto& it : f.data["items"]) {
    if (it["item"] == "arena_bytes") {
      EXPECT_EQ(it["cand_source"], "run metric");
    }
    if (it["item"] == "plan_bytes") {
      EXPECT_EQ(it["verdict"], "skip");  // never recorded
    }
  }
  ASSERT_FALSE(f.details.empty());
  EXPECT_NE(f.details[0].find("plan"), std::string::npos);

  // Unknown code size (0) in the new build: skipped, not a failure.
  RunSpec unknown = base;
  unknown.fw_build = fw_identity("00000003");
  unknown.code_bytes = 0;
  const CheckReport u = check_against(s, add_run(s, unknown), add_run(s, base));
  EXPECT_EQ(rule(u, "footprint").verdict, Verdict::Pass);
  EXPECT_NE(rule(u, "footprint").details.at(0).find("code"), std::string::npos);
}

TEST(CheckReportOutput, TextIsOneScreenAndJunitHasOneCasePerRule) {
  TempDir tmp;
  auto s = store::RunStore::open(tmp.file("r.db"));
  RunSpec base;
  base.ticks = constant(400, 1'000'000);
  for (int64_t i = 0; i < 400; ++i)
    for (int64_t op = 0; op < 30; ++op) base.ops.push_back({i, op, op % 2 ? "CONV_2D" : "ADD", 1000 + op});
  RunSpec bad = base;
  bad.ticks = constant(400, 1'100'000);
  for (int64_t i = 1; i < 400; i += 4) bad.wrong.push_back(i);
  bad.mismatched = {3, 4, 5};
  bad.fw_build = fw_identity("000000b1");
  bad.code_bytes = 90000;
  for (auto& o : bad.ops)
    if (o.op_index == 17) o.ticks += 5000;
  const CheckReport r = check_against(s, add_run(s, bad), add_run(s, base));
  const std::string text = report_text(r);
  int lines = 0;
  for (char ch : text) lines += ch == '\n';
  // Every rule fails, 100 images flipped: still one screen.
  EXPECT_LE(lines, 40) << text;
  EXPECT_NE(text.find("FAIL  timing"), std::string::npos) << text;
  EXPECT_NE(text.find("FAIL  accuracy"), std::string::npos) << text;
  EXPECT_NE(text.find("FAIL  bit-exact"), std::string::npos) << text;
  EXPECT_NE(text.find("FAIL  footprint"), std::string::npos) << text;
  EXPECT_NE(text.find("op   17 CONV_2D"), std::string::npos) << text;  // the op that got slower tops the list
  EXPECT_NE(text.find("result: regression (timing, accuracy, bit-exact, footprint), exit 1"), std::string::npos)
      << text;

  const std::string xml = report_junit(r);
  size_t cases = 0, failures = 0;
  for (size_t p = 0; (p = xml.find("<testcase ", p)) != std::string::npos; ++p) ++cases;
  for (size_t p = 0; (p = xml.find("<failure ", p)) != std::string::npos; ++p) ++failures;
  EXPECT_EQ(cases, 4u);
  EXPECT_EQ(failures, 4u);
  EXPECT_NE(xml.find("failures=\"4\""), std::string::npos);

  const nlohmann::json j = report_json(r);
  EXPECT_EQ(j["verdict"], "regression");
  EXPECT_EQ(j["rules"].size(), 4u);
  EXPECT_TRUE(j["op_changes"]["available"].get<bool>());
  EXPECT_EQ(j["op_changes"]["changes"][0]["op_index"], 17);
  EXPECT_DOUBLE_EQ(j["op_changes"]["changes"][0]["delta"].get<double>(), 5000);
}

}  // namespace
}  // namespace hb::check::test
