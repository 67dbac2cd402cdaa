// Shared setup for the run-store tests: a temp directory per test, a store
// seeded with one board/firmware/model/dataset, and sample builders.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>
#include <vector>

#include "store/run_store.h"
#include "temp_dir.h"

namespace hb::store::test {

namespace fs = std::filesystem;
using ::hb::test::TempDir;

struct Ids {
  int64_t board = 0, firmware = 0, model = 0, dataset = 0;
};

inline std::string hex64(char c) { return std::string(64, c); }

inline Ids seed(RunStore& s, const std::string& board = "nucleo-h743zi", char model_hash = 'a') {
  Ids ids;
  ids.board = s.upsert_board({board, "cortex-m7", 480000000, {{"flash_kb", 2048}}});
  ids.firmware = s.upsert_firmware({ids.board, "fw-" + board, "arm-gcc-13 -O2", 65536});
  ids.model = s.upsert_model({hex64(model_hash),
                              std::string("model-") + model_hash,
                              "models/m.tflite",
                              {{"input", "uint8[1,96,96,3]"}},
                              300000,
                              120000});
  ids.dataset = s.upsert_dataset({hex64('d'), "datasets/vww", "images-dir", 100, {"no", "yes"}});
  return ids;
}

inline RunStart run_start(const Ids& ids) {
  RunStart r;
  r.board_id = ids.board;
  r.firmware_id = ids.firmware;
  r.model_id = ids.model;
  r.dataset_id = ids.dataset;
  r.config = {{"limit", 10}, {"preprocess", "resize"}};
  r.git_rev = "abc1234";
  r.timer_source = "dwt";
  r.time_unit = "cycles";
  r.timer_hz = 480000000;
  return r;
}

// A sample whose device output is {idx, 1, 2}; host output equal unless `host_differs`.
inline Sample make_sample(int64_t idx, bool host_differs = false) {
  Sample s;
  s.idx = idx;
  s.sample_id = "img_" + std::to_string(idx) + ".png";
  s.label = idx % 2;
  s.device_pred = idx % 2;
  s.host_pred = idx % 2;
  s.ticks = 1000 + idx;
  s.output = {static_cast<uint8_t>(idx), 1, 2};
  s.host_output = s.output;
  if (host_differs) (*s.host_output)[1] = 9;
  return s;
}

inline std::vector<Sample> make_samples(int64_t first, int64_t n) {
  std::vector<Sample> v;
  for (int64_t i = first; i < first + n; ++i) v.push_back(make_sample(i));
  return v;
}

inline int64_t count(RunStore& s, const char* sql) {
  Stmt q = s.db().prepare(sql);
  q.step();
  return q.int64(0);
}

// Version 1 of the schema exactly as the first hilbench release created it:
// stores made by that release must keep opening. Frozen: never edit.
inline constexpr const char* kSchemaV1Sql = R"sql(
PRAGMA application_id = 1212763202;

CREATE TABLE boards (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  core        TEXT NOT NULL DEFAULT '',
  clock_hz    INTEGER NOT NULL DEFAULT 0 CHECK (clock_hz >= 0),
  descriptor  TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(descriptor))
);

CREATE TABLE firmware_builds (
  id          INTEGER PRIMARY KEY,
  board_id    INTEGER NOT NULL REFERENCES boards(id),
  build_id    TEXT NOT NULL,
  config      TEXT NOT NULL DEFAULT '',
  code_bytes  INTEGER NOT NULL DEFAULT 0 CHECK (code_bytes >= 0),
  UNIQUE (board_id, build_id)
);

CREATE TABLE models (
  id            INTEGER PRIMARY KEY,
  sha256        TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
  name          TEXT NOT NULL,
  path          TEXT NOT NULL DEFAULT '',
  io            TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(io)),
  weight_bytes  INTEGER NOT NULL DEFAULT 0 CHECK (weight_bytes >= 0),
  arena_bytes   INTEGER NOT NULL DEFAULT 0 CHECK (arena_bytes >= 0)
);

CREATE TABLE datasets (
  id               INTEGER PRIMARY KEY,
  manifest_sha256  TEXT NOT NULL UNIQUE
                   CHECK (length(manifest_sha256) = 64 AND manifest_sha256 NOT GLOB '*[^0-9a-f]*'),
  path             TEXT NOT NULL DEFAULT '',
  kind             TEXT NOT NULL DEFAULT '',
  n_samples        INTEGER NOT NULL DEFAULT 0 CHECK (n_samples >= 0),
  class_names      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(class_names))
);

CREATE TABLE runs (
  id            INTEGER PRIMARY KEY,
  uuid          TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))) CHECK (length(uuid) = 32),
  board_id      INTEGER REFERENCES boards(id),
  firmware_id   INTEGER REFERENCES firmware_builds(id),
  model_id      INTEGER NOT NULL REFERENCES models(id),
  dataset_id    INTEGER REFERENCES datasets(id),
  config        TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(config)),
  git_rev       TEXT NOT NULL DEFAULT '',
  host          TEXT NOT NULL DEFAULT '',
  started_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  finished_at   TEXT,
  status        TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'complete', 'failed', 'aborted')),
  error         TEXT,
  timer_source  TEXT NOT NULL CHECK (timer_source IN ('dwt', 'systick-icount', 'pmu', 'clock')),
  time_unit     TEXT NOT NULL CHECK (time_unit <> ''),
  timer_hz      INTEGER NOT NULL DEFAULT 0 CHECK (timer_hz >= 0),
  summary       TEXT CHECK (summary IS NULL OR json_valid(summary))
);
CREATE INDEX runs_started ON runs(started_at);
CREATE INDEX runs_model ON runs(model_id, started_at);
CREATE INDEX runs_board ON runs(board_id, started_at);

CREATE TABLE samples (
  run_id       INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  idx          INTEGER NOT NULL CHECK (idx >= 0),
  sample_id    TEXT NOT NULL,
  label        INTEGER NOT NULL DEFAULT -1 CHECK (label >= -1),
  device_pred  INTEGER,
  host_pred    INTEGER,
  bit_exact    INTEGER CHECK (bit_exact IN (0, 1)),
  ticks        INTEGER CHECK (ticks >= 0),
  output       BLOB,
  host_output  BLOB,
  PRIMARY KEY (run_id, idx),
  CHECK (host_output IS NULL OR bit_exact = 0)
) WITHOUT ROWID;

PRAGMA user_version = 1;
)sql";

// A version-1 store as the first release would have left it: one board,
// model, finished run with two samples (one bit-exact, one not), and one run
// still 'running' from a host that is long gone.
inline void write_v1_store(const std::string& path) {
  Db db = Db::open(path);
  db.exec(kSchemaV1Sql);
  db.exec(R"sql(
INSERT INTO boards(id, name, core, clock_hz) VALUES (1, 'old-board', 'cortex-m33', 160000000);
INSERT INTO models(id, sha256, name, path)
  VALUES (1, 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 'old-model', 'm.tflite');
INSERT INTO runs(id, uuid, board_id, model_id, host, started_at, finished_at, status, timer_source, time_unit,
                 timer_hz, summary)
  VALUES (1, '0123456789abcdef0123456789abcdef', 1, 1, 'old-host', '2024-05-01T10:00:00.000Z',
          '2024-05-01T10:05:00.000Z', 'complete', 'systick-icount', 'instructions', 0, '{"samples":2}');
INSERT INTO samples(run_id, idx, sample_id, label, device_pred, host_pred, bit_exact, ticks, output, host_output)
  VALUES (1, 0, 'a.png', 1, 1, 1, 1, 500, x'0102', NULL),
         (1, 1, 'b.png', 0, 1, 0, 0, 700, x'0304', x'0305');
INSERT INTO runs(id, uuid, model_id, host, started_at, status, timer_source, time_unit)
  VALUES (2, 'fedcba9876543210fedcba9876543210', 1, 'old-host', '2024-05-02T10:00:00.000Z', 'running', 'clock', 'ns');
)sql");
}

inline int user_version_of(const std::string& path) {
  Db db = Db::open(path, OpenMode::ReadOnly);
  Stmt s = db.prepare("PRAGMA user_version");
  s.step();
  return static_cast<int>(s.int64(0));
}

}  // namespace hb::store::test
