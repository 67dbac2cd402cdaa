// Writing and reading runs: upserts, the run life cycle, sample batches that
// land whole or not at all, metrics, and listing/filtering.
#include <unistd.h>

#include <functional>

#include "store_fixture.h"

namespace hb::store::test {
namespace {

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const hb::Error& e) {
    return e.what();
  }
  return "(no error)";
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

class StoreRuns : public ::testing::Test {
 protected:
  TempDir tmp;
  std::string path = tmp.file("results/hilbench.db");
  RunStore store = RunStore::open(path);
  Ids ids = seed(store);
};

TEST_F(StoreRuns, UpsertsAreKeyedByNaturalKeys) {
  const int64_t b2 = store.upsert_board({"nucleo-h743zi", "cortex-m7", 400000000, {{"rev", "Y"}}});
  EXPECT_EQ(b2, ids.board);
  EXPECT_EQ(count(store, "SELECT clock_hz FROM boards WHERE name = 'nucleo-h743zi'"), 400000000);
  EXPECT_NE(store.upsert_board({"nucleo-u575zi", "cortex-m33", 160000000, {}}), ids.board);

  EXPECT_EQ(store.upsert_firmware({ids.board, "fw-nucleo-h743zi", "arm-gcc-14", 70000}), ids.firmware);
  const int64_t other_board = store.upsert_board({"disco", "cortex-m7", 1, {}});
  EXPECT_NE(store.upsert_firmware({other_board, "fw-nucleo-h743zi", "", 0}), ids.firmware);  // same id, other board

  Model m{hex64('a'), "renamed", "elsewhere/m.tflite", {}, 1, 2};
  EXPECT_EQ(store.upsert_model(m), ids.model);
  EXPECT_EQ(count(store, "SELECT count(*) FROM models WHERE name = 'renamed'"), 1);
  m.sha256 = hex64('c');
  EXPECT_NE(store.upsert_model(m), ids.model);
  EXPECT_EQ(store.upsert_dataset({hex64('d'), "moved", "images-dir", 100, {"no", "yes"}}), ids.dataset);

  m.sha256 = "ABC";
  EXPECT_EQ(error_of([&] { store.upsert_model(m); }), "model sha256 must be 64 lowercase hex digits, got 'ABC'");
  EXPECT_EQ(count(store, "SELECT count(*) FROM models"), 2);
}

TEST_F(StoreRuns, RunIsCompleteOnlyAfterFinish) {
  const int64_t run = store.begin_run(run_start(ids));
  RunInfo r = *store.find_run(run);
  EXPECT_EQ(r.status, RunStatus::Running);
  EXPECT_EQ(r.finished_at, std::nullopt);
  EXPECT_TRUE(r.summary.is_null());
  EXPECT_EQ(r.uuid.size(), 32u);
  EXPECT_EQ(r.uuid.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(r.host, this_host_name());
  EXPECT_EQ(r.pid, static_cast<int64_t>(getpid()));
  EXPECT_EQ(r.board_name, "nucleo-h743zi");
  EXPECT_EQ(r.firmware_build, "fw-nucleo-h743zi");
  EXPECT_EQ(r.config["limit"], 10);
  EXPECT_EQ(r.started_at.size(), 24u);  // 2025-01-31T12:00:00.000Z

  store.add_samples(run, make_samples(0, 4));
  EXPECT_EQ(store.find_run(run)->status, RunStatus::Running);
  EXPECT_EQ(store.find_run(run)->n_samples, 4);

  store.finish_run(run, RunStatus::Complete);
  r = *store.find_run(run);
  EXPECT_EQ(r.status, RunStatus::Complete);
  ASSERT_TRUE(r.finished_at);
  EXPECT_GE(*r.finished_at, r.started_at);
  EXPECT_EQ(r.summary["samples"], 4);  // defaulted to the computed summary
  EXPECT_EQ(r.summary["bit_exact"], 4);

  EXPECT_TRUE(contains(error_of([&] { store.add_samples(run, make_samples(4, 1)); }),
                       ": run " + std::to_string(run) + " is complete; only a running run takes results"));
  EXPECT_TRUE(contains(error_of([&] { store.finish_run(run, RunStatus::Failed); }), " is complete"));
  EXPECT_EQ(store.find_run(run)->status, RunStatus::Complete);
  EXPECT_EQ(store.find_run(run)->n_samples, 4);

  const int64_t run2 = store.begin_run(run_start(ids));
  EXPECT_NE(store.find_run(run2)->uuid, r.uuid);
  EXPECT_TRUE(contains(error_of([&] { store.finish_run(run2, RunStatus::Running); }), "cannot be 'running'"));
  store.finish_run(run2, RunStatus::Failed, nlohmann::json{{"note", "x"}}, "board stopped answering");
  r = *store.find_run(run2);
  EXPECT_EQ(r.status, RunStatus::Failed);
  EXPECT_EQ(r.error, "board stopped answering");
  EXPECT_EQ(r.summary, (nlohmann::json{{"note", "x"}}));
  EXPECT_TRUE(contains(error_of([&] { store.finish_run(424242, RunStatus::Complete); }), "run 424242 does not exist"));
}

TEST_F(StoreRuns, SamplesRoundTripAndHostBytesAreStoredOnlyWhenDifferent) {
  const int64_t run = store.begin_run(run_start(ids));
  std::vector<Sample> in = {make_sample(0), make_sample(1, /*host_differs=*/true), make_sample(2)};
  in[2].host_output.reset();  // host not run
  in[2].host_pred.reset();
  in[2].device_pred.reset();
  in[2].ticks.reset();
  in[2].label = -1;
  in[0].output.clear();  // an empty output is still a value
  in[0].host_output = std::vector<uint8_t>{};
  store.add_samples(run, in);

  const std::vector<Sample> out = store.samples(run);
  ASSERT_EQ(out.size(), in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    EXPECT_EQ(out[i].idx, in[i].idx);
    EXPECT_EQ(out[i].sample_id, in[i].sample_id);
    EXPECT_EQ(out[i].label, in[i].label);
    EXPECT_EQ(out[i].device_pred, in[i].device_pred);
    EXPECT_EQ(out[i].host_pred, in[i].host_pred);
    EXPECT_EQ(out[i].ticks, in[i].ticks);
    EXPECT_EQ(out[i].output, in[i].output);
    EXPECT_EQ(out[i].host_output, in[i].host_output) << i;
    EXPECT_EQ(out[i].bit_exact(), in[i].bit_exact()) << i;
  }
  Stmt q = store.db().prepare(
      "SELECT idx, bit_exact, host_output IS NULL, typeof(output) FROM samples WHERE run_id = ?1 ORDER BY idx");
  q.bind(1, run);
  std::string rows;
  while (q.step()) rows += q.text(0) + ":" + q.text(1) + ":" + q.text(2) + ":" + q.text(3) + " ";
  EXPECT_EQ(rows, "0:1:1:blob 1:0:0:blob 2::1:blob ");
}

TEST_F(StoreRuns, FailingBatchLeavesNothingBehind) {
  const int64_t run = store.begin_run(run_start(ids));
  store.add_samples(run, make_samples(0, 3));

  // Duplicate idx in the middle of a batch: the rows before it must go too.
  std::vector<Sample> batch = make_samples(3, 5);
  batch[3].idx = 1;
  const std::string err = error_of([&] { store.add_samples(run, batch); });
  EXPECT_TRUE(contains(err, path + ": cannot add sample 1 to run " + std::to_string(run) +
                                " (UNIQUE constraint failed: samples.run_id, samples.idx)"))
      << err;
  EXPECT_EQ(store.samples(run).size(), 3u);

  // CHECK violation mid-batch (label below -1).
  batch = make_samples(3, 5);
  batch[2].label = -7;
  EXPECT_TRUE(contains(error_of([&] { store.add_samples(run, batch); }), "CHECK constraint failed"));
  EXPECT_EQ(count(store, "SELECT count(*) FROM samples"), 3);
  EXPECT_FALSE(store.db().in_transaction());

  // The store is still usable and the same batch, fixed, lands whole.
  batch[2].label = 0;
  store.add_samples(run, batch);
  EXPECT_EQ(store.samples(run).size(), 8u);

  std::vector<OpTiming> ops = {{0, 0, "CONV_2D", 5}, {0, 1, "ADD", 6}, {0, 0, "CONV_2D", 7}};
  EXPECT_TRUE(contains(error_of([&] { store.add_op_timings(run, ops); }), "UNIQUE constraint failed"));
  EXPECT_TRUE(store.op_timings(run).empty());
  ops.pop_back();
  store.add_op_timings(run, ops);
  ASSERT_EQ(store.op_timings(run).size(), 2u);
  EXPECT_EQ(store.op_timings(run)[1].op_kind, "ADD");
  EXPECT_EQ(store.op_timings(run)[1].ticks, 6);
}

TEST_F(StoreRuns, MetricsKeepTheirTypeAndUpdate) {
  const int64_t run = store.begin_run(run_start(ids));
  store.set_metric(run, "wire_bytes", int64_t{123456789012});
  store.set_metric(run, "images_per_s", 12.5);
  store.set_metric(run, "link", std::string("uart@921600"));
  store.set_metric(run, "images_per_s", 13.25);
  auto d = store.get_run(run);
  ASSERT_TRUE(d);
  ASSERT_EQ(d->metrics.size(), 3u);
  EXPECT_EQ(d->metrics[0].key, "images_per_s");
  EXPECT_EQ(std::get<double>(d->metrics[0].value), 13.25);
  EXPECT_EQ(d->metrics[1].key, "link");
  EXPECT_EQ(std::get<std::string>(d->metrics[1].value), "uart@921600");
  EXPECT_EQ(std::get<int64_t>(d->metrics[2].value), 123456789012);
  EXPECT_TRUE(contains(error_of([&] { store.set_metric(run, "", 1.0); }), "CHECK constraint failed"));
}

TEST_F(StoreRuns, ListRunsFiltersNewestFirst) {
  const Ids other = seed(store, "nucleo-u575zi", 'e');
  const int64_t a = store.begin_run(run_start(ids));
  const int64_t b = store.begin_run(run_start(other));
  RunStart c_start = run_start(ids);
  c_start.git_rev = "def5678";
  const int64_t c = store.begin_run(c_start);
  store.finish_run(a, RunStatus::Complete);
  store.finish_run(c, RunStatus::Failed);

  auto ids_of = [](const std::vector<RunInfo>& v) {
    std::vector<int64_t> out;
    for (const auto& r : v) out.push_back(r.id);
    return out;
  };
  EXPECT_EQ(ids_of(store.list_runs()), (std::vector<int64_t>{c, b, a}));
  RunFilter f;
  f.limit = 2;
  EXPECT_EQ(ids_of(store.list_runs(f)), (std::vector<int64_t>{c, b}));
  f = {};
  f.board = "nucleo-u575zi";
  EXPECT_EQ(ids_of(store.list_runs(f)), (std::vector<int64_t>{b}));
  f = {};
  f.model = "model-a";
  EXPECT_EQ(ids_of(store.list_runs(f)), (std::vector<int64_t>{c, a}));
  f.model = "eeee";  // sha256 prefix
  EXPECT_EQ(ids_of(store.list_runs(f)), (std::vector<int64_t>{b}));
  f = {};
  f.status = RunStatus::Complete;
  EXPECT_EQ(ids_of(store.list_runs(f)), (std::vector<int64_t>{a}));
  f = {};
  f.git_rev = "def5678";
  EXPECT_EQ(ids_of(store.list_runs(f)), (std::vector<int64_t>{c}));
  f.board = "no-such-board";
  EXPECT_TRUE(store.list_runs(f).empty());
  EXPECT_EQ(store.find_run(999), std::nullopt);
  EXPECT_EQ(store.get_run(999), std::nullopt);
}

TEST_F(StoreRuns, FindsRunsByUuidPrefix) {
  const int64_t a = store.begin_run(run_start(ids));
  const std::string uuid = store.find_run(a)->uuid;
  EXPECT_EQ(store.find_run_by_uuid(uuid), a);
  EXPECT_EQ(store.find_run_by_uuid(uuid.substr(0, 8)), a);
  std::string upper = uuid.substr(0, 8);
  for (char& ch : upper) ch = static_cast<char>(toupper(ch));
  EXPECT_EQ(store.find_run_by_uuid(upper), a);
  EXPECT_EQ(store.find_run_by_uuid(uuid == std::string(32, '0') ? "1" : std::string(32, '0')), std::nullopt);
}

TEST_F(StoreRuns, FirmwareMustBelongToTheRunsBoard) {
  const int64_t other_board = store.upsert_board({"disco", "cortex-m7", 1, {}});
  RunStart r = run_start(ids);
  r.board_id = other_board;
  EXPECT_TRUE(contains(error_of([&] { store.begin_run(r); }), "is not for board"));
  r.timer_source = "sundial";
  r.board_id = ids.board;
  EXPECT_TRUE(contains(error_of([&] { store.begin_run(r); }), "cannot begin run (CHECK constraint failed"));
  EXPECT_EQ(count(store, "SELECT count(*) FROM runs"), 0);
}

}  // namespace
}  // namespace hb::store::test
