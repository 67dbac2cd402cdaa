// Builds run stores for the check tests directly through RunStore
// (begin_run / add_samples / finish_run), as `hilbench run` would.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "check/check.h"
#include "store/run_store.h"
#include "temp_dir.h"

namespace hb::check::test {

namespace fs = std::filesystem;
using ::hb::test::TempDir;

inline const std::vector<std::string> kClasses = {"cat", "dog", "ship", "frog"};

// INFO.fw_build as the firmware reports it (cmake/fw_identity.cmake): builds
// that differ only in the source revision stay comparable.
inline std::string fw_identity(const std::string& rev, const std::string& cflags = "0a0b0c0d") {
  return "hb-fw 0.1.0 nucleo-h743zi rev:" + rev + " cflags:" + cflags;
}

// One run to store. Sample i has label i % 4, and by default the device gets
// it right, matches the host, and takes `ticks[i]` ticks.
struct RunSpec {
  std::string board = "nucleo-h743zi";
  char model = 'a';                                // model sha256 = 64 x this
  std::string fw_build = fw_identity("00000001");  // INFO.fw_build
  std::string fw_config = "arm-gcc-13 -O2";
  int64_t code_bytes = 65536;
  std::optional<int64_t> arena_metric;  // per-run arena_bytes metric
  std::string timer_source = "systick-icount";
  std::string time_unit = "instructions";
  std::vector<int64_t> ticks;       // one per sample
  std::vector<int64_t> wrong;       // sample idxs the device gets wrong (predicts label + 1)
  std::vector<int64_t> mismatched;  // sample idxs whose device output differs from the host's
  std::vector<store::OpTiming> ops;
  store::RunStatus status = store::RunStatus::Complete;
  // The run config `hilbench run` stores: sample set, preprocessing, per-op.
  nlohmann::json config = {{"limit", 0},
                           {"samples", 0},
                           {"preprocess", "resize=bilinear aspect=fit colour=auto rescale=pixel-codes"},
                           {"per_op", false}};
};

inline int64_t add_run(store::RunStore& s, const RunSpec& r) {
  const int64_t board = s.upsert_board({r.board, "cortex-m7", 480000000, {}});
  const int64_t fw = s.upsert_firmware({board, r.fw_build, r.fw_config, r.code_bytes});
  const int64_t model =
      s.upsert_model({std::string(64, r.model), std::string("model-") + r.model, "m.tflite", {}, 300000, 120000});
  const int64_t ds = s.upsert_dataset({std::string(64, 'd'), "datasets/four", "images-dir", 1000, kClasses});
  store::RunStart st;
  st.board_id = board;
  st.firmware_id = fw;
  st.model_id = model;
  st.dataset_id = ds;
  st.timer_source = r.timer_source;
  st.time_unit = r.time_unit;
  st.timer_hz = r.time_unit == "ns" ? 1000000000 : 0;
  st.config = r.config;
  const int64_t id = s.begin_run(st);
  std::vector<store::Sample> batch;
  for (size_t i = 0; i < r.ticks.size(); ++i) {
    const auto idx = static_cast<int64_t>(i);
    store::Sample x;
    x.idx = idx;
    x.sample_id = kClasses[i % 4] + "/img" + std::to_string(i) + ".png";
    x.label = idx % 4;
    const bool wrong = std::find(r.wrong.begin(), r.wrong.end(), idx) != r.wrong.end();
    x.device_pred = wrong ? (x.label + 1) % 4 : x.label;
    x.host_pred = x.device_pred;
    x.ticks = r.ticks[i];
    x.output = {static_cast<uint8_t>(x.label), 0x10, 0x20, 0x30};
    x.host_output = x.output;
    if (std::find(r.mismatched.begin(), r.mismatched.end(), idx) != r.mismatched.end()) (*x.host_output)[2] ^= 0x01;
    batch.push_back(std::move(x));
  }
  s.add_samples(id, batch);
  if (!r.ops.empty()) s.add_op_timings(id, r.ops);
  if (r.arena_metric) s.set_metric(id, "arena_bytes", *r.arena_metric);
  s.finish_run(id, r.status);
  return id;
}

inline std::vector<int64_t> constant(size_t n, int64_t v) { return std::vector<int64_t>(n, v); }

// Host-clock-like times: lognormal around `median_ns` with `jitter` sigma.
inline std::vector<int64_t> lognormal(std::mt19937_64& rng, size_t n, double median_ns, double jitter) {
  std::lognormal_distribution<double> d(std::log(median_ns), jitter);
  std::vector<int64_t> v;
  for (size_t i = 0; i < n; ++i) v.push_back(static_cast<int64_t>(std::llround(d(rng))));
  return v;
}

}  // namespace hb::check::test

namespace hb::check::test {

// A copy of a stored run with every sample's ticks scaled by `factor` (and a
// fresh uuid, started just after the original): the way a series is built by
// "editing copies in the store". The rules read it as any other run.
inline int64_t copy_run_scaled(store::RunStore& s, int64_t run, double factor) {
  store::Transaction tx(s.db());
  s.db()
      .prepare(
          "INSERT INTO runs(board_id, firmware_id, model_id, dataset_id, config, git_rev, host, started_at, "
          "finished_at, status, error, timer_source, time_unit, timer_hz, summary, pid) "
          "SELECT board_id, firmware_id, model_id, dataset_id, config, git_rev, host, "
          "strftime('%Y-%m-%dT%H:%M:%fZ', julianday(started_at) + (SELECT count(*) FROM runs) / 86400.0), "
          "finished_at, status, error, timer_source, time_unit, timer_hz, summary, pid FROM runs WHERE id = ?1")
      .bind(1, run)
      .run();
  const int64_t id = s.db().last_insert_rowid();
  s.db()
      .prepare(
          "INSERT INTO samples(run_id, idx, sample_id, label, device_pred, host_pred, bit_exact, ticks, output, "
          "host_output) SELECT ?2, idx, sample_id, label, device_pred, host_pred, bit_exact, "
          "CAST(round(ticks * ?3) AS INTEGER), output, host_output FROM samples WHERE run_id = ?1")
      .bind(1, run)
      .bind(2, id)
      .bind(3, factor)
      .run();
  s.db()
      .prepare("INSERT INTO run_metrics(run_id, key, value) SELECT ?2, key, value FROM run_metrics WHERE run_id = ?1")
      .bind(1, run)
      .bind(2, id)
      .run();
  tx.commit();
  return id;
}

// The result of one rule in a report (throws if the report has none).
inline const RuleResult& rule(const CheckReport& r, const std::string& name) {
  for (const auto& x : r.rules)
    if (x.rule == name) return x;
  throw std::runtime_error("no rule " + name);
}

// `check RUN` against run `base` as the baseline, as the CLI would.
inline CheckReport check_against(store::RunStore& s, int64_t run, int64_t base, const CheckOptions& o = {}) {
  ChosenBaseline b;
  b.run = base;
  b.how = "test";
  return run_check(s, run, b, o);
}

}  // namespace hb::check::test
