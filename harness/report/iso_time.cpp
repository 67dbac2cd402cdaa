#include "report/iso_time.h"

#include <chrono>
#include <cmath>
#include <cstdio>

namespace hb::report {

std::optional<double> parse_iso_utc(const std::string& iso) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, n = 0;
  double s = 0;
  if (std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%lf%n", &y, &mo, &d, &h, &mi, &s, &n) != 6) return std::nullopt;
  if (static_cast<size_t>(n) != iso.size() - 1 || iso.back() != 'Z') return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(mo)),
                                        std::chrono::day(static_cast<unsigned>(d))};
  if (!ymd.ok() || h > 23 || mi > 59 || s < 0 || s >= 61) return std::nullopt;
  const auto days = std::chrono::sys_days(ymd).time_since_epoch().count();
  return static_cast<double>(days) * 86400.0 + h * 3600.0 + mi * 60.0 + s;
}

std::string axis_date_label(double t) {
  const auto secs = static_cast<long long>(std::floor(t));
  const long long day = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  const long long rem = secs - day * 86400;
  const std::chrono::year_month_day ymd{std::chrono::sys_days(std::chrono::days(day))};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02u-%02u %02lld:%02lld", static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), rem / 3600, rem % 3600 / 60);
  return buf;
}

}  // namespace hb::report
