// The store's timestamps ("2025-01-31T12:00:00.123Z", UTC) as numbers, for
// time axes and run durations.
#pragma once

#include <optional>
#include <string>

namespace hb::report {

// Seconds since 1970-01-01T00:00:00Z, or nullopt if `iso` is not of the form
// YYYY-MM-DDTHH:MM:SS[.fff]Z.
std::optional<double> parse_iso_utc(const std::string& iso);
// "01-31 12:00" (UTC), short enough for an axis label.
std::string axis_date_label(double epoch_seconds);

}  // namespace hb::report
