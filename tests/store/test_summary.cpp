// Summary figures (top-1, bit-exactness, first mismatch, tick median/p90) on
// small data sets worked out by hand.
#include "store_fixture.h"

namespace hb::store::test {
namespace {

TEST(StoreSummary, PercentileInterpolatesBetweenRanks) {
  EXPECT_EQ(percentile({40, 10, 30, 20}, 0.5), 25.0);  // (20 + 30) / 2
  EXPECT_EQ(percentile({40, 10, 30, 20}, 0.9), 37.0);  // rank 2.7: 30 + 0.7 * 10
  EXPECT_EQ(percentile({40, 10, 30, 20}, 0.0), 10.0);
  EXPECT_EQ(percentile({40, 10, 30, 20}, 1.0), 40.0);
  EXPECT_EQ(percentile({7, 1, 3}, 0.5), 3.0);
  EXPECT_EQ(percentile({5}, 0.9), 5.0);
  EXPECT_EQ(percentile({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 0.9), 10.0);  // rank 9 exactly
  EXPECT_THROW(percentile({}, 0.5), hb::Error);
  EXPECT_THROW(percentile({1}, 1.5), hb::Error);
}

// idx  label dev  host  outputs      ticks
// 0    1     1    1     equal        100
// 1    2     0    2     differ       300
// 2    -1    3    3     equal        200   (unlabelled)
// 3    0     -    0     differ       -     (device gave no answer)
// 4    0     0    -     host not run 400
std::vector<Sample> known_samples() {
  auto s = [](int64_t idx, int64_t label, std::optional<int64_t> dev, std::optional<int64_t> host, int exact,
              std::optional<int64_t> ticks) {
    Sample x;
    x.idx = idx;
    x.sample_id = "s" + std::to_string(idx);
    x.label = label;
    x.device_pred = dev;
    x.host_pred = host;
    x.ticks = ticks;
    x.output = {1, static_cast<uint8_t>(idx)};
    if (exact >= 0) x.host_output = exact ? x.output : std::vector<uint8_t>{2, 2};
    return x;
  };
  // Deliberately not in idx order.
  return {s(3, 0, std::nullopt, 0, 0, std::nullopt), s(0, 1, 1, 1, 1, 100), s(4, 0, 0, std::nullopt, -1, 400),
          s(1, 2, 0, 2, 0, 300), s(2, -1, 3, 3, 1, 200)};
}

void expect_known(const RunSummary& r) {
  EXPECT_EQ(r.samples, 5);
  EXPECT_EQ(r.labeled, 4);
  EXPECT_EQ(r.device_correct, 2);  // idx 0 and 4
  EXPECT_EQ(r.device_top1(), 0.5);
  EXPECT_EQ(r.host_scored, 3);  // idx 0, 1, 3
  EXPECT_EQ(r.host_correct, 3);
  EXPECT_EQ(r.host_top1(), 1.0);
  EXPECT_EQ(r.compared, 4);
  EXPECT_EQ(r.bit_exact, 2);
  EXPECT_EQ(r.first_mismatch_idx, 1);
  EXPECT_EQ(r.first_mismatch_sample, "s1");
  ASSERT_TRUE(r.ticks);
  EXPECT_EQ(r.ticks->n, 4);
  EXPECT_EQ(r.ticks->min, 100);
  EXPECT_EQ(r.ticks->max, 400);
  EXPECT_EQ(r.ticks->mean, 250.0);
  EXPECT_EQ(r.ticks->median, 250.0);
  EXPECT_EQ(r.ticks->p90, 370.0);  // sorted 100 200 300 400, rank 2.7
}

TEST(StoreSummary, KnownSamplesInMemory) {
  std::vector<SampleStat> stats;
  for (const Sample& x : known_samples())
    stats.push_back({x.idx, x.sample_id, x.label, x.device_pred, x.host_pred, x.bit_exact(), x.ticks});
  expect_known(summarize(stats));
}

TEST(StoreSummary, KnownSamplesThroughTheStore) {
  TempDir tmp;
  RunStore store = RunStore::open(tmp.file("sum.db"));
  const int64_t run = store.begin_run(run_start(seed(store)));
  const auto samples = known_samples();
  store.add_samples(run, std::span(samples).first(2));
  store.add_samples(run, std::span(samples).subspan(2));
  expect_known(store.summarize(run));

  store.finish_run(run, RunStatus::Complete);
  const nlohmann::json j = store.find_run(run)->summary;
  EXPECT_EQ(j["device_top1"], 0.5);
  EXPECT_EQ(j["host_top1"], 1.0);
  EXPECT_EQ(j["bit_exact"], 2);
  EXPECT_EQ(j["compared"], 4);
  EXPECT_EQ(j["first_mismatch"]["idx"], 1);
  EXPECT_EQ(j["first_mismatch"]["sample_id"], "s1");
  EXPECT_EQ(j["ticks"]["median"], 250.0);
  EXPECT_EQ(j["ticks"]["p90"], 370.0);
}

TEST(StoreSummary, EmptyRunHasNoRatesOrTicks) {
  const RunSummary r = summarize(std::vector<SampleStat>{});
  EXPECT_EQ(r.device_top1(), std::nullopt);
  EXPECT_EQ(r.host_top1(), std::nullopt);
  EXPECT_EQ(r.first_mismatch_idx, std::nullopt);
  const nlohmann::json j = to_json(r);
  EXPECT_TRUE(j["device_top1"].is_null());
  EXPECT_TRUE(j["ticks"].is_null());
  EXPECT_TRUE(j["first_mismatch"].is_null());
  EXPECT_EQ(j["samples"], 0);
}

}  // namespace
}  // namespace hb::store::test
