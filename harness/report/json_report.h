// `hilbench report --format json`: the same data as the tables and charts,
// for tooling. Bytes, ticks and fractions are raw numbers (null when
// unknown); "tables" holds the model-card tables exactly as Markdown shows them.
#pragma once

#include <nlohmann/json.hpp>

#include "report/report_data.h"

namespace hb::report {

nlohmann::json json_report(const Report& rep);

}  // namespace hb::report
