// `hilbench report --format md`: the model-card tables as GitHub Markdown.
#pragma once

#include <string>

#include "report/report_data.h"

namespace hb::report {

std::string markdown_report(const Report& rep);

}  // namespace hb::report
