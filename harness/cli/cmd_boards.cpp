// `hilbench boards`: the descriptors, and what of each is present on this
// machine (tool installed, serial ports under /dev/serial/by-id).
#include <fnmatch.h>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "board/descriptor.h"
#include "board/probes.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "common/subprocess.h"
#include "flash/deployment.h"

namespace hb::cli {
namespace {

std::vector<std::string> serial_ports() {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto& e : std::filesystem::directory_iterator("/dev/serial/by-id", ec)) out.push_back(e.path().string());
  return out;
}

std::string presence(const board::Descriptor& d, const std::vector<std::string>& ports,
                     const std::vector<board::Probe>& probes) {
  const std::string m = d.flash_method();
  // Probes and tools of a board host are not visible from here.
  if (d.flasher.contains("via_ssh")) return m + " on board host " + d.flasher.value("via_ssh", "") + " (not probed)";
  if (m == "none") return "flashed by someone else";
  std::string tool;
  if (m == "qemu") tool = d.flasher.value("binary", "qemu-system-arm");
  if (m == "openocd") tool = "openocd";
  if (m == "pyocd") tool = "pyocd";
  if (m == "ssh") tool = "ssh";
  std::string s;
  if (!tool.empty()) s = tool + (have_program(tool) ? " installed" : " NOT installed");
  if (m == "openocd" || m == "pyocd") {
    // The board's own probe when its serial is set, else any ST-LINK.
    const std::string sn = d.flasher.value("probe_serial", "");
    const auto n = std::count_if(probes.begin(), probes.end(),
                                 [&](const board::Probe& p) { return sn.empty() || p.serial == sn; });
    s += n ? ", " + std::to_string(n) + " probe(s)" : sn.empty() ? ", no ST-LINK probe" : ", probe " + sn + " absent";
  }
  if (m == "exec") {
    std::string program = d.flasher.value("program", "");
    if (program.find('/') == std::string::npos) program = flash::firmware_dir() + "/" + program;
    s = std::filesystem::exists(program) ? "built" : "NOT built (" + program + ")";
    const auto wrapper = d.flasher.value("wrapper", std::vector<std::string>{});
    if (!wrapper.empty()) s += ", " + wrapper[0] + (have_program(wrapper[0]) ? " installed" : " NOT installed");
  }
  if (d.link_kind() == "serial") {
    const std::string pattern = d.link.value("device", "");
    int n = 0;
    for (auto& p : ports) n += fnmatch(pattern.c_str(), p.c_str(), 0) == 0;
    s += n ? ", " + std::to_string(n) + " matching serial port(s)" : ", no serial port matches " + pattern;
  }
  return s;
}

}  // namespace

int cmd_boards(const Argv& argv) {
  Args a(argv, {"json"}, {});
  const auto boards = board::load_all();
  const auto ports = serial_ports();
  const char* sys = std::getenv("HILBENCH_SYSFS");  // another sysfs root (tests)
  const auto probes = board::find_probes(sys && *sys ? sys : "/sys");
  if (a.flag("json")) {
    nlohmann::json j = nlohmann::json::array();
    for (auto& d : boards)
      j.push_back({{"name", d.name},
                   {"title", d.title},
                   {"core", d.core},
                   {"clock_hz", d.clock_hz},
                   {"emulated", d.emulated},
                   {"flash", d.flash_method()},
                   {"link", d.link_kind()},
                   {"timer", d.timer_source},
                   {"present", presence(d, ports, probes)},
                   {"file", d.file}});
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  std::printf("%-11s %-11s %6s  %-8s %-6s %-15s %s\n", "board", "core", "MHz", "flash", "link", "timer", "present");
  for (auto& d : boards)
    std::printf("%-11s %-11s %6.0f  %-8s %-6s %-15s %s\n", d.name.c_str(), d.core.c_str(), d.clock_hz / 1e6,
                d.flash_method().c_str(), d.link_kind().c_str(), d.timer_source.c_str(),
                presence(d, ports, probes).c_str());
  std::printf("serial ports under /dev/serial/by-id: %zu\n", ports.size());
  std::printf("ST-LINK probes on USB: %zu\n", probes.size());
  for (const auto& p : probes)
    std::printf("  %s serial %s (usb %s)\n", p.model.c_str(), p.serial.c_str(), p.usb.c_str());
  return 0;
}

}  // namespace hb::cli
