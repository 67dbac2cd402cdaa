// The summary of one stored run, as `run` and `show` print it: a short text
// block for people, or one JSON object for tools.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "store/run_store.h"

namespace hb::report {

// The documented `run --json` / `show --json` fields (run_id, board, images,
// bit_exact, top1_device, top1_host, timer_source, time_unit, time_median,
// time_p90, images_per_s, wire_bytes, ...), from the store.
nlohmann::json run_summary_json(const store::RunStore& db, int64_t run_id);
std::string run_summary_text(const nlohmann::json& s);
// One line per run, for `run` on several boards: board, images, top-1 device
// and host, bit-exact, median inference time with its timer.
std::string run_summaries_table(const nlohmann::json& summaries);

}  // namespace hb::report
