// The real hilbench binary: `check` exit codes and one-screen text, `baseline`,
// `show --ops`, `db merge` idempotence. Stores are built through RunStore.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "check/baselines.h"
#include "check_fixture.h"
#include "cli/cli_util.h"

namespace hb::check::test {
namespace {

using hb::test::count_lines;
using hb::test::hilbench;

int64_t count(store::RunStore& s, const char* sql) {
  store::Stmt q = s.db().prepare(sql);
  q.step();
  return q.int64(0);
}

std::string slurp(const std::string& path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

TEST(CheckCli, DeterministicSlowdownExitsOneWithOneScreen) {
  TempDir tmp;
  const std::string db = tmp.file("r.db");
  {
    auto s = store::RunStore::open(db);
    RunSpec base;
    base.ticks = constant(200, 1'000'000);
    add_run(s, base);
    RunSpec slow = base;
    slow.ticks = constant(200, 1'020'000);
    add_run(s, slow);
  }
  auto r = hilbench({"check", "last", "--db", db, "--junit", tmp.file("junit.xml")});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  EXPECT_LE(count_lines(r.out), 30) << r.out;
  EXPECT_NE(r.out.find("previous run with the same key"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("FAIL  timing     median 1000000 -> 1020000 instructions (+2.00 %)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("PASS  accuracy"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("PASS  bit-exact"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("result: regression (timing), exit 1"), std::string::npos) << r.out;
  const std::string xml = slurp(tmp.file("junit.xml"));
  EXPECT_NE(xml.find("<testcase classname=\"hilbench.check.nucleo-h743zi.model-a\" name=\"timing\""), std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<failure message=\"median 1000000 -&gt; 1020000"), std::string::npos) << xml;

  auto j = hilbench({"check", "2", "--db", db, "--json", "--baseline", "1"});
  EXPECT_EQ(j.exit_code, 1) << j.err;
  const auto js = nlohmann::json::parse(j.out);
  EXPECT_EQ(js["verdict"], "regression");
  EXPECT_EQ(js["baseline"]["run_id"], 1);
  EXPECT_EQ(js["rules"][0]["rule"], "timing");
  EXPECT_EQ(js["rules"][0]["verdict"], "fail");
  EXPECT_NEAR(js["rules"][0]["data"]["shift"].get<double>(), 0.02, 1e-12);

  // A looser threshold passes the same pair.
  EXPECT_EQ(hilbench({"check", "2", "--db", db, "--time-threshold", "3%"}).exit_code, 0);
  // The first run has no baseline: only bit-exactness is judged, and it passes...
  auto first = hilbench({"check", "1", "--db", db});
  EXPECT_EQ(first.exit_code, 0) << first.out;
  EXPECT_NE(first.out.find("skip  timing     skipped: no baseline"), std::string::npos) << first.out;
  // ...unless a baseline is required.
  EXPECT_EQ(hilbench({"check", "1", "--db", db, "--require-baseline"}).exit_code, 2);
}

TEST(CheckCli, NoisyClockRunsFromOneDistributionPass) {
  TempDir tmp;
  const std::string db = tmp.file("r.db");
  std::mt19937_64 rng(424242);
  {
    auto s = store::RunStore::open(db);
    for (int i = 0; i < 4; ++i) {
      RunSpec r;
      r.timer_source = "clock";
      r.time_unit = "ns";
      r.ticks = lognormal(rng, 200, 3.0e6, 0.05);
      add_run(s, r);
    }
  }
  for (int run = 2; run <= 4; ++run) {
    auto r = hilbench({"check", std::to_string(run), "--db", db});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_LE(count_lines(r.out), 30) << r.out;
    EXPECT_NE(r.out.find("PASS  timing"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Mann-Whitney normal approx."), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("result: pass, exit 0"), std::string::npos) << r.out;
  }
}

TEST(CheckCli, UsageAndComparabilityErrorsExitTwo) {
  TempDir tmp;
  const std::string db = tmp.file("r.db");
  {
    auto s = store::RunStore::open(db);
    RunSpec a;
    a.ticks = constant(10, 1000);
    add_run(s, a);
    RunSpec b = a;
    b.timer_source = "dwt";
    b.time_unit = "cycles";
    add_run(s, b);
    RunSpec c = a;  // --resize nearest instead of bilinear
    c.config["preprocess"] = "resize=nearest aspect=fit colour=auto rescale=pixel-codes";
    add_run(s, c);
  }
  // Different preprocessing: nothing that needs the baseline can use it.
  auto pre = hilbench({"check", "3", "--db", db, "--baseline", "1"});
  EXPECT_EQ(pre.exit_code, 2) << pre.out;
  EXPECT_NE(pre.out.find("N/C   timing     not comparable: preprocessing ('resize=bilinear aspect=fit colour=auto "
                         "rescale=pixel-codes' vs 'resize=nearest"),
            std::string::npos)
      << pre.out;
  EXPECT_NE(pre.out.find("result: not comparable (timing, accuracy, footprint), exit 2"), std::string::npos) << pre.out;
  // Timing cannot compare, the other rules can: exit 0, and the result line says so.
  auto nc = hilbench({"check", "2", "--db", db});
  EXPECT_EQ(nc.exit_code, 0) << nc.out;
  EXPECT_NE(nc.out.find("result: pass; NOT COMPARABLE: timing, exit 0"), std::string::npos) << nc.out;
  EXPECT_NE(nc.out.find("not comparable: baseline timed by systick-icount in instructions, this run by dwt in cycles"),
            std::string::npos)
      << nc.out;
  auto missing = hilbench({"check", "99", "--db", db});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(count_lines(missing.err), 1) << missing.err;
  EXPECT_NE(missing.err.find("no run '99'"), std::string::npos) << missing.err;
  auto name = hilbench({"check", "2", "--db", db, "--baseline", "nightly"});
  EXPECT_EQ(name.exit_code, 2);
  EXPECT_NE(name.err.find("no baseline or run 'nightly'"), std::string::npos) << name.err;
  EXPECT_EQ(hilbench({"check", "2", "--db", db, "--time-threshold", "5"}).exit_code, 2);
  EXPECT_EQ(hilbench({"check", "--db", db}).exit_code, 2);
  EXPECT_EQ(hilbench({"check", "2", "--db", tmp.file("absent.db")}).exit_code, 2);
}

TEST(CheckCli, BaselineCommandsAndCheckUsesTheStoredBaseline) {
  TempDir tmp;
  const std::string db = tmp.file("r.db");
  {
    auto s = store::RunStore::open(db);
    RunSpec r;
    r.ticks = constant(50, 1000);
    add_run(s, r);  // 1: reference
    r.ticks = constant(50, 1100);
    add_run(s, r);  // 2: 10 % slower
    add_run(s, r);  // 3: same as 2
  }
  // Against the previous run, 3 passes the pairwise rules...
  EXPECT_EQ(hilbench({"check", "3", "--db", db, "--no-trend"}).exit_code, 0);
  // ...but the series 1000, 1100, 1100 has not come back down: the trend says so.
  auto trend = hilbench({"check", "3", "--db", db});
  EXPECT_EQ(trend.exit_code, 1) << trend.out;
  EXPECT_NE(trend.out.find("FAIL  trend      3 runs (1..3)"), std::string::npos) << trend.out;
  auto set = hilbench({"baseline", "set", "1", "--name", "h7-nightly", "--db", db});
  ASSERT_EQ(set.exit_code, 0) << set.err;
  EXPECT_NE(set.out.find("baseline 'h7-nightly' = run 1"), std::string::npos) << set.out;
  auto list = hilbench({"baseline", "list", "--db", db, "--json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  const auto lj = nlohmann::json::parse(list.out);
  ASSERT_EQ(lj.size(), 1u);
  EXPECT_EQ(lj[0]["name"], "h7-nightly");
  EXPECT_EQ(lj[0]["run_id"], 1);
  EXPECT_EQ(lj[0]["board"], "nucleo-h743zi");
  // Now the stored baseline is used by default: 3 is 10 % slower than it.
  auto c = hilbench({"check", "3", "--db", db});
  EXPECT_EQ(c.exit_code, 1) << c.out;
  EXPECT_NE(c.out.find("baseline 'h7-nightly'"), std::string::npos) << c.out;
  EXPECT_EQ(hilbench({"check", "3", "--db", db, "--baseline", "previous", "--no-trend"}).exit_code, 0);
  EXPECT_EQ(hilbench({"check", "3", "--db", db, "--baseline", "h7-nightly"}).exit_code, 1);
  EXPECT_EQ(hilbench({"baseline", "rm", "h7-nightly", "--db", db}).exit_code, 0);
  EXPECT_EQ(hilbench({"baseline", "rm", "h7-nightly", "--db", db}).exit_code, 2);
  EXPECT_EQ(hilbench({"check", "3", "--db", db, "--no-trend"}).exit_code, 0);
  EXPECT_EQ(hilbench({"baseline", "frobnicate", "--db", db}).exit_code, 2);
}

TEST(CheckCli, ShowOpsListsTheMostExpensiveOps) {
  TempDir tmp;
  const std::string db = tmp.file("r.db");
  {
    auto s = store::RunStore::open(db);
    RunSpec r;
    r.ticks = constant(3, 1000);
    // op 0 ADD 100, op 1 CONV_2D 600 (median of 500, 600, 700), op 2 SOFTMAX 300.
    const int64_t conv[] = {500, 700, 600};
    for (int64_t i = 0; i < 3; ++i) {
      r.ops.push_back({i, 0, "ADD", 100});
      r.ops.push_back({i, 1, "CONV_2D", conv[i]});
      r.ops.push_back({i, 2, "SOFTMAX", 300});
    }
    add_run(s, r);
    RunSpec none;
    none.ticks = constant(3, 1000);
    add_run(s, none);
    // Run 3: the same model on another board where SOFTMAX costs 4x as much.
    RunSpec other = r;
    other.ops.clear();
    for (int64_t i = 0; i < 3; ++i) {
      other.ops.push_back({i, 0, "ADD", 100});
      other.ops.push_back({i, 1, "CONV_2D", 600});
      other.ops.push_back({i, 2, "SOFTMAX", 1200});
    }
    add_run(s, other);
  }
  auto t = hilbench({"show", "1", "--ops", "--db", db});
  ASSERT_EQ(t.exit_code, 0) << t.err;
  const size_t conv = t.out.find("CONV_2D"), soft = t.out.find("SOFTMAX"), add = t.out.find("ADD");
  ASSERT_NE(conv, std::string::npos) << t.out;
  EXPECT_LT(conv, soft) << t.out;
  EXPECT_LT(soft, add) << t.out;
  EXPECT_NE(t.out.find("60.00%"), std::string::npos) << t.out;  // 600 / (100 + 600 + 300)
  auto j = hilbench({"show", "1", "--ops", "--json", "--db", db});
  ASSERT_EQ(j.exit_code, 0) << j.err;
  const auto ops = nlohmann::json::parse(j.out)["ops"];
  ASSERT_EQ(ops.size(), 3u);
  EXPECT_EQ(ops[1]["op_kind"], "CONV_2D");
  EXPECT_DOUBLE_EQ(ops[1]["median_ticks"].get<double>(), 600);
  EXPECT_DOUBLE_EQ(ops[1]["share"].get<double>(), 0.6);
  auto none = hilbench({"show", "2", "--ops", "--db", db});
  ASSERT_EQ(none.exit_code, 0);
  EXPECT_NE(none.out.find("no per-op timings"), std::string::npos) << none.out;
  auto top = hilbench({"show", "1", "--ops", "--top", "1", "--db", db});
  EXPECT_EQ(top.out.find("SOFTMAX"), std::string::npos) << top.out;
  EXPECT_NE(top.out.find("2 more ops"), std::string::npos) << top.out;
  // Side by side: SOFTMAX 30 % -> 63.16 % of the time is the largest change, listed first.
  auto vs = hilbench({"show", "1", "--ops", "--vs", "3", "--db", db});
  ASSERT_EQ(vs.exit_code, 0) << vs.err;
  const std::string side = vs.out.substr(vs.out.find("per-op profile, run 1"));
  EXPECT_LT(side.find("SOFTMAX"), side.find("CONV_2D")) << side;
  EXPECT_NE(side.find("63.16%"), std::string::npos) << side;  // 1200 / 1900
  EXPECT_NE(side.find("+33.16"), std::string::npos) << side;
  auto vs_none = hilbench({"show", "1", "--ops", "--vs", "2", "--db", db});
  EXPECT_EQ(vs_none.exit_code, 2);
  EXPECT_NE(vs_none.err.find("no per-op timings in run 2"), std::string::npos) << vs_none.err;
}

TEST(CheckCli, DbMergeIsIdempotentAndCarriesBaselines) {
  TempDir tmp;
  const std::string a = tmp.file("a.db"), b = tmp.file("b.db"), out = tmp.file("out/merged.db");
  {
    auto s = store::RunStore::open(a);
    RunSpec r;
    r.ticks = constant(7, 1000);
    r.ops = {{0, 0, "CONV_2D", 5}, {1, 0, "CONV_2D", 6}};
    const int64_t id = add_run(s, r);
    add_run(s, r);
    set_baseline(s, id, "ref-a");
  }
  {
    auto s = store::RunStore::open(b);
    s.upsert_board({"filler", "cortex-m0", 1, {}});  // shift ids
    RunSpec r;
    r.board = "nucleo-u575zi";
    r.ticks = constant(5, 2000);
    add_run(s, r);
  }
  auto m1 = hilbench({"db", "merge", out, a, b});
  ASSERT_EQ(m1.exit_code, 0) << m1.err;
  EXPECT_NE(m1.out.find("2 runs added (14 samples, 4 op timings"), std::string::npos) << m1.out;
  auto counts = [&] {
    auto s = store::RunStore::open(out, store::OpenMode::ReadOnly);
    return std::vector<int64_t>{count(s, "SELECT count(*) FROM runs"), count(s, "SELECT count(*) FROM samples"),
                                count(s, "SELECT count(*) FROM op_timings"),
                                count(s, "SELECT count(*) FROM baselines")};
  };
  const std::vector<int64_t> want = {3, 19, 4, 1};
  EXPECT_EQ(counts(), want);
  // Again, and in the other order: nothing more.
  auto m2 = hilbench({"db", "merge", out, b, a, "--json"});
  ASSERT_EQ(m2.exit_code, 0) << m2.err;
  const auto j = nlohmann::json::parse(m2.out);
  EXPECT_EQ(j[0]["runs_added"], 0);
  EXPECT_EQ(j[1]["runs_added"], 0);
  EXPECT_EQ(j[1]["runs_already_present"], 2);
  EXPECT_EQ(j[1]["baselines_already_present"], 1);
  EXPECT_EQ(counts(), want);
  // The merged baseline still names its run, and check works on the merged file.
  auto list = hilbench({"baseline", "list", "--db", out, "--json"});
  ASSERT_EQ(list.exit_code, 0);
  EXPECT_FALSE(nlohmann::json::parse(list.out)[0]["run_id"].is_null());
  EXPECT_EQ(hilbench({"check", "last", "--db", out}).exit_code, 0);
  // Usage errors.
  EXPECT_EQ(hilbench({"db", "merge", out}).exit_code, 2);
  EXPECT_EQ(hilbench({"db", "merge", out, out}).exit_code, 2);
  EXPECT_EQ(hilbench({"db", "merge", out, tmp.file("absent.db")}).exit_code, 2);
  EXPECT_EQ(counts(), want);
}

}  // namespace
}  // namespace hb::check::test
