// A run store with three boards (a DWT-timed STM32, a QEMU instruction-count
// board, the host-clock sim) over three nights, built through RunStore the
// way `hilbench run` writes it. Every run's samples come from a RunSpec, so
// tests compute the expected figures from the spec, not from the report code.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "store/run_store.h"
#include "temp_dir.h"

namespace hb::report::test {

using ::hb::test::TempDir;

inline constexpr const char* kNight1 = "2025-03-01T02:00:00.000Z";
inline constexpr const char* kNight2 = "2025-03-02T02:00:00.000Z";
inline constexpr const char* kNight3 = "2025-03-03T02:00:00.000Z";

struct BoardSpec {
  std::string name, core;
  int64_t clock_hz;
  std::string timer_source, unit;
  int64_t timer_hz;
};

inline const BoardSpec kH747{"h747", "cortex-m7", 400000000, "dwt", "cycles", 400000000};
inline const BoardSpec kQemuM7{"qemu-m7", "cortex-m7", 25000000, "systick-icount", "instructions", 0};
inline const BoardSpec kSim{"sim", "host", 0, "clock", "ns", 0};

struct ModelSpec {
  char hash;  // sha256 = 64 x hash
  std::string name, type;
  std::vector<int64_t> shape;
  int64_t weight_bytes, arena_bytes;
  std::string sha() const { return std::string(64, hash); }
};

inline const ModelSpec kModelA{'a', "resnet8-int8", "INT8", {1, 32, 32, 3}, 78848, 53248};
inline const ModelSpec kModelB{'b', "effnet-lc-128", "UINT8", {1, 128, 128, 3}, 517540, 170782};

struct RunSpec {
  BoardSpec board;
  ModelSpec model;
  std::string started, finished;
  std::vector<int64_t> ticks;  // one per sample
  std::vector<bool> correct;   // device_pred == label, per sample
  int mismatch_at = -1;        // sample whose host output differs from the device's
  store::RunStatus status = store::RunStatus::Complete;
  std::string error;
  std::vector<std::pair<std::string, int64_t>> ops;  // per-op timings of every sample
};

inline int64_t add_run(store::RunStore& db, const RunSpec& r) {
  const int64_t board = db.upsert_board({r.board.name, r.board.core, r.board.clock_hz, {}});
  const int64_t fw = db.upsert_firmware({board, "fw-" + r.board.name, "port-" + r.board.name, 0});
  const int64_t model =
      db.upsert_model({r.model.sha(),
                       r.model.name,
                       "/nonexistent/" + r.model.name + ".tflite",
                       {{"input", {{"name", "in"}, {"type", r.model.type}, {"shape", r.model.shape}}}},
                       r.model.weight_bytes,
                       r.model.arena_bytes});
  const int64_t ds = db.upsert_dataset({std::string(64, 'd'), "/data/cifar10-test", "image-folder", 100, {"a", "b"}});
  store::RunStart s;
  s.board_id = board;
  s.firmware_id = fw;
  s.model_id = model;
  s.dataset_id = ds;
  s.git_rev = "rev-" + r.started.substr(0, 10);
  s.timer_source = r.board.timer_source;
  s.time_unit = r.board.unit;
  s.timer_hz = r.board.timer_hz;
  const int64_t id = db.begin_run(s);
  std::vector<store::Sample> samples;
  std::vector<store::OpTiming> ops;
  for (size_t i = 0; i < r.ticks.size(); ++i) {
    store::Sample x;
    x.idx = static_cast<int64_t>(i);
    x.sample_id = "img_" + std::to_string(i) + ".png";
    x.label = static_cast<int64_t>(i % 2);
    x.device_pred = r.correct[i] ? x.label : 1 - x.label;
    x.host_pred = x.device_pred;
    x.ticks = r.ticks[i];
    x.output = {static_cast<uint8_t>(i), 7, 9};
    x.host_output = x.output;
    if (static_cast<int>(i) == r.mismatch_at) (*x.host_output)[1] = 8;
    samples.push_back(x);
    for (size_t k = 0; k < r.ops.size(); ++k)
      ops.push_back({static_cast<int64_t>(i), static_cast<int64_t>(k), r.ops[k].first, r.ops[k].second});
  }
  db.add_samples(id, samples);
  if (!ops.empty()) db.add_op_timings(id, ops);
  db.finish_run(id, r.status, std::nullopt, r.error);
  // begin_run stamps the wall clock; the tests need fixed nights.
  store::Stmt u = db.db().prepare("UPDATE runs SET started_at = ?1, finished_at = ?2 WHERE id = ?3");
  u.bind_all(r.started, r.finished, id);
  u.run();
  return id;
}

inline std::vector<bool> all_correct_but(size_t n, std::vector<size_t> wrong) {
  std::vector<bool> v(n, true);
  for (size_t w : wrong) v[w] = false;
  return v;
}

// The standard fixture. Runs (in insertion order):
//   1 h747/A night1, 2 h747/A night2 (faster), 3 h747/B night2,
//   4 qemu-m7/A night1, 5 qemu-m7/A night2 (sample 3 not bit-exact),
//   6 sim/A night1, 7 sim/A night2, 8 sim/A night3 (failed).
struct Fixture {
  std::vector<RunSpec> runs;
  std::vector<int64_t> ids;

  Fixture() {
    const std::vector<std::pair<std::string, int64_t>> m7_ops = {
        {"CONV_2D", 300000}, {"DEPTHWISE_CONV_2D", 120000}, {"ADD", 40000}, {"FULLY_CONNECTED", 20000}};
    runs.push_back({kH747,
                    kModelA,
                    kNight1,
                    "2025-03-01T02:00:30.000Z",
                    {58200000, 58210000, 58190000, 58250000, 58205000, 58198000},
                    all_correct_but(6, {2}),
                    -1,
                    store::RunStatus::Complete,
                    "",
                    m7_ops});
    runs.push_back({kH747,
                    kModelA,
                    kNight2,
                    "2025-03-02T02:00:20.500Z",
                    {56000000, 56010000, 55990000, 56050000, 56005000, 55998000},
                    all_correct_but(6, {2}),
                    -1,
                    store::RunStatus::Complete,
                    "",
                    m7_ops});
    runs.push_back({kH747,
                    kModelB,
                    kNight2,
                    "2025-03-02T02:05:00.000Z",
                    {58204000, 58212000, 58196000, 58220000},
                    all_correct_but(4, {}),
                    -1,
                    store::RunStatus::Complete,
                    "",
                    {}});
    runs.push_back({kQemuM7,
                    kModelA,
                    kNight1,
                    "2025-03-01T02:10:00.000Z",
                    {12345678, 12345680, 12345679, 12345677},
                    all_correct_but(4, {0}),
                    -1,
                    store::RunStatus::Complete,
                    "",
                    {}});
    runs.push_back({kQemuM7,
                    kModelA,
                    kNight2,
                    "2025-03-02T02:10:00.000Z",
                    {12345678, 12345681, 12345679, 12345684},
                    all_correct_but(4, {0, 1}),
                    3,
                    store::RunStatus::Complete,
                    "",
                    {}});
    const std::vector<std::pair<std::string, int64_t>> sim_ops = {{"CONV_2D", 900}, {"ADD", 100}};
    runs.push_back({kSim,
                    kModelA,
                    kNight1,
                    "2025-03-01T02:20:00.000Z",
                    {2500000, 2600000, 2400000, 2550000, 2450000},
                    all_correct_but(5, {}),
                    -1,
                    store::RunStatus::Complete,
                    "",
                    {}});
    runs.push_back({kSim,
                    kModelA,
                    kNight2,
                    "2025-03-02T02:20:00.000Z",
                    {2510000, 2610000, 2410000, 2560000, 2460000},
                    all_correct_but(5, {4}),
                    -1,
                    store::RunStatus::Complete,
                    "",
                    sim_ops});
    runs.push_back({kSim,
                    kModelA,
                    kNight3,
                    "2025-03-03T02:20:00.000Z",
                    {2500000, 2500000},
                    all_correct_but(2, {}),
                    -1,
                    store::RunStatus::Failed,
                    "board sim stopped answering",
                    {}});
  }

  std::string write(const std::string& path) {
    auto db = store::RunStore::open(path);
    for (const auto& r : runs) ids.push_back(add_run(db, r));
    return path;
  }
};

// What the tests expect, computed here from the spec (numpy-style median).
inline double median_of(std::vector<int64_t> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? static_cast<double>(v[n / 2])
               : (static_cast<double>(v[n / 2 - 1]) + static_cast<double>(v[n / 2])) / 2;
}

inline std::string fmt2(double v) {
  char b[64];
  std::snprintf(b, sizeof b, "%.2f", v);
  return b;
}

inline double top1_percent(const RunSpec& r) {
  return 100.0 * static_cast<double>(std::count(r.correct.begin(), r.correct.end(), true)) /
         static_cast<double>(r.correct.size());
}

}  // namespace hb::report::test
