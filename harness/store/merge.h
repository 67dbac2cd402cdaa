// Copying runs between stores (`hilbench db merge OUT.db A.db B.db ...`).
// Runs are identified by uuid, models/datasets by hash, boards by name and
// firmware by (board, build id), so merging the same source twice adds nothing.
#pragma once

#include <cstdint>
#include <string>

#include "store/run_store.h"

namespace hb::store {

struct MergeStats {
  int64_t runs_added = 0;
  int64_t runs_already_present = 0;  // uuid already in dst
  int64_t runs_in_progress = 0;      // 'running' in src: not copied (it would never be updated)
  int64_t samples = 0;
  int64_t op_timings = 0;
  int64_t metrics = 0;
};

// Copies every finished run of src that dst lacks, with its samples, op
// timings and metrics, remapping board/firmware/model/dataset ids; rows that
// dst already has for those keep dst's values. src is opened read-only (an
// older schema is upgraded in memory). All-or-nothing: one dst transaction.
MergeStats merge_into(RunStore& dst, const std::string& src_path);

}  // namespace hb::store
