// Two writers, each with its own connection, filling the same brand-new file
// at the same time: both succeed and nothing is lost.
#include <thread>

#include "store_fixture.h"

namespace hb::store::test {
namespace {

TEST(StoreConcurrency, TwoWritersOnOneFileBothSucceed) {
  TempDir tmp;
  const std::string path = tmp.file("shared/hilbench.db");
  constexpr int kBatches = 20, kPerBatch = 25;
  std::string errors[2];
  int64_t runs[2] = {0, 0};

  auto writer = [&](int w) {
    try {
      RunStore s = RunStore::open(path);  // both may create and migrate the file
      const Ids ids = seed(s);            // same keys: racing upserts
      runs[w] = s.begin_run(run_start(ids));
      for (int b = 0; b < kBatches; ++b) {
        s.add_samples(runs[w], make_samples(int64_t{b} * kPerBatch, kPerBatch));
        s.add_op_timings(runs[w], std::vector<OpTiming>{{b, 0, "CONV_2D", 10 + b}, {b, 1, "ADD", 3}});
        s.set_metric(runs[w], "batches", int64_t{b + 1});
      }
      s.finish_run(runs[w], RunStatus::Complete);
    } catch (const std::exception& e) {
      errors[w] = e.what();
    }
  };
  std::thread t0(writer, 0), t1(writer, 1);
  t0.join();
  t1.join();
  ASSERT_EQ(errors[0], "");
  ASSERT_EQ(errors[1], "");

  RunStore s = RunStore::open(path);
  EXPECT_EQ(count(s, "SELECT count(*) FROM boards"), 1);
  EXPECT_EQ(count(s, "SELECT count(*) FROM models"), 1);
  ASSERT_NE(runs[0], runs[1]);
  for (int64_t run : runs) {
    ASSERT_TRUE(s.find_run(run));
    const RunInfo r = *s.find_run(run);
    EXPECT_EQ(r.status, RunStatus::Complete);
    EXPECT_EQ(r.n_samples, kBatches * kPerBatch);
    EXPECT_EQ(r.summary["samples"], kBatches * kPerBatch);
    EXPECT_EQ(s.op_timings(run).size(), size_t{2 * kBatches});
    EXPECT_EQ(std::get<int64_t>(s.metrics(run).at(0).value), kBatches);
  }
}

}  // namespace
}  // namespace hb::store::test
