// Named baselines (`hilbench baseline set/list/rm`): the reference run for a
// run key, stored in the run store's `baselines` table (schema version 3).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "check/run_data.h"
#include "store/run_store.h"

namespace hb::check {

struct Baseline {
  std::string name;
  RunKey key;
  std::string run_uuid;
  std::optional<int64_t> run_id;  // local id of the run; nullopt: the run is not in this file
  std::string set_at;
};

struct SetResult {
  Baseline baseline;
  std::optional<Baseline> replaced;  // the key's previous baseline, if any
};

// Makes the complete run `run` the baseline of its key, named `name` (default:
// "<board>/<model name>@<dataset hash prefix>", numbered if taken). A key has at
// most one baseline: the old one is replaced. Throws hb::Error if the run is not
// complete or `name` already names another key's baseline.
SetResult set_baseline(store::RunStore& db, int64_t run, const std::string& name = {});
std::vector<Baseline> list_baselines(store::RunStore& db);  // by name
std::optional<Baseline> find_baseline(store::RunStore& db, const std::string& name);
std::optional<Baseline> baseline_for_key(store::RunStore& db, const RunKey& key);
bool remove_baseline(store::RunStore& db, const std::string& name);  // false: no such baseline

struct BaselineMergeStats {
  int64_t added = 0;
  int64_t already_present = 0;  // same name, key and run in dst
  int64_t conflicts = 0;        // dst already has a baseline for the key or the name: dst's is kept
  int64_t run_missing = 0;      // the run was not merged (e.g. still running): not copied
};
// Copies src's baselines into dst (for `db merge`, after the runs): dst's own
// baselines always win, so merging never moves a reference behind a user's back.
BaselineMergeStats merge_baselines(store::RunStore& dst, const std::string& src_path);

}  // namespace hb::check
