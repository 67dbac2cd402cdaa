// `hilbench report --format html`: one self-contained page (inline CSS and
// SVG, no script, nothing fetched) with the nightly trends, latency
// distributions, per-op breakdown, accuracy over time, and the model-card tables.
#pragma once

#include <string>

#include "report/report_data.h"

namespace hb::report {

std::string html_report(const Report& rep);

}  // namespace hb::report
