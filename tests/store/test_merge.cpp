// merge_into: runs travel between stores by uuid with all their rows, ids are
// remapped, and merging again adds nothing.
#include <fstream>
#include <functional>

#include "store/merge.h"
#include "store/schema.h"
#include "store_fixture.h"

namespace hb::store::test {
namespace {

// A store with a finished run (samples incl. a mismatch, op timings, metrics)
// and a run still in progress. `extra_board` shifts the ids so they differ
// between stores.
struct Source {
  std::string path;
  std::string finished_uuid;
};

Source make_source(const TempDir& tmp, const std::string& name, const std::string& board, char model,
                   bool extra_board) {
  Source src{tmp.file(name), {}};
  RunStore s = RunStore::open(src.path);
  if (extra_board) s.upsert_board({"filler-" + name, "cortex-m0", 1, {}});
  const Ids ids = seed(s, board, model);
  const int64_t run = s.begin_run(run_start(ids));
  std::vector<Sample> samples = make_samples(0, 4);
  samples[2] = make_sample(2, /*host_differs=*/true);
  s.add_samples(run, samples);
  s.add_op_timings(run, std::vector<OpTiming>{{0, 0, "CONV_2D", 100}, {0, 1, "SOFTMAX", 7}, {1, 0, "CONV_2D", 99}});
  s.set_metric(run, "images_per_s", 3.5);
  s.set_metric(run, "wire_bytes", int64_t{4096});
  s.finish_run(run, RunStatus::Complete);
  s.begin_run(run_start(ids));  // still running: must not travel
  src.finished_uuid = s.find_run(run)->uuid;
  return src;
}

void expect_same_run(RunStore& a, int64_t run_a, RunStore& b, int64_t run_b) {
  const RunDetail x = *a.get_run(run_a), y = *b.get_run(run_b);
  EXPECT_EQ(x.run.uuid, y.run.uuid);
  EXPECT_EQ(x.run.status, y.run.status);
  EXPECT_EQ(x.run.board_name, y.run.board_name);
  EXPECT_EQ(x.run.firmware_build, y.run.firmware_build);
  EXPECT_EQ(x.run.model_sha256, y.run.model_sha256);
  EXPECT_EQ(x.run.dataset_path, y.run.dataset_path);
  EXPECT_EQ(x.run.started_at, y.run.started_at);
  EXPECT_EQ(x.run.finished_at, y.run.finished_at);
  EXPECT_EQ(x.run.host, y.run.host);
  EXPECT_EQ(x.run.pid, y.run.pid);
  EXPECT_EQ(x.run.config, y.run.config);
  EXPECT_EQ(x.run.summary, y.run.summary);
  EXPECT_EQ(x.run.timer_hz, y.run.timer_hz);
  ASSERT_EQ(x.samples.size(), y.samples.size());
  for (size_t i = 0; i < x.samples.size(); ++i) {
    EXPECT_EQ(x.samples[i].sample_id, y.samples[i].sample_id);
    EXPECT_EQ(x.samples[i].output, y.samples[i].output);
    EXPECT_EQ(x.samples[i].host_output, y.samples[i].host_output);
    EXPECT_EQ(x.samples[i].ticks, y.samples[i].ticks);
  }
  ASSERT_EQ(x.metrics.size(), y.metrics.size());
  for (size_t i = 0; i < x.metrics.size(); ++i) {
    EXPECT_EQ(x.metrics[i].key, y.metrics[i].key);
    EXPECT_EQ(x.metrics[i].value, y.metrics[i].value);
  }
  const auto ox = a.op_timings(run_a), oy = b.op_timings(run_b);
  ASSERT_EQ(ox.size(), oy.size());
  for (size_t i = 0; i < ox.size(); ++i) {
    EXPECT_EQ(ox[i].op_kind, oy[i].op_kind);
    EXPECT_EQ(ox[i].ticks, oy[i].ticks);
    EXPECT_EQ(ox[i].sample_idx, oy[i].sample_idx);
  }
}

TEST(StoreMerge, CopiesMissingRunsOnceWithAllTheirRows) {
  TempDir tmp;
  const Source a = make_source(tmp, "a.db", "nucleo-h743zi", 'a', false);
  const Source b = make_source(tmp, "b.db", "nucleo-h743zi", 'b', true);  // same board, other model, shifted ids
  RunStore out = RunStore::open(tmp.file("out/merged.db"));
  out.upsert_board({"pre-existing", "x", 0, {}});  // dst ids differ from both sources

  MergeStats st = merge_into(out, a.path);
  EXPECT_EQ(st.runs_added, 1);
  EXPECT_EQ(st.runs_in_progress, 1);
  EXPECT_EQ(st.runs_already_present, 0);
  EXPECT_EQ(st.samples, 4);
  EXPECT_EQ(st.op_timings, 3);
  EXPECT_EQ(st.metrics, 2);
  st = merge_into(out, b.path);
  EXPECT_EQ(st.runs_added, 1);

  for (int again = 0; again < 2; ++again) {
    for (const Source* src : {&a, &b}) {
      st = merge_into(out, src->path);
      EXPECT_EQ(st.runs_added, 0);
      EXPECT_EQ(st.runs_already_present, 1);
      EXPECT_EQ(st.samples + st.op_timings + st.metrics, 0);
    }
  }

  EXPECT_EQ(count(out, "SELECT count(*) FROM runs"), 2);
  EXPECT_EQ(count(out, "SELECT count(*) FROM samples"), 8);
  EXPECT_EQ(count(out, "SELECT count(*) FROM op_timings"), 6);
  EXPECT_EQ(count(out, "SELECT count(*) FROM run_metrics"), 4);
  EXPECT_EQ(count(out, "SELECT count(*) FROM boards WHERE name = 'nucleo-h743zi'"), 1);
  EXPECT_EQ(count(out, "SELECT count(*) FROM boards"), 2);  // filler boards were not referenced by runs
  EXPECT_EQ(count(out, "SELECT count(*) FROM firmware_builds"), 1);
  EXPECT_EQ(count(out, "SELECT count(*) FROM models"), 2);
  EXPECT_EQ(count(out, "SELECT count(*) FROM datasets"), 1);

  for (const Source* src : {&a, &b}) {
    RunStore s = RunStore::open(src->path, OpenMode::ReadOnly);
    const int64_t in_src = *s.find_run_by_uuid(src->finished_uuid);
    const auto in_out = out.find_run_by_uuid(src->finished_uuid);
    ASSERT_TRUE(in_out);
    expect_same_run(s, in_src, out, *in_out);
  }
}

TEST(StoreMerge, RefusesItselfAndRollsBackOnBadSource) {
  TempDir tmp;
  const Source a = make_source(tmp, "a.db", "nucleo-h743zi", 'a', false);
  RunStore out = RunStore::open(a.path);
  EXPECT_THROW(merge_into(out, a.path), hb::Error);

  const std::string junk = tmp.file("junk.db");
  std::ofstream(junk) << std::string(5000, 'j');
  RunStore dst = RunStore::open(tmp.file("dst.db"));
  try {
    merge_into(dst, junk);
    FAIL() << "junk merged";
  } catch (const hb::Error& e) {
    EXPECT_EQ(std::string(e.what()), junk + ": not a hilbench database (file is not a database)");
  }
  EXPECT_EQ(count(dst, "SELECT count(*) FROM runs"), 0);
}

TEST(StoreMerge, MergesAnOlderSchemaSourceWithoutModifyingIt) {
  TempDir tmp;
  const std::string v1 = tmp.file("v1.db");
  write_v1_store(v1);
  RunStore out = RunStore::open(tmp.file("out.db"));
  MergeStats st = merge_into(out, v1);
  EXPECT_EQ(st.runs_added, 1);
  EXPECT_EQ(st.runs_in_progress, 1);
  EXPECT_EQ(st.samples, 2);
  EXPECT_EQ(merge_into(out, v1).runs_added, 0);
  EXPECT_EQ(user_version_of(v1), 1);
  const auto id = out.find_run_by_uuid("0123456789abcdef0123456789abcdef");
  ASSERT_TRUE(id);
  const auto samples = out.samples(*id);
  ASSERT_EQ(samples.size(), 2u);
  EXPECT_EQ(samples[1].host_output, (std::vector<uint8_t>{3, 5}));
  EXPECT_EQ(out.find_run(*id)->board_name, "old-board");
}

}  // namespace
}  // namespace hb::store::test
