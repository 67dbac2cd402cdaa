#include "report/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "report/iso_time.h"
#include "report/text_escape.h"
#include "report/time_units.h"

namespace hb::report {

namespace {

constexpr double kWidth = 760;
constexpr double kLeft = 72, kRight = 24;  // room for y tick labels / the last x label
constexpr double kPlotW = kWidth - kLeft - kRight;

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// Axis labels: "12.5", "1.25M" — decimals follow the tick step.
std::string tick_text(double v, double step, double max_abs) {
  double scale = 1;
  const char* suffix = "";
  if (max_abs >= 1e9) {
    scale = 1e9, suffix = "G";
  } else if (max_abs >= 1e6) {
    scale = 1e6, suffix = "M";
  } else if (max_abs >= 1e4) {
    scale = 1e3, suffix = "k";
  }
  const int decimals = std::clamp(static_cast<int>(std::ceil(-std::log10(step / scale) - 1e-9)), 0, 6);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f%s", decimals, v / scale, suffix);
  return buf;
}

std::string text(double x, double y, const std::string& s, const char* anchor = "start", const char* cls = "") {
  return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor + "\"" +
         (*cls ? std::string(" class=\"") + cls + "\"" : std::string()) + ">" + xml_escape(s) + "</text>";
}

std::string line(double x1, double y1, double x2, double y2, const char* cls, const std::string& colour = "") {
  return "<line class=\"" + std::string(cls) + "\" x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) +
         "\" y2=\"" + num(y2) + "\"" + (colour.empty() ? std::string() : " stroke=\"" + colour + "\"") + "/>";
}

std::string open_svg(const std::string& id, double height, const std::string& label) {
  return "<svg class=\"hb-chart\" data-chart=\"" + xml_escape(id) + "\" " + "viewBox=\"0 0 " + num(kWidth) + " " +
         num(height) + "\" width=\"" + num(kWidth) + "\" height=\"" + num(height) + "\" role=\"img\" aria-label=\"" +
         xml_escape(label) + "\">";
}

struct Scale {
  double d0, d1, r0, r1;
  double operator()(double v) const { return d1 == d0 ? (r0 + r1) / 2 : r0 + (v - d0) / (d1 - d0) * (r1 - r0); }
};

// Horizontal value axis at y, with grid lines up to `top`.
std::string value_axis_x(const std::vector<double>& ticks, const Scale& sx, double y, double top,
                         const std::string& label) {
  std::string o;
  const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : 1;
  const double max_abs = std::max(std::fabs(ticks.front()), std::fabs(ticks.back()));
  for (double t : ticks) {
    o += line(sx(t), top, sx(t), y, "grid");
    o += text(sx(t), y + 16, tick_text(t, step, max_abs), "middle", "tick");
  }
  o += line(kLeft, y, kLeft + kPlotW, y, "axis");
  o += text(kLeft + kPlotW / 2, y + 34, label, "middle", "axis-label");
  return o;
}

}  // namespace

std::string palette_colour(size_t i) {
  static const char* kColours[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                                   "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
  return kColours[i % (sizeof kColours / sizeof kColours[0])];
}

std::vector<double> nice_ticks(double lo, double hi, int target) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return {0, 1};
  if (hi < lo) std::swap(lo, hi);
  if (hi == lo) {
    const double pad = lo == 0 ? 1 : std::fabs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const double raw = (hi - lo) / std::max(1, target);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / mag;
  const double step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
  std::vector<double> out;
  const double first = std::floor(lo / step) * step;
  for (double v = first; v <= hi + step * 0.999; v += step) out.push_back(std::fabs(v) < step * 1e-9 ? 0 : v);
  if (out.size() < 2) out.push_back(out.empty() ? first : out.back() + step);
  return out;
}

std::string svg_line_chart(const std::string& id, const std::string& y_label, const std::vector<Series>& series) {
  constexpr double top = 16, plot_h = 240;
  const double legend_y = top + plot_h + 48;
  const double height = legend_y + 18.0 * static_cast<double>(series.size()) + 8;
  double t0 = INFINITY, t1 = -INFINITY, v0 = INFINITY, v1 = -INFINITY;
  for (const Series& s : series)
    for (const TrendPoint& p : s.points) {
      t0 = std::min(t0, p.t), t1 = std::max(t1, p.t);
      v0 = std::min(v0, p.value), v1 = std::max(v1, p.value);
    }
  std::string o = open_svg(id, height, y_label + " over run start time");
  if (!std::isfinite(t0)) return o + text(kWidth / 2, 40, "no data", "middle") + "</svg>";
  if (t1 == t0) t0 -= 43200, t1 += 43200;  // one night: centre it in a day
  const double pad = (t1 - t0) * 0.04;
  const Scale sx{t0 - pad, t1 + pad, kLeft, kLeft + kPlotW};
  const std::vector<double> yt = nice_ticks(v0, v1);
  const Scale sy{yt.front(), yt.back(), top + plot_h, top};
  const double step = yt[1] - yt[0];
  const double max_abs = std::max(std::fabs(yt.front()), std::fabs(yt.back()));
  for (double v : yt) {
    o += line(kLeft, sy(v), kLeft + kPlotW, sy(v), "grid");
    o += text(kLeft - 6, sy(v) + 4, tick_text(v, step, max_abs), "end", "tick");
  }
  const int nx = t1 - t0 > 0 ? 6 : 1;
  for (int i = 0; i < nx; ++i) {
    const double t = nx == 1 ? t0 : t0 + (t1 - t0) * i / (nx - 1);
    o += line(sx(t), top + plot_h, sx(t), top + plot_h + 4, "axis");
    o += text(sx(t), top + plot_h + 18, axis_date_label(t), "middle", "tick");
  }
  o += line(kLeft, top, kLeft, top + plot_h, "axis") + line(kLeft, top + plot_h, kLeft + kPlotW, top + plot_h, "axis");
  o += text(kLeft + kPlotW / 2, top + plot_h + 36, "run start (UTC)", "middle", "axis-label");
  o += "<text class=\"axis-label\" transform=\"translate(14," + num(top + plot_h / 2) +
       ") rotate(-90)\" text-anchor=\"middle\">" + xml_escape(y_label) + "</text>";
  for (size_t i = 0; i < series.size(); ++i) {
    const Series& s = series[i];
    const std::string c = palette_colour(s.key);
    std::string pts;
    for (const TrendPoint& p : s.points) pts += num(sx(p.t)) + "," + num(sy(p.value)) + " ";
    o += "<g class=\"series\" data-series=\"" + xml_escape(s.name) + "\">";
    o += "<polyline class=\"series-line\" fill=\"none\" stroke=\"" + c + "\" points=\"" + pts + "\"/>";
    for (const TrendPoint& p : s.points)
      o += "<circle class=\"point\" r=\"3.5\" cx=\"" + num(sx(p.t)) + "\" cy=\"" + num(sy(p.value)) + "\" fill=\"" + c +
           "\"><title>" +
           xml_escape(s.name + ": " + format_number(p.value, 3) + " " + s.unit + " (run " + std::to_string(p.run_id) +
                      ", " + p.started_at + ")") +
           "</title></circle>";
    o += "</g>";
    const double ly = legend_y + 18.0 * static_cast<double>(i);
    o += "<rect class=\"swatch\" x=\"" + num(kLeft) + "\" y=\"" + num(ly - 9) +
         "\" width=\"12\" height=\"12\" fill=\"" + c + "\"/>";
    o += text(kLeft + 18, ly + 1, s.name, "start", "legend");
  }
  return o + "</svg>";
}

std::string svg_box_plot(const std::string& id, const std::string& x_label, const std::vector<BoxStats>& boxes) {
  constexpr double top = 8, row_h = 46;
  const double axis_y = top + row_h * static_cast<double>(boxes.size()) + 4;
  const double height = axis_y + 44;
  double lo = INFINITY, hi = -INFINITY;
  for (const BoxStats& b : boxes) lo = std::min(lo, b.min), hi = std::max(hi, b.max);
  std::string o = open_svg(id, height, "distribution of " + x_label);
  if (boxes.empty()) return o + text(kWidth / 2, 40, "no data", "middle") + "</svg>";
  const std::vector<double> xt = nice_ticks(lo, hi);
  const Scale sx{xt.front(), xt.back(), kLeft, kLeft + kPlotW};
  o += value_axis_x(xt, sx, axis_y, top, x_label);
  for (size_t i = 0; i < boxes.size(); ++i) {
    const BoxStats& b = boxes[i];
    const std::string c = palette_colour(b.key);
    const double y0 = top + row_h * static_cast<double>(i);
    const double mid = y0 + 30;
    o += "<g class=\"boxplot\" data-series=\"" + xml_escape(b.name) + "\"><title>" +
         xml_escape(b.name + " (run " + std::to_string(b.run_id) + ", " + std::to_string(b.n) + " samples): min " +
                    format_number(b.min, 3) + ", q1 " + format_number(b.q1, 3) + ", median " +
                    format_number(b.median, 3) + ", q3 " + format_number(b.q3, 3) + ", max " + format_number(b.max, 3) +
                    " " + b.unit) +
         "</title>";
    o += text(kLeft, y0 + 12, b.name + " — n=" + std::to_string(b.n), "start", "row-label");
    o += line(sx(b.min), mid, sx(b.q1), mid, "whisker") + line(sx(b.q3), mid, sx(b.max), mid, "whisker");
    o += line(sx(b.min), mid - 6, sx(b.min), mid + 6, "whisker") +
         line(sx(b.max), mid - 6, sx(b.max), mid + 6, "whisker");
    o += "<rect class=\"box\" x=\"" + num(sx(b.q1)) + "\" y=\"" + num(mid - 9) + "\" width=\"" +
         num(std::max(1.0, sx(b.q3) - sx(b.q1))) + "\" height=\"18\" fill=\"" + c + "\"/>";
    o += line(sx(b.median), mid - 9, sx(b.median), mid + 9, "median");
    o += "</g>";
  }
  return o + "</svg>";
}

std::string svg_stacked_shares(const std::string& id, const std::vector<OpShare>& bars) {
  // One colour per op kind, the biggest kinds overall first.
  std::map<std::string, double> weight;
  for (const OpShare& b : bars)
    for (const auto& [kind, f] : b.shares) weight[kind] += f;
  std::vector<std::pair<std::string, double>> kinds(weight.begin(), weight.end());
  std::stable_sort(kinds.begin(), kinds.end(), [](auto& a, auto& b) { return a.second > b.second; });
  std::map<std::string, size_t> colour_of;
  for (size_t i = 0; i < kinds.size(); ++i) colour_of[kinds[i].first] = i;

  constexpr double top = 8, row_h = 46, cols = 4, col_w = kPlotW / cols;
  const double axis_y = top + row_h * static_cast<double>(bars.size()) + 4;
  const double legend_y = axis_y + 56;
  const double legend_rows = std::ceil(static_cast<double>(kinds.size()) / cols);
  const double height = legend_y + 18 * legend_rows + 8;
  std::string o = open_svg(id, height, "share of inference time per op kind");
  if (bars.empty()) return o + text(kWidth / 2, 40, "no data", "middle") + "</svg>";
  const Scale sx{0, 100, kLeft, kLeft + kPlotW};
  o += value_axis_x({0, 20, 40, 60, 80, 100}, sx, axis_y, top, "share of the summed per-op time (%)");
  for (size_t i = 0; i < bars.size(); ++i) {
    const OpShare& b = bars[i];
    const double y0 = top + row_h * static_cast<double>(i);
    o += "<g class=\"stack\" data-series=\"" + xml_escape(b.name) + "\">";
    o += text(kLeft, y0 + 12, b.name + " — run " + std::to_string(b.run_id), "start", "row-label");
    double x = 0;
    for (const auto& [kind, f] : b.shares) {
      const double w = f * 100;
      o += "<rect class=\"seg\" data-op=\"" + xml_escape(kind) + "\" x=\"" + num(sx(x)) + "\" y=\"" + num(y0 + 18) +
           "\" width=\"" + num(sx(x + w) - sx(x)) + "\" height=\"22\" fill=\"" + palette_colour(colour_of[kind]) +
           "\"><title>" + xml_escape(b.name + ": " + kind + " " + format_number(w, 1) + " %") + "</title></rect>";
      if (w >= 7) o += text(sx(x + w / 2), y0 + 33, format_number(w, 0) + "%", "middle", "seg-label");
      x += w;
    }
    o += "</g>";
  }
  for (size_t i = 0; i < kinds.size(); ++i) {
    const double lx = kLeft + col_w * static_cast<double>(i % static_cast<size_t>(cols));
    const double ly = legend_y + 18 * std::floor(static_cast<double>(i) / cols);
    o += "<rect class=\"swatch\" x=\"" + num(lx) + "\" y=\"" + num(ly - 9) + "\" width=\"12\" height=\"12\" fill=\"" +
         palette_colour(i) + "\"/>";
    o += text(lx + 18, ly + 1, kinds[i].first, "start", "legend");
  }
  return o + "</svg>";
}

}  // namespace hb::report
