#include "report/board_labels.h"

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <optional>

namespace hb::report {

// Only plain names are looked up: a board name comes from a database that
// may have been merged from anywhere, and must not become a path.
std::optional<board::Descriptor> known_descriptor(const std::string& name) {
  if (name.empty() || name.size() > 64) return std::nullopt;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return std::nullopt;
  try {
    const std::string path = board::boards_dir() + "/" + name + ".json";
    if (!std::filesystem::exists(path)) return std::nullopt;
    board::Descriptor d = board::load_descriptor(path);
    if (d.name != name) return std::nullopt;
    return d;
  } catch (const std::exception&) {
    return std::nullopt;  // a broken descriptor must not break the report
  }
}

namespace {

// "stm32h747" -> "STM32H7", "mp157" -> "STM32MP1" (ST's series names).
std::string series_of(const std::string& port) {
  std::string p;
  for (char c : port) p += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (p.rfind("stm32mp", 0) == 0 && p.size() >= 8) p = p.substr(5);
  if (p.rfind("mp", 0) == 0 && p.size() >= 3 && std::isdigit(static_cast<unsigned char>(p[2])))
    return std::string("STM32MP") + p[2];
  if (p.rfind("stm32", 0) == 0 && p.size() >= 7)
    return "STM32" + std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(p[5])))) + p[6];
  return "";
}

}  // namespace

BoardLabels board_labels(const std::string& name, const std::string& core, int64_t clock_hz,
                         const std::string& timer_source) {
  BoardLabels b;
  b.name = name.empty() ? "host" : name;
  b.core = core.empty() ? (name.empty() ? "host" : "unknown core") : core;
  b.clock_hz = clock_hz;
  b.emulated = timer_source == "systick-icount" || timer_source == "clock" || name.empty();
  std::string port;
  if (auto d = known_descriptor(name)) {
    b.emulated = d->emulated;
    b.title = d->title.substr(0, d->title.find(" ("));
    port = d->port;
  }
  b.series = b.emulated ? "" : series_of(port);
  if (b.series.empty()) b.series = b.emulated && b.core != "host" ? "emulated " + b.core : b.core;
  if (b.core == "host")
    b.engine = "host CPU (sim)";
  else if (b.emulated)
    b.engine = "QEMU " + b.core + " (emulated)";
  else
    b.engine = "1 CPU (" + b.core + ")";
  if (b.emulated || clock_hz <= 0) {
    b.frequency = b.emulated ? "n/a (emulated)" : "n/a";
  } else {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g MHz", static_cast<double>(clock_hz) / 1e6);
    b.frequency = buf;
  }
  b.display = b.title.empty() || b.title == b.name ? b.name : b.name + " (" + b.title + ")";
  return b;
}

}  // namespace hb::report
