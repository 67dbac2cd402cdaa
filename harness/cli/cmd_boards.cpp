// `hilbench boards [--lab FILE] [--db FILE] [--suspect-after N] [--json]`: the
// descriptors and the lab inventory's instances, what of each is present on
// this machine (tool installed, serial ports under /dev/serial/by-id, probes),
// who holds each exclusive one's lock, and its recent health (board_events).
#include <fnmatch.h>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include "board/descriptor.h"
#include "board/inventory.h"
#include "board/lock.h"
#include "board/probes.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/defaults.h"
#include "common/error.h"
#include "common/subprocess.h"
#include "flash/deployment.h"
#include "store/board_events.h"

namespace hb::cli {

const CommandSpec kBoardsSpec{
    "boards",
    {"[--lab FILE] [--db FILE] [--suspect-after N] [--json]"},
    "board descriptors and what of each is present here (tools, probes, serial ports, firmware)",
    "",
    {
        flag("json", "print as JSON"),
        opt("lab", "FILE.json", "lab inventory: list its instances too", "$HILBENCH_LAB"),
        opt("db", "FILE", "run store whose board_events give each board's health", kDbDefault),
        opt("suspect-after", "N", "failed attempts in a row that make an instance suspect", "3"),
    },
    {},
    {},
    {"hilbench boards"},
};
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
    // An exact path outside /dev/serial/by-id (a lab instance's port).
    if (n == 0 && pattern.find_first_of("*?[") == std::string::npos && std::filesystem::exists(pattern)) n = 1;
    s += n ? ", " + std::to_string(n) + " matching serial port(s)" : ", no serial port matches " + pattern;
  }
  return s;
}

// The lock and health columns of one instance (a descriptor outside a lab).
struct Status {
  std::optional<board::LockHolder> holder;
  std::vector<store::BoardEvent> events;  // newest first
  bool suspect = false;
};

Status status(const board::Descriptor& d, store::RunStore* db, int suspect_after) {
  Status st;
  if (d.exclusive) st.holder = board::current_holder(d.instance);
  if (db) {
    st.events = store::board_events(*db, d.instance, 50);
    st.suspect = store::is_suspect(st.events, suspect_after);
  }
  return st;
}

std::string holder_text(const board::Descriptor& d, const Status& st) {
  if (!d.exclusive) return "shared";
  return st.holder ? "held by " + board::describe(*st.holder) : "free";
}

// "2 of last 5 failed (connect: timeout ...)" or "ok", from the last 5 attempts.
std::string health_text(const Status& st, int suspect_after) {
  const std::vector<bool> a = store::attempt_outcomes(st.events);
  if (a.empty()) return "no attempts recorded";
  const size_t n = std::min<size_t>(a.size(), 5);
  const auto failed = std::count(a.begin(), a.begin() + static_cast<long>(n), false);
  std::string s = st.suspect ? "SUSPECT (last " + std::to_string(suspect_after) + " attempts failed)"
                             : std::to_string(failed) + " of last " + std::to_string(n) + " attempts failed";
  for (const auto& e : st.events)
    if (e.outcome == "failed") {
      std::string cause = e.cause.size() > 80 ? e.cause.substr(0, 77) + "..." : e.cause;
      s += "; last failure " + e.at + " " + e.kind + ": " + cause;
      break;
    }
  return s;
}

nlohmann::json status_json(const board::Descriptor& d, const Status& st, int suspect_after) {
  nlohmann::json j{{"exclusive", d.exclusive}, {"holder", nullptr}, {"suspect", st.suspect}};
  if (st.holder) {
    j["holder"] = {{"pid", st.holder->pid},
                   {"host", st.holder->host},
                   {"run_id", st.holder->run_id ? nlohmann::json(*st.holder->run_id) : nlohmann::json()},
                   {"since", st.holder->since},
                   {"command", st.holder->command}};
  }
  nlohmann::json recent = nlohmann::json::array();
  for (const auto& e : st.events) {
    if (recent.size() == 10) break;
    recent.push_back({{"kind", e.kind},
                      {"outcome", e.outcome},
                      {"cause", e.cause},
                      {"at", e.at},
                      {"run_id", e.run_id ? nlohmann::json(*e.run_id) : nlohmann::json()}});
  }
  j["recent_events"] = recent;
  j["health"] = health_text(st, suspect_after);
  return j;
}

}  // namespace

int cmd_boards(const Argv& argv) {
  Args a(argv, kBoardsSpec);
  const auto boards = board::load_all();
  const std::string lab = board::lab_path(a.get_or("lab", ""));
  const board::Inventory inv = lab.empty() ? board::Inventory{} : board::load_inventory(lab);
  const int suspect_after = static_cast<int>(a.get_int("suspect-after", 3));
  if (suspect_after < 1) throw Error("--suspect-after must be >= 1");
  const std::string db_path = a.get_or("db", default_db_path());
  std::optional<store::RunStore> db;
  if (std::filesystem::exists(db_path)) db.emplace(store::RunStore::open(db_path, store::OpenMode::ReadOnly));
  store::RunStore* dbp = db ? &*db : nullptr;
  std::vector<board::Descriptor> instances;
  for (const auto& i : inv.instances)
    for (const auto& d : boards)
      if (d.name == i.board) instances.push_back(board::instance_descriptor(d, i));
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
    for (auto& e : j) {
      const auto& d = *std::find_if(boards.begin(), boards.end(), [&](auto& b) { return b.name == e["name"]; });
      e.update(status_json(d, status(d, dbp, suspect_after), suspect_after));
    }
    for (const auto& d : instances) {
      nlohmann::json e{{"name", d.instance},
                       {"instance", true},
                       {"board", d.name},
                       {"link", d.link},
                       {"present", presence(d, ports, probes)},
                       {"lab", inv.file}};
      e["probe_serial"] = d.flasher.value("probe_serial", "");
      e.update(status_json(d, status(d, dbp, suspect_after), suspect_after));
      j.push_back(e);
    }
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  std::printf("%-11s %-11s %6s  %-8s %-6s %-15s %s\n", "board", "core", "MHz", "flash", "link", "timer", "present");
  for (auto& d : boards)
    std::printf("%-11s %-11s %6.0f  %-8s %-6s %-15s %s\n", d.name.c_str(), d.core.c_str(), d.clock_hz / 1e6,
                d.flash_method().c_str(), d.link_kind().c_str(), d.timer_source.c_str(),
                presence(d, ports, probes).c_str());
  // Lock and health of every board that is used on its own (outside a lab).
  std::printf("\n%-11s %-9s %s\n", "board", "lock", "health");
  for (auto& d : boards) {
    const Status st = status(d, dbp, suspect_after);
    std::printf("%-11s %-9s %s\n", d.name.c_str(), holder_text(d, st).c_str(), health_text(st, suspect_after).c_str());
  }
  if (!instances.empty()) {
    std::printf("\nlab %s: %zu instance(s)\n", inv.file.c_str(), instances.size());
    for (const auto& d : instances) {
      const Status st = status(d, dbp, suspect_after);
      std::printf("%-14s %-10s present: %s\n", d.instance.c_str(), d.name.c_str(), presence(d, ports, probes).c_str());
      std::printf("%-14s %-10s lock: %s\n", "", "", holder_text(d, st).c_str());
      std::printf("%-14s %-10s health: %s\n", "", "", health_text(st, suspect_after).c_str());
    }
  }
  std::printf("serial ports under /dev/serial/by-id: %zu\n", ports.size());
  std::printf("ST-LINK probes on USB: %zu\n", probes.size());
  for (const auto& p : probes)
    std::printf("  %s serial %s (usb %s)\n", p.model.c_str(), p.serial.c_str(), p.usb.c_str());
  return 0;
}

}  // namespace hb::cli
