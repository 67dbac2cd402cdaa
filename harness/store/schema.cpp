#include "store/schema.h"

#include <sqlite3.h>

#include <cstdio>
#include <iterator>
#include <string>

namespace hb::store {

namespace {

// Version 1: the tables of a run. Kept exactly as first shipped: stores in the
// wild were created by it, and later versions only add to it.
constexpr const char* kV1 = R"sql(
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

// Version 2: per-op timings, free-form metrics, and the writer's pid (plus
// boot id and start time, as pids get reused) so runs left 'running' by a
// crashed process can be told from live ones.
constexpr const char* kV2 = R"sql(
ALTER TABLE runs ADD COLUMN pid INTEGER;
ALTER TABLE runs ADD COLUMN proc_token TEXT;
CREATE INDEX runs_running ON runs(host, pid) WHERE status = 'running';

CREATE TABLE op_timings (
  run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  sample_idx  INTEGER NOT NULL CHECK (sample_idx >= 0),
  op_index    INTEGER NOT NULL CHECK (op_index >= 0),
  op_kind     TEXT NOT NULL,
  ticks       INTEGER NOT NULL CHECK (ticks >= 0),
  PRIMARY KEY (run_id, sample_idx, op_index)
) WITHOUT ROWID;

CREATE TABLE run_metrics (
  run_id  INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key     TEXT NOT NULL CHECK (key <> ''),
  value   ANY,
  PRIMARY KEY (run_id, key)
) WITHOUT ROWID;

PRAGMA user_version = 2;
)sql";

// Version 3: named baselines for `hilbench check`, at most one per run key
// (board, model, dataset manifest, firmware build config). The run is named
// by uuid, which survives `db merge`; the key is stored with it so the
// one-per-key rule is a constraint. Used by harness/check/baselines.cpp.
constexpr const char* kV3 = R"sql(
CREATE TABLE baselines (
  name             TEXT PRIMARY KEY CHECK (name <> ''),
  board            TEXT NOT NULL,
  model_sha256     TEXT NOT NULL CHECK (length(model_sha256) = 64),
  dataset_sha256   TEXT NOT NULL,
  firmware_config  TEXT NOT NULL,
  run_uuid         TEXT NOT NULL CHECK (length(run_uuid) = 32),
  set_at           TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (board, model_sha256, dataset_sha256, firmware_config)
) WITHOUT ROWID;

PRAGMA user_version = 3;
)sql";

// Version 4: board health. One row per flash, connect or recovery outcome of
// a board instance (a lab inventory name, else the board name), so a flaky
// unit shows in `hilbench boards` instead of hiding behind retries. run_id is
// NULL for outcomes before the run row exists or outside a run (`flash`).
constexpr const char* kV4 = R"sql(
CREATE TABLE board_events (
  id        INTEGER PRIMARY KEY,
  instance  TEXT NOT NULL CHECK (instance <> ''),
  board     TEXT NOT NULL,
  run_id    INTEGER REFERENCES runs(id) ON DELETE SET NULL,
  kind      TEXT NOT NULL CHECK (kind IN ('flash', 'connect', 'recovery')),
  outcome   TEXT NOT NULL CHECK (outcome IN ('ok', 'failed')),
  cause     TEXT NOT NULL DEFAULT '',
  at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX board_events_by_instance ON board_events(instance, id);

PRAGMA user_version = 4;
)sql";

// Version 5: board recoveries during a run (issue 10): a board that stopped
// answering (cause: timeout, link-dead, rebooted, link-lost, process-died) was
// reset and the sample sent again. One row per attempt; `ok` says whether the
// board came back. Used by harness/run/recorder.cpp, `show` and the reports.
constexpr const char* kV5 = R"sql(
CREATE TABLE recoveries (
  run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  seq         INTEGER NOT NULL CHECK (seq >= 1),
  sample_idx  INTEGER NOT NULL CHECK (sample_idx >= 0),
  attempt     INTEGER NOT NULL CHECK (attempt >= 1),
  cause       TEXT NOT NULL CHECK (cause <> ''),
  detail      TEXT NOT NULL DEFAULT '',
  ok          INTEGER NOT NULL CHECK (ok IN (0, 1)),
  at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;

PRAGMA user_version = 5;
)sql";

constexpr Migration kMigrations[] = {
    {1, "boards, firmware, models, datasets, runs, samples", kV1},
    {2, "op timings, run metrics, runs.pid/proc_token", kV2},
    {3, "baselines", kV3},
    {4, "board_events (board health)", kV4},
    {5, "recoveries", kV5},
};
static_assert(std::size(kMigrations) == kSchemaVersion);

[[noreturn]] void not_ours(const Db& db, const std::string& why) {
  throw SqliteError(db.path() + ": not a hilbench database (" + why + ")", SQLITE_NOTADB);
}

void check_version(const Db& db, int v) {
  if (v > kSchemaVersion)
    throw hb::Error(db.path() + ": schema version " + std::to_string(v) + " is newer than this hilbench supports (" +
                    std::to_string(kSchemaVersion) + "); use a newer hilbench");
}

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

int schema_version(const Db& db) {
  Stmt s = db.prepare("PRAGMA user_version");
  return s.step() ? static_cast<int>(s.int64(0)) : 0;
}

void check_store(const Db& db) {
  // One statement, so one snapshot: a concurrent first migration cannot make
  // the file look half-initialised. The first read of the header is also where
  // SQLite notices a file that is not a database at all.
  Stmt s = db.prepare(
      "SELECT (SELECT application_id FROM pragma_application_id), (SELECT user_version FROM pragma_user_version), "
      "(SELECT count(*) FROM sqlite_schema)");
  s.step();
  const auto app = static_cast<int32_t>(s.int64(0));
  const auto v = static_cast<int>(s.int64(1));
  const int64_t n_objects = s.int64(2);
  if (app != 0 && app != kApplicationId) {
    char hex[16];
    std::snprintf(hex, sizeof hex, "%08x", static_cast<uint32_t>(app));
    not_ours(db, std::string("application id 0x") + hex + " belongs to another program");
  }
  // Never migrated: only an empty file may become a store.
  if (app == 0 && (n_objects != 0 || v != 0)) not_ours(db, "it holds tables of another program");
  check_version(db, v);
}

int migrate(Db& db) {
  check_store(db);
  const int before = schema_version(db);
  if (before == kSchemaVersion) return before;
  Transaction tx(db);
  check_store(db);  // another process may have migrated while we waited for the lock
  const int v = schema_version(db);
  for (const Migration& m : kMigrations)
    if (m.version > v) db.exec(m.sql);
  tx.commit();
  return v;
}

}  // namespace hb::store
