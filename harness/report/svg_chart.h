// Self-contained SVG charts (no script, no external resources) for the HTML
// report: a time-series line chart, a horizontal box plot and horizontal
// 100 % stacked bars. Every text is escaped here; callers pass plain text.
// Hovering a mark shows its exact value (SVG <title>).
#pragma once

#include <string>
#include <vector>

#include "report/report_series.h"

namespace hb::report {

// Fixed, colour-blind-friendlier palette (Tableau 10), cycled.
std::string palette_colour(size_t i);

// chart_id becomes data-chart="..." on the <svg>; y_label names the unit.
std::string svg_line_chart(const std::string& chart_id, const std::string& y_label, const std::vector<Series>& series);
std::string svg_box_plot(const std::string& chart_id, const std::string& x_label, const std::vector<BoxStats>& boxes);
std::string svg_stacked_shares(const std::string& chart_id, const std::vector<OpShare>& bars);

// Tick values covering [lo, hi] at a 1/2/5 x 10^k step, about `target` of them.
std::vector<double> nice_ticks(double lo, double hi, int target = 5);

}  // namespace hb::report
