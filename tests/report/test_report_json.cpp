// The JSON report carries the same numbers as the tables plus the plotted
// series, and survives a dump/parse round trip unchanged.
#include <gtest/gtest.h>

#include "report/json_report.h"
#include "report/markdown_report.h"
#include "report/md_tables.h"
#include "report/report_data.h"
#include "report/report_fixture.h"

namespace hb::report::test {
namespace {

using nlohmann::json;

// numpy's default percentile (linear between closest ranks), written out here.
double quantile(std::vector<int64_t> v, double p) {
  std::sort(v.begin(), v.end());
  const double r = p * static_cast<double>(v.size() - 1);
  const size_t lo = static_cast<size_t>(r);
  const size_t hi = std::min(lo + 1, v.size() - 1);
  return static_cast<double>(v[lo]) + (r - static_cast<double>(lo)) * static_cast<double>(v[hi] - v[lo]);
}

const json* find_named(const json& arr, const std::string& name) {
  for (const auto& e : arr)
    if (e.value("name", "") == name) return &e;
  return nullptr;
}

const json* find_key(const json& keys, const std::string& board, const std::string& model) {
  for (const auto& k : keys)
    if (k["board"] == board && k["model"] == model) return &k;
  return nullptr;
}

class JsonReport : public ::testing::Test {
 protected:
  void SetUp() override {
    fx.write(tmp.file("runs.db"));
    auto db = store::RunStore::open(tmp.file("runs.db"), store::OpenMode::ReadOnly);
    const Report rep = collect(db, {});
    j = json_report(rep);
    md = markdown_report(rep);
  }
  TempDir tmp;
  Fixture fx;
  json j;
  std::string md;
};

TEST_F(JsonReport, RoundTripsThroughText) {
  const std::string text = j.dump(2);
  const json back = json::parse(text);
  EXPECT_EQ(back, j);
  EXPECT_EQ(back.dump(2), text);
}

TEST_F(JsonReport, KeysCarryLatestCompleteRunFigures) {
  ASSERT_EQ(j["keys"].size(), 4u);
  EXPECT_EQ(j["runs_selected"], 8);
  const json* h = find_key(j["keys"], "h747", "resnet8-int8");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ((*h)["latest_complete_run"]["run_id"], fx.ids[1]);
  EXPECT_DOUBLE_EQ((*h)["latest_complete_run"]["time"]["median"].get<double>(), median_of(fx.runs[1].ticks));
  EXPECT_DOUBLE_EQ((*h)["latest_complete_run"]["time"]["median_ms"].get<double>(),
                   median_of(fx.runs[1].ticks) / 400e6 * 1e3);
  EXPECT_DOUBLE_EQ((*h)["latest_complete_run"]["time"]["p90"].get<double>(), quantile(fx.runs[1].ticks, 0.9));
  EXPECT_DOUBLE_EQ((*h)["latest_complete_run"]["top1_device"].get<double>(), top1_percent(fx.runs[1]) / 100);
  EXPECT_EQ((*h)["runs"].size(), 2u);
  EXPECT_EQ((*h)["memory_footprint"]["activation_ram"], kModelA.arena_bytes);
  EXPECT_TRUE((*h)["memory_footprint"]["code_flash"].is_null());

  const json* q = find_key(j["keys"], "qemu-m7", "resnet8-int8");
  ASSERT_NE(q, nullptr);
  EXPECT_TRUE((*q)["latest_complete_run"]["time"]["median_ms"].is_null());  // instructions are not time
  EXPECT_EQ((*q)["latest_complete_run"]["time_unit"], "instructions");
  EXPECT_EQ((*q)["latest_complete_run"]["bit_exact"], 3);
  EXPECT_EQ((*q)["latest_complete_run"]["fully_bit_exact"], false);
  EXPECT_TRUE((*q)["emulated"].get<bool>());

  const json* s = find_key(j["keys"], "sim", "resnet8-int8");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ((*s)["latest_run"]["run_id"], fx.ids[7]);
  EXPECT_EQ((*s)["latest_run"]["status"], "failed");
  EXPECT_EQ((*s)["latest_run"]["error"], "board sim stopped answering");
  EXPECT_EQ((*s)["latest_complete_run"]["run_id"], fx.ids[6]);
}

TEST_F(JsonReport, TablesAreTheMarkdownTables) {
  const auto md_t = md_tables(md);
  ASSERT_GE(j["tables"].size(), 4u);
  for (const auto& t : j["tables"]) {
    const std::string title = t["title"];
    ASSERT_TRUE(md_t.count(title)) << title;
    const auto& rows = md_t.at(title);
    ASSERT_EQ(rows.size(), t["rows"].size()) << title;
    for (size_t r = 0; r < rows.size(); ++r)
      for (size_t c = 0; c < t["header"].size(); ++c)
        EXPECT_EQ(rows[r].at(t["header"][c].get<std::string>()), t["rows"][r][c].get<std::string>()) << title;
  }
}

TEST_F(JsonReport, TrendSeriesHaveOnePointPerCompleteRunInDisplayUnits) {
  const json& trend = j["series"]["time_trend"];
  const json* h = find_named(trend, "h747 / resnet8-int8");
  ASSERT_NE(h, nullptr) << trend.dump(1);
  EXPECT_EQ((*h)["unit"], "ms");
  ASSERT_EQ((*h)["points"].size(), 2u);
  EXPECT_EQ((*h)["points"][0]["started_at"], kNight1);
  EXPECT_DOUBLE_EQ((*h)["points"][0]["value"].get<double>(), median_of(fx.runs[0].ticks) / 400e3);
  EXPECT_DOUBLE_EQ((*h)["points"][1]["value"].get<double>(), median_of(fx.runs[1].ticks) / 400e3);

  const json* q = find_named(trend, "qemu-m7 / resnet8-int8");
  ASSERT_NE(q, nullptr);
  EXPECT_EQ((*q)["unit"], "instructions");
  EXPECT_DOUBLE_EQ((*q)["points"][1]["value"].get<double>(), median_of(fx.runs[4].ticks));

  const json* s = find_named(trend, "sim / resnet8-int8");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ((*s)["points"].size(), 2u);  // the failed night 3 is not a point

  const json* acc = find_named(j["series"]["accuracy_trend"], "qemu-m7 / resnet8-int8");
  ASSERT_NE(acc, nullptr);
  EXPECT_DOUBLE_EQ((*acc)["points"][0]["value"].get<double>(), top1_percent(fx.runs[3]));
  EXPECT_DOUBLE_EQ((*acc)["points"][1]["value"].get<double>(), top1_percent(fx.runs[4]));
}

TEST_F(JsonReport, LatencyQuartilesAndOpShares) {
  const json* b = find_named(j["series"]["latency"], "h747 / resnet8-int8");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ((*b)["run_id"], fx.ids[1]);
  EXPECT_EQ((*b)["n"], 6);
  EXPECT_DOUBLE_EQ((*b)["q1"].get<double>(), quantile(fx.runs[1].ticks, 0.25) / 400e3);
  EXPECT_DOUBLE_EQ((*b)["q3"].get<double>(), quantile(fx.runs[1].ticks, 0.75) / 400e3);
  EXPECT_DOUBLE_EQ((*b)["min"].get<double>(), quantile(fx.runs[1].ticks, 0) / 400e3);
  EXPECT_DOUBLE_EQ((*b)["max"].get<double>(), quantile(fx.runs[1].ticks, 1) / 400e3);

  const json& ops = j["series"]["op_share"];
  ASSERT_EQ(ops.size(), 2u);  // h747/A and sim/A have per-op timings
  const json* h = find_named(ops, "h747 / resnet8-int8");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ((*h)["run_id"], fx.ids[1]);
  int64_t per_sample = 0;
  for (const auto& op : fx.runs[1].ops) per_sample += op.second;
  EXPECT_EQ((*h)["total_ticks"], per_sample * static_cast<int64_t>(fx.runs[1].ticks.size()));
  EXPECT_DOUBLE_EQ((*h)["shares"]["CONV_2D"].get<double>(), 300000.0 / static_cast<double>(per_sample));
  double sum = 0;
  for (const auto& v : (*h)["shares"]) sum += v.get<double>();
  EXPECT_NEAR(sum, 1.0, 1e-12);
  const json* s = find_named(ops, "sim / resnet8-int8");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ((*s)["run_id"], fx.ids[6]);  // the failed night 3 has none
  EXPECT_DOUBLE_EQ((*s)["shares"]["ADD"].get<double>(), 0.1);
}

}  // namespace
}  // namespace hb::report::test
