// The "openocd" driver: programs the model plan (raw binary at the
// descriptor's plan.address) and the port's firmware ELF through the
// board's debug probe, resets the board, and hands back its virtual COM
// port. One OpenOCD run:
//   openocd -f <cfg> [-c "adapter serial {SN}"] -c "program {plan.bin} ADDR verify"
//           -c "program {fw.elf} verify reset exit"
// Also home of what every real-board flasher shares (used by pyocd_flasher.cpp).
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <sstream>

#include "board/footprint.h"
#include "common/error.h"
#include "common/file_io.h"
#include "common/subprocess.h"
#include "flash/deployment.h"
#include "flash/flashed_board.h"
#include "flash/tool_host.h"
#include "link/serial_transport.h"

namespace hb::flash {

namespace fs = std::filesystem;

std::string hex_address(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%08llx", static_cast<unsigned long long>(v));
  return buf;
}

// The port's firmware image with extension `ext` (".elf", ".hex"):
// flash.firmware (an ELF; its sibling with `ext` if that exists), else
// <firmware_dir>/hb-fw-<port><ext>. Throws if missing. Also checks that the
// firmware reads its plan where the descriptor says the plan goes.
std::string board_firmware(const board::Descriptor& d, const std::string& ext) {
  const auto elf = board::firmware_elf(d);
  const std::string want = d.flasher.value("firmware", firmware_dir() + "/hb-fw-" + d.port + ".elf");
  if (!elf)
    throw Error("board " + d.name + ": firmware " + want +
                " not found (build hilbench with the cross builds: ci/build.sh, or set flash.firmware)");
  const board::Firmware fw = board::read_firmware(*elf);
  if (fw.plan_region && fw.plan_address != d.plan_address)
    throw Error("board " + d.name + ": " + d.file + " puts the plan at " + hex_address(d.plan_address) + " but " +
                fs::path(*elf).filename().string() + " reads it at " + hex_address(fw.plan_address) +
                " (fix plan.address)");
  fs::path p(*elf);
  if (ext != ".elf" && fs::exists(fs::path(p).replace_extension(ext))) return p.replace_extension(ext).string();
  return *elf;
}

std::string write_plan_file(const DeployOptions& o, const AlignedBytes& plan) {
  fs::create_directories(o.work_dir);
  const std::string path = (fs::absolute(o.work_dir) / "plan.bin").string();
  write_file_atomic(path, plan.data(), plan.size());
  return path;
}

std::string last_line_with(const std::string& text, const std::string& needle) {
  std::istringstream in(text);
  std::string line, found;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (needle.empty() ? !line.empty() : line.find(needle) != std::string::npos) found = line;
  }
  return found;
}

std::unique_ptr<FlashedBoard> flashed_board(const board::Descriptor& d, const std::string& how,
                                            std::function<void()> reset) {
  LinkTarget t;
  t.kind = d.link_kind();
  if (t.kind == "tcp" || t.kind == "rfc2217") {  // ser2net (raw or RFC 2217) or the board's own server
    t.host = d.link.value("host", "");
    t.port = static_cast<uint16_t>(d.link.value("port", 0u));
    t.baud = d.link.value("baud", 921600u);
    if (t.port == 0)
      throw Error("board " + d.name + ": " + d.file + ": field 'link.port' is needed for a " + t.kind + " link");
    return std::make_unique<FlashedBoard>(
        t, d.name + " (" + how + "), " + t.kind + " " + t.host + ":" + std::to_string(t.port), std::move(reset));
  }
  if (t.kind != "serial") throw Error("board " + d.name + ": link kind '" + t.kind + "' cannot follow a flash");
  const std::string pattern = d.link.value("device", "");
  std::vector<std::string> ports = link::expand_serial_glob(pattern);
  const std::string sn = d.flasher.value("probe_serial", "");
  if (ports.size() > 1 && !sn.empty()) {
    // by-id names embed the ST-LINK serial: keep the probe we flashed through.
    std::erase_if(ports, [&](const std::string& p) { return p.find(sn) == std::string::npos; });
  }
  if (ports.empty())
    throw Error("board " + d.name + ": flashed, but no serial port matches " + pattern +
                " (is the board's USB cable in? its ST-LINK virtual COM port appears there)");
  if (ports.size() > 1) {
    std::string all;
    for (auto& p : ports) all += (all.empty() ? "" : ", ") + p;
    throw Error("board " + d.name + ": " + std::to_string(ports.size()) + " serial ports match " + pattern + " (" +
                all + "): set flash.probe_serial or an exact link.device");
  }
  t.path = ports.front();
  t.baud = d.link.value("baud", 921600u);
  return std::make_unique<FlashedBoard>(t, d.name + " (" + how + "), " + t.path, std::move(reset));
}

namespace {

// A word for OpenOCD's Tcl: inside {...} Tcl substitutes nothing ([exec],
// $var and \ are literal); only braces and backslashes could end the word
// early, so values holding them are refused rather than escaped. Descriptor
// values also passed board/identifiers.h's strict patterns at load.
std::string tcl_word(const std::string& v, const std::string& what) {
  if (v.find_first_of("{}\\\n\r") != std::string::npos)
    throw Error(what + " '" + v + "' cannot be passed to OpenOCD (contains { } \\ or a newline)");
  return "{" + v + "}";
}
std::string tcl_path(const std::string& p) { return tcl_word(p, "path"); }

// A relative config is looked up next to the descriptor first (e.g.
// boards/openocd/...), else left to OpenOCD's script search path (board/...).
std::string openocd_config(const board::Descriptor& d) {
  const std::string cfg = d.flasher.value("config", "");
  if (cfg.empty() || fs::path(cfg).is_absolute()) return cfg;
  const fs::path local = fs::path(d.file).parent_path() / cfg;
  return fs::exists(local) ? fs::absolute(local).string() : cfg;
}

}  // namespace

std::unique_ptr<Deployment> deploy_openocd(const board::Descriptor& d, const AlignedBytes& plan,
                                           const DeployOptions& o) {
  ToolHost host(d, o);  // here, or the board host of flash.via_ssh
  const std::string program = d.flasher.value("program", "openocd");
  if (!host.have(program))
    throw Error("board " + d.name + ": " + program + " not installed" + host.where() + " (apt-get install openocd)");
  const std::string elf = host.file(board_firmware(d, ".elf"));
  const std::string plan_file = host.file(write_plan_file(o, plan));
  std::string config = openocd_config(d);
  if (fs::path(config).is_absolute() && fs::exists(config)) config = host.file(config);
  host.upload();
  const std::string sn = d.flasher.value("probe_serial", "");

  // OpenOCD runs "-f X" as the Tcl command script {X}: the config is a Tcl word too.
  std::vector<std::string> argv = {program, "-f", config};
  if (argv[2].find_first_of("{}\\\n\r") != std::string::npos)
    throw Error("board " + d.name + ": flash.config '" + argv[2] + "' cannot be passed to OpenOCD");
  if (!sn.empty()) argv.insert(argv.end(), {"-c", "adapter serial " + tcl_word(sn, "flash.probe_serial")});
  argv.insert(argv.end(), {"-c", "program " + tcl_path(plan_file) + " " + hex_address(d.plan_address) + " verify"});
  argv.insert(argv.end(), {"-c", "program " + tcl_path(elf) + " verify reset exit"});

  const RunResult r = host.run(argv, std::chrono::seconds(o.timeout_s));
  const std::string out = r.err + "\n" + r.out;
  if (r.timed_out)
    throw Error("board " + d.name + ": openocd did not finish within " + std::to_string(o.timeout_s) +
                " s (stopped); last output: " + last_line_with(out, ""));
  if (r.exit_code != 0) {
    if (out.find("Error: open failed") != std::string::npos)
      throw Error(
          "board " + d.name + ": no debug probe found by OpenOCD" + host.where() + " (board unplugged? " +
          (sn.empty() ? std::string("ST-LINK busy in another program?") : "ST-LINK serial " + sn + " not connected?") +
          ")");
    std::string why = last_line_with(out, "Error");
    if (why.empty()) why = last_line_with(out, "");
    throw Error("board " + d.name + ": openocd failed (exit " + std::to_string(r.exit_code) + "): " + why);
  }
  // Recovery: the same probe resets the core (plan and firmware stay in
  // flash), where the flash tool runs (on the board host with flash.via_ssh).
  std::vector<std::string> reset_argv = {program, "-f", config};
  if (!sn.empty()) reset_argv.insert(reset_argv.end(), {"-c", "adapter serial " + tcl_word(sn, "flash.probe_serial")});
  reset_argv.insert(reset_argv.end(), {"-c", "init", "-c", "reset run", "-c", "shutdown"});
  const std::string name = d.name;
  const int timeout_s = o.timeout_s;
  auto shared_host = std::make_shared<ToolHost>(std::move(host));
  return flashed_board(d, "flashed with openocd", [shared_host, reset_argv, name, timeout_s] {
    const RunResult rr = shared_host->run(reset_argv, std::chrono::seconds(timeout_s));
    if (rr.exit_code != 0)
      throw Error("board " + name + ": openocd reset failed (exit " + std::to_string(rr.exit_code) +
                  "): " + last_line_with(rr.err + "\n" + rr.out, ""));
  });
}

}  // namespace hb::flash
