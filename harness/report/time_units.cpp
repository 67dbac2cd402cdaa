#include "report/time_units.h"

#include <cmath>
#include <cstdio>

namespace hb::report {

namespace {

// Seconds per tick for SI time units; 0 for anything else.
double si_seconds(const std::string& unit) {
  if (unit == "s") return 1;
  if (unit == "ms") return 1e-3;
  if (unit == "us") return 1e-6;
  if (unit == "ns") return 1e-9;
  return 0;
}

}  // namespace

bool ticks_are_time(const std::string& unit, int64_t timer_hz) {
  return si_seconds(unit) > 0 || (unit == "cycles" && timer_hz > 0);
}

std::optional<double> ticks_to_ms(double ticks, const std::string& unit, int64_t timer_hz) {
  if (const double s = si_seconds(unit); s > 0) return ticks * s * 1e3;
  if (unit == "cycles" && timer_hz > 0) return ticks * 1e3 / static_cast<double>(timer_hz);
  return std::nullopt;
}

std::string display_unit(const std::string& unit, int64_t timer_hz) {
  return ticks_are_time(unit, timer_hz) ? "ms" : unit;
}

double to_display(double ticks, const std::string& unit, int64_t timer_hz) {
  return ticks_to_ms(ticks, unit, timer_hz).value_or(ticks);
}

std::string format_number(double v, int decimals) {
  char buf[64];
  if (std::nearbyint(v) == v && std::fabs(v) < 1e15)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string format_ticks(double ticks, const std::string& unit, int64_t timer_hz) {
  if (auto ms = ticks_to_ms(ticks, unit, timer_hz)) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f ms", *ms);
    return buf;
  }
  // Not time: the raw count, one decimal at most (a median of two counts may end in .5).
  return format_number(ticks, 1) + " " + unit;
}

std::string timer_label(const std::string& s) {
  if (s == "dwt") return "DWT cycle counter";
  if (s == "pmu") return "PMU cycle counter";
  if (s == "systick-icount") return "QEMU instruction count (emulated)";
  if (s == "clock") return "monotonic clock, ns";  // the sim host's, or a Linux board's CLOCK_MONOTONIC
  return s.empty() ? "unknown timer" : s;
}

}  // namespace hb::report
