// The Markdown report reproduces the ST model-zoo tables from stored runs:
// one row per board x model from its latest complete run, times in ms only
// when the timer counts time, instruction counts labelled as emulated.
#include <gtest/gtest.h>

#include "common/error.h"
#include "report/markdown_report.h"
#include "report/md_tables.h"
#include "report/report_data.h"
#include "report/report_fixture.h"

namespace hb::report::test {
namespace {

class MarkdownReport : public ::testing::Test {
 protected:
  void SetUp() override {
    fx.write(tmp.file("runs.db"));
    auto db = store::RunStore::open(tmp.file("runs.db"), store::OpenMode::ReadOnly);
    md = markdown_report(collect(db, {}));
    tables = md_tables(md);
  }
  const std::vector<MdRow>& table(const std::string& title) {
    EXPECT_TRUE(tables.count(title)) << "no table '" << title << "' in\n" << md;
    return tables[title];
  }
  TempDir tmp;
  Fixture fx;
  std::string md;
  std::map<std::string, std::vector<MdRow>> tables;
};

TEST_F(MarkdownReport, InferenceTimeOneRowPerBoardModelFromLatestCompleteRun) {
  const auto& t = table("Reference inference time");
  ASSERT_EQ(t.size(), 4u) << md;  // h747 x 2 models, qemu-m7, sim
  // ST's columns, in ST's order, then ours.
  EXPECT_NE(md.find("| Model | Format | Resolution | Board | Execution Engine | Frequency | Inference time (median) |"),
            std::string::npos);

  // h747: cycles of a 400 MHz DWT -> ms, from night 2 (run 2), not night 1.
  const MdRow* h = md_find(t, "Board", "h747", "resnet8-int8");
  ASSERT_NE(h, nullptr) << md;
  EXPECT_EQ(h->at("Inference time (median)"), fmt2(median_of(fx.runs[1].ticks) / 400e6 * 1e3) + " ms");
  EXPECT_NE(h->at("Inference time (median)"), fmt2(median_of(fx.runs[0].ticks) / 400e6 * 1e3) + " ms");
  EXPECT_NE(h->at("Timer").find("DWT cycle counter"), std::string::npos);
  EXPECT_EQ(h->at("Frequency"), "400 MHz");
  EXPECT_EQ(h->at("Format"), "Int8");
  EXPECT_EQ(h->at("Resolution"), "32x32x3");
  EXPECT_NE(h->at("Board").find("STM32H747I-DISCO"), std::string::npos);  // from boards/h747.json

  const MdRow* hb = md_find(t, "Board", "h747", "effnet-lc-128");
  ASSERT_NE(hb, nullptr);
  EXPECT_EQ(hb->at("Resolution"), "128x128x3");
  EXPECT_EQ(hb->at("Format"), "Int8");  // uint8 input: a quantized model
  EXPECT_EQ(hb->at("Inference time (median)"), fmt2(median_of(fx.runs[2].ticks) / 400e6 * 1e3) + " ms");

  // QEMU: instruction counts stay counts, labelled as emulated; never ms.
  const MdRow* q = md_find(t, "Board", "qemu-m7", "resnet8-int8");
  ASSERT_NE(q, nullptr);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f instructions", median_of(fx.runs[4].ticks));
  EXPECT_EQ(q->at("Inference time (median)"), buf);
  EXPECT_EQ(q->at("Inference time (median)").find("ms"), std::string::npos);
  EXPECT_NE(q->at("Timer").find("QEMU instruction count (emulated)"), std::string::npos);
  EXPECT_EQ(q->at("Frequency"), "n/a (emulated)");

  // sim: host clock in ns -> ms; night 3 failed, so night 2 is shown.
  const MdRow* s = md_find(t, "Board", "sim", "resnet8-int8");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->at("Inference time (median)"), fmt2(median_of(fx.runs[6].ticks) / 1e6) + " ms");
  EXPECT_NE(s->at("Timer").find("monotonic clock, ns"), std::string::npos);
  EXPECT_NE(s->at("Timer").find(std::to_string(fx.runs[6].ticks.size()) + " samples"), std::string::npos);
}

TEST_F(MarkdownReport, MemoryFootprintFromTheStoreWithFirmwareColumnsNa) {
  const auto& t = table("Reference memory footprint");
  ASSERT_EQ(t.size(), 4u);
  EXPECT_NE(
      md.find("| Model | Format | Resolution | Series | Activation RAM | Runtime RAM | Weights Flash | Code Flash "
              "| Total RAM | Total Flash |"),
      std::string::npos);
  // The model files are gone (/nonexistent/...): arena and weights come from the store.
  const MdRow* h = md_find(t, "Series", "STM32H7", "effnet-lc-128");
  ASSERT_NE(h, nullptr) << md;
  EXPECT_EQ(h->at("Activation RAM"), fmt2(kModelB.arena_bytes / 1024.0) + " KiB");
  EXPECT_EQ(h->at("Weights Flash"), fmt2(kModelB.weight_bytes / 1024.0) + " KiB");
  for (const char* col : {"Runtime RAM", "Code Flash", "Total RAM", "Total Flash"}) EXPECT_EQ(h->at(col), "n/a") << col;
  const MdRow* q = md_find(t, "Series", "emulated cortex-m7", "resnet8-int8");
  ASSERT_NE(q, nullptr) << md;
  EXPECT_EQ(q->at("Activation RAM"), fmt2(kModelA.arena_bytes / 1024.0) + " KiB");
}

TEST_F(MarkdownReport, AccuracyPerDatasetWithBitExactness) {
  const auto& t = table("Accuracy with cifar10-test");
  ASSERT_EQ(t.size(), 4u) << md;
  const MdRow* h = md_find(t, "Board", "h747", "resnet8-int8");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->at("Top 1 Accuracy (%)"), fmt2(top1_percent(fx.runs[1])));
  EXPECT_EQ(h->at("Bit-exact"), "6/6 (100.00 %)");
  const MdRow* q = md_find(t, "Board", "qemu-m7", "resnet8-int8");
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(q->at("Top 1 Accuracy (%)"), fmt2(top1_percent(fx.runs[4])));
  EXPECT_EQ(q->at("Bit-exact"), "3/4 (75.00 %)");  // sample 3 differs from the host engine
  const MdRow* s = md_find(t, "Board", "sim", "resnet8-int8");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->at("Top 1 Accuracy (%)"), fmt2(top1_percent(fx.runs[6])));
  EXPECT_EQ(s->at("Images"), std::to_string(fx.runs[6].ticks.size()));
}

TEST_F(MarkdownReport, RunsTableShowsTheLatestRunEvenWhenItFailed) {
  const auto& t = table("Runs");
  ASSERT_EQ(t.size(), 4u);
  const MdRow* s = md_find(t, "Board", "sim", "resnet8-int8");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->at("Latest run").rfind(std::to_string(fx.ids[7]) + " (", 0), 0u) << s->at("Latest run");
  EXPECT_EQ(s->at("Status"), "failed: board sim stopped answering");
  EXPECT_EQ(s->at("Tables use"), "run " + std::to_string(fx.ids[6]));
  EXPECT_EQ(s->at("Started (UTC)"), kNight3);
}

TEST_F(MarkdownReport, SelectionByBoardAndLast) {
  auto db = store::RunStore::open(tmp.file("runs.db"), store::OpenMode::ReadOnly);
  Selection by_board;
  by_board.board = "qemu-m7";
  const Report q = collect(db, by_board);
  ASSERT_EQ(q.keys.size(), 1u);
  EXPECT_EQ(q.keys[0].runs.size(), 2u);
  Selection last;
  last.last = 2;  // the two newest: sim night 3 (failed) and sim night 2
  const auto t = md_tables(markdown_report(collect(db, last)));
  ASSERT_EQ(t.at("Reference inference time").size(), 1u);
  EXPECT_EQ(t.at("Reference inference time")[0].at("Board").rfind("sim", 0), 0u);  // "sim (<title>)"
  Selection ids;
  ids.run_ids = {fx.ids[0], fx.ids[3]};  // night 1 only
  const auto t1 = md_tables(markdown_report(collect(db, ids)));
  const MdRow* h = md_find(t1.at("Reference inference time"), "Board", "h747", "resnet8-int8");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->at("Inference time (median)"), fmt2(median_of(fx.runs[0].ticks) / 400e6 * 1e3) + " ms");
  ids.last = 3;
  EXPECT_THROW(collect(db, ids), Error);
  Selection missing;
  missing.run_ids = {999};
  EXPECT_THROW(collect(db, missing), Error);
}

TEST(ReportRunIds, ParsesCommaSeparatedIds) {
  EXPECT_EQ(parse_run_ids("3"), (std::vector<int64_t>{3}));
  EXPECT_EQ(parse_run_ids("12,4,12"), (std::vector<int64_t>{12, 4, 12}));
  for (const char* bad : {"", "1,", ",1", "a", "1,,2", "-1", "1 2"}) EXPECT_THROW(parse_run_ids(bad), Error) << bad;
}

}  // namespace
}  // namespace hb::report::test
