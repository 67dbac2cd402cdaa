#include "report/html_report.h"

#include <map>

#include "report/model_card_tables.h"
#include "report/report_series.h"
#include "report/svg_chart.h"
#include "report/text_escape.h"

namespace hb::report {

namespace {

constexpr const char* kStyle = R"css(
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px auto; max-width: 1000px;
       padding: 0 16px; color: #222; background: #fff; }
h1 { font-size: 24px; margin-bottom: 4px; } h2 { font-size: 18px; margin-top: 32px; border-bottom: 1px solid #ddd; }
.meta { color: #555; } nav a { margin-right: 12px; }
figure { margin: 12px 0 24px; } figcaption { font-weight: 600; margin-bottom: 4px; }
.note { color: #555; font-size: 13px; margin: 4px 0; }
table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } tr:nth-child(even) td { background: #fafafa; }
svg.hb-chart { max-width: 100%; height: auto; font-size: 11px; }
svg .grid { stroke: #e6e6e6; } svg .axis { stroke: #444; } svg .tick { fill: #444; }
svg .axis-label { fill: #222; font-size: 12px; } svg .legend, svg .row-label { fill: #222; font-size: 12px; }
svg .series-line { stroke-width: 2; } svg .whisker { stroke: #333; } svg .median { stroke: #000; stroke-width: 2.5; }
svg .box { stroke: #333; fill-opacity: 0.8; } svg .seg { stroke: #fff; stroke-width: 0.5; }
svg .seg-label { fill: #fff; font-size: 11px; font-weight: 600; }
)css";

std::string unit_caption(const std::string& unit) {
  if (unit == "ms") return "milliseconds (device timer: cycles of a known clock, or the host clock for sim)";
  if (unit == "instructions") return "instructions (QEMU instruction count: emulated boards, not time)";
  return unit + " (not time: shown as counted)";
}

template <class T>
std::map<std::string, std::vector<T>> by_unit(const std::vector<T>& v) {
  std::map<std::string, std::vector<T>> out;
  for (const T& x : v) out[x.unit].push_back(x);
  return out;
}

std::string figure(const std::string& caption, const std::string& svg, const std::string& note = "") {
  return "<figure><figcaption>" + xml_escape(caption) + "</figcaption>" + svg +
         (note.empty() ? std::string() : "<p class=\"note\">" + xml_escape(note) + "</p>") + "</figure>\n";
}

std::string html_table(const Table& t) {
  std::string o = "<h3 id=\"table-" + xml_escape(t.id) + "\">" + xml_escape(t.title) + "</h3>\n";
  if (t.rows.empty()) return o + "<p class=\"note\">(no complete runs)</p>\n";
  o += "<table class=\"model-card\" data-table=\"" + xml_escape(t.id) + "\"><thead><tr>";
  for (const auto& h : t.header) o += "<th>" + xml_escape(h) + "</th>";
  o += "</tr></thead><tbody>\n";
  for (const auto& r : t.rows) {
    o += "<tr>";
    for (const auto& c : r) o += "<td>" + xml_escape(c) + "</td>";
    o += "</tr>\n";
  }
  o += "</tbody></table>\n";
  for (const auto& n : t.notes) o += "<p class=\"note\">" + xml_escape(n) + "</p>\n";
  return o;
}

}  // namespace

std::string html_report(const Report& rep) {
  std::string o = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n";
  o += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  o += "<title>hilbench report</title>\n<style>" + std::string(kStyle) + "</style></head>\n<body>\n";
  o += "<h1>hilbench report</h1>\n<p class=\"meta\">Generated " + xml_escape(rep.generated_at) + " from " +
       xml_escape(rep.db_path) + ": " + std::to_string(rep.n_runs) + " runs, " + std::to_string(rep.keys.size()) +
       " board &#215; model pairs.</p>\n";
  o += "<nav><a href=\"#trend\">Trend</a><a href=\"#latency\">Latency</a><a href=\"#ops\">Per-op</a>"
       "<a href=\"#accuracy\">Accuracy</a><a href=\"#tables\">Tables</a></nav>\n";

  o += "<section id=\"trend\"><h2>Nightly trend: median inference time</h2>\n";
  const auto trends = by_unit(time_trend(rep));
  if (trends.empty()) o += "<p class=\"note\">No complete runs with timings.</p>\n";
  for (const auto& [unit, v] : trends)
    o += figure("Median inference time, " + unit_caption(unit), svg_line_chart("trend-" + unit, unit, v),
                "One point per complete run; hover a point for its run.");
  o += "</section>\n";

  o += "<section id=\"latency\"><h2>Latency distribution per board (latest complete run)</h2>\n";
  const auto boxes = by_unit(latency_boxes(rep));
  if (boxes.empty()) o += "<p class=\"note\">No complete runs with timings.</p>\n";
  for (const auto& [unit, v] : boxes)
    o += figure("Per-sample inference time, " + unit_caption(unit), svg_box_plot("latency-" + unit, unit, v),
                "Box: quartiles, bar: median, whiskers: min and max of the run's samples.");
  o += "</section>\n";

  o += "<section id=\"ops\"><h2>Per-op time breakdown across boards</h2>\n";
  const auto shares = op_shares(rep);
  if (shares.empty())
    o += "<p class=\"note\">No per-op timings (run with hilbench run --per-op).</p>\n";
  else
    o += figure("Share of the per-op time by op kind (newest complete run with per-op timings)",
                svg_stacked_shares("op-share", shares),
                "Shares of the summed per-op ticks, so boards with different timers compare.");
  o += "</section>\n";

  o += "<section id=\"accuracy\"><h2>Accuracy over time</h2>\n";
  const auto acc = accuracy_trend(rep);
  if (acc.empty())
    o += "<p class=\"note\">No labelled complete runs.</p>\n";
  else
    o += figure("Device top-1 accuracy (%)", svg_line_chart("accuracy", "top-1 %", acc));
  o += "</section>\n";

  o += "<section id=\"tables\"><h2>Model card tables</h2>\n";
  for (const Table& t : model_card_tables(rep)) o += html_table(t);
  o += "</section>\n</body></html>\n";
  return o;
}

}  // namespace hb::report
