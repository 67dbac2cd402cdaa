// How a run's timer ticks read in a report. Ticks become milliseconds only
// when they are time (SI time units, or cycles of a known clock); instruction
// counts from QEMU's -icount stay instruction counts, whatever timer_hz says.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace hb::report {

// Milliseconds for `ticks` in `unit` (timer_hz ticks per second), or nullopt
// when the unit is not time.
std::optional<double> ticks_to_ms(double ticks, const std::string& unit, int64_t timer_hz);
bool ticks_are_time(const std::string& unit, int64_t timer_hz);

// The unit a chart axis uses for these ticks: "ms" when they are time, else the unit itself.
std::string display_unit(const std::string& unit, int64_t timer_hz);
// Ticks in display_unit(): ms when time, else unchanged.
double to_display(double ticks, const std::string& unit, int64_t timer_hz);

// "145.51 ms" when time, else "1234567 instructions" (no conversion).
std::string format_ticks(double ticks, const std::string& unit, int64_t timer_hz);

// What measured the time, for people: "DWT cycle counter", "QEMU instruction
// count (emulated)", "monotonic clock, ns", ...
std::string timer_label(const std::string& timer_source);

// A number without trailing noise: integers as integers, else `decimals` places.
std::string format_number(double v, int decimals = 2);

}  // namespace hb::report
