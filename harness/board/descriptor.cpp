#include "board/descriptor.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "board/identifiers.h"
#include "common/error.h"
#include "common/install_paths.h"

namespace hb::board {
namespace {

namespace fs = std::filesystem;

class Checker {
 public:
  Checker(const nlohmann::json& j, std::string file) : j_(j), file_(std::move(file)) {}

  [[noreturn]] void fail(const std::string& field, const std::string& what) const {
    throw Error(file_ + ": field '" + field + "': " + what);
  }
  const nlohmann::json& at(const nlohmann::json& obj, const std::string& key, const std::string& path) const {
    if (!obj.is_object() || !obj.contains(key)) fail(path, "missing");
    return obj.at(key);
  }
  std::string str(const nlohmann::json& obj, const std::string& key, const std::string& path) const {
    const auto& v = at(obj, key, path);
    if (!v.is_string()) fail(path, "expected a string");
    return v.get<std::string>();
  }
  // Accepts a JSON number or a "0x..." string (addresses read better in hex).
  uint64_t u64(const nlohmann::json& obj, const std::string& key, const std::string& path) const {
    const auto& v = at(obj, key, path);
    if (v.is_number_unsigned()) return v.get<uint64_t>();
    if (v.is_number_integer() && v.get<int64_t>() >= 0) return static_cast<uint64_t>(v.get<int64_t>());
    if (v.is_string()) {
      const std::string s = v.get<std::string>();
      try {
        size_t used = 0;
        uint64_t r = std::stoull(s, &used, 0);
        if (used == s.size()) return r;
      } catch (const std::exception&) {
      }
    }
    fail(path, "expected a non-negative integer or a \"0x...\" string");
  }
  const nlohmann::json& root() const { return j_; }

 private:
  const nlohmann::json& j_;
  std::string file_;
};

std::vector<MemRegion> regions(const Checker& c, const nlohmann::json& mem, const std::string& key) {
  const std::string path = "memory." + key;
  const auto& arr = c.at(mem, key, path);
  if (!arr.is_array() || arr.empty()) c.fail(path, "expected a non-empty array of regions");
  std::vector<MemRegion> out;
  for (size_t i = 0; i < arr.size(); ++i) {
    const std::string p = path + "[" + std::to_string(i) + "]";
    MemRegion r{c.str(arr[i], "name", p + ".name"), c.u64(arr[i], "origin", p + ".origin"),
                c.u64(arr[i], "bytes", p + ".bytes")};
    if (r.bytes == 0) c.fail(p + ".bytes", "must be > 0");
    out.push_back(r);
  }
  return out;
}

}  // namespace

uint64_t Descriptor::total_ram() const {
  uint64_t n = 0;
  for (auto& r : ram) n += r.bytes;
  return n;
}
uint64_t Descriptor::total_flash() const {
  uint64_t n = 0;
  for (auto& r : flash) n += r.bytes;
  return n;
}

Descriptor parse_descriptor(const nlohmann::json& j, const std::string& file) {
  Checker c(j, file);
  if (!j.is_object()) throw Error(file + ": expected a JSON object");
  static const std::set<std::string> known = {"name",   "title", "core", "clock_hz", "emulated", "port",
                                              "memory", "flash", "link", "timer",    "plan",     "exclusive"};
  for (auto it = j.begin(); it != j.end(); ++it)
    if (!known.count(it.key())) c.fail(it.key(), "unknown field");
  // Fields that reach ssh, OpenOCD's Tcl, pyOCD or QEMU: strict patterns first.
  check_descriptor_identifiers(file, j);
  Descriptor d;
  d.file = file;
  d.name = c.str(j, "name", "name");
  if (d.name.empty() || d.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_") != std::string::npos)
    c.fail("name", "must be lower-case letters, digits, '-' or '_'");
  d.title = c.str(j, "title", "title");
  d.core = c.str(j, "core", "core");
  d.port = c.str(j, "port", "port");
  d.clock_hz = c.u64(j, "clock_hz", "clock_hz");
  const auto& em = c.at(j, "emulated", "emulated");
  if (!em.is_boolean()) c.fail("emulated", "expected true or false");
  d.emulated = em.get<bool>();
  d.exclusive = !d.emulated;
  if (j.contains("exclusive")) {
    if (!j["exclusive"].is_boolean()) c.fail("exclusive", "expected true or false");
    d.exclusive = j["exclusive"].get<bool>();
  }
  d.instance = d.name;
  const auto& mem = c.at(j, "memory", "memory");
  d.flash = regions(c, mem, "flash");
  d.ram = regions(c, mem, "ram");

  d.flasher = c.at(j, "flash", "flash");
  const std::string method = c.str(d.flasher, "method", "flash.method");
  static const std::set<std::string> methods = {"exec", "qemu", "openocd", "pyocd", "ssh", "none"};
  if (!methods.count(method))
    c.fail("flash.method", "'" + method + "' is not one of exec, qemu, openocd, pyocd, ssh, none");
  if (method == "exec") {
    c.str(d.flasher, "program", "flash.program");
    for (const char* list : {"wrapper", "args"}) {  // argv prefix (an emulator) and extra arguments
      if (!d.flasher.contains(list)) continue;
      const auto& v = d.flasher[list];
      bool ok = v.is_array();
      for (const auto& e : v) ok = ok && e.is_string() && !e.get<std::string>().empty();
      if (!ok) c.fail(std::string("flash.") + list, "expected an array of non-empty strings");
    }
  }
  if (method == "qemu") {
    c.str(d.flasher, "machine", "flash.machine");
    c.str(d.flasher, "binary", "flash.binary");
  }
  if (method == "openocd") c.str(d.flasher, "config", "flash.config");
  if (method == "pyocd") c.str(d.flasher, "target", "flash.target");
  if (d.flasher.contains("via_ssh")) {  // the probe hangs off a board host: flash there
    if (method != "openocd" && method != "pyocd")
      c.fail("flash.via_ssh", "only the openocd and pyocd methods flash through a board host");
    if (c.str(d.flasher, "via_ssh", "flash.via_ssh").empty()) c.fail("flash.via_ssh", "expected \"user@host\"");
    if (d.flasher.contains("ssh_port") &&
        (c.u64(d.flasher, "ssh_port", "flash.ssh_port") == 0 || c.u64(d.flasher, "ssh_port", "flash.ssh_port") > 65535))
      c.fail("flash.ssh_port", "must be 1..65535");
  }
  if (method == "ssh" || d.flasher.contains("via_ssh")) {
    if (method == "ssh") c.str(d.flasher, "host", "flash.host");
    if (d.flasher.contains("ssh_options")) {
      const auto& v = d.flasher["ssh_options"];
      bool ok = v.is_array();
      for (const auto& e : v) ok = ok && e.is_string() && !e.get<std::string>().empty();
      if (!ok) c.fail("flash.ssh_options", "expected an array of non-empty strings");
    }
  }

  d.link = c.at(j, "link", "link");
  const std::string kind = c.str(d.link, "kind", "link.kind");
  if (kind == "serial") {
    c.str(d.link, "device", "link.device");
    if (c.u64(d.link, "baud", "link.baud") == 0) c.fail("link.baud", "must be > 0");
  } else if (kind == "tcp") {
    c.str(d.link, "host", "link.host");
  } else if (kind == "rfc2217") {  // a serial port exported by ser2net (telnet(rfc2217) accepter)
    c.str(d.link, "host", "link.host");
    const uint64_t port = c.u64(d.link, "port", "link.port");
    if (port == 0 || port > 65535) c.fail("link.port", "must be 1..65535");
    if (c.u64(d.link, "baud", "link.baud") == 0) c.fail("link.baud", "must be > 0");
  } else if (kind != "pty") {
    c.fail("link.kind", "'" + kind + "' is not one of pty, serial, tcp, rfc2217");
  }
  if (d.link.contains("paced") && !d.link["paced"].is_boolean()) c.fail("link.paced", "expected true or false");
  if (d.link.contains("bauds")) {  // rates SET_BAUD may raise the link to (negotiated after HELLO)
    const auto& v = d.link["bauds"];
    bool ok = v.is_array() && !v.empty();
    for (const auto& e : v)
      ok = ok && e.is_number_unsigned() && e.get<uint64_t>() > 0 && e.get<uint64_t>() <= 100000000;
    if (!ok) c.fail("link.bauds", "expected a non-empty array of rates 1..100000000 (bit/s)");
  }
  if (d.flasher.contains("via_ssh") && kind != "tcp" && kind != "rfc2217")
    c.fail("link.kind",
           "a board flashed through flash.via_ssh is reached over the network: use rfc2217 or tcp "
           "(ser2net on the board host), not " +
               kind);

  const auto& timer = c.at(j, "timer", "timer");
  d.timer_source = c.str(timer, "source", "timer.source");
  static const std::set<std::string> sources = {"dwt", "systick-icount", "pmu", "clock"};
  if (!sources.count(d.timer_source))
    c.fail("timer.source", "'" + d.timer_source + "' is not one of dwt, systick-icount, pmu, clock");
  d.timer_unit = c.str(timer, "unit", "timer.unit");
  static const std::set<std::string> units = {"cycles", "instructions", "ns"};
  if (!units.count(d.timer_unit)) c.fail("timer.unit", "'" + d.timer_unit + "' is not one of cycles, instructions, ns");

  const auto& plan = c.at(j, "plan", "plan");
  d.plan_address = c.u64(plan, "address", "plan.address");
  d.plan_max_bytes = c.u64(plan, "max_bytes", "plan.max_bytes");
  if (d.plan_max_bytes == 0) c.fail("plan.max_bytes", "must be > 0");
  return d;
}

Descriptor load_descriptor(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw Error(path + ": cannot open board descriptor");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(f);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(path + ": invalid JSON: " + e.what());
  }
  return parse_descriptor(j, path);
}

std::string boards_dir() {
  if (const char* env = std::getenv("HILBENCH_BOARDS"); env && *env) return env;
  return boards_root();  // installed, else the source tree
}

std::vector<Descriptor> load_all() {
  std::vector<Descriptor> out;
  const std::string dir = boards_dir();
  if (!fs::is_directory(dir)) throw Error(dir + ": board descriptor folder not found");
  for (auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".json") out.push_back(load_descriptor(e.path().string()));
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.name < b.name; });
  return out;
}

Descriptor find_board(const std::string& name_or_path) {
  if (name_or_path.find('/') != std::string::npos || name_or_path.ends_with(".json"))
    return load_descriptor(name_or_path);
  const std::string path = boards_dir() + "/" + name_or_path + ".json";
  if (!fs::exists(path)) {
    std::string names;
    for (auto& d : load_all()) names += (names.empty() ? "" : ", ") + d.name;
    throw Error("unknown board '" + name_or_path + "' (known: " + names + ")");
  }
  Descriptor d = load_descriptor(path);
  if (d.name != name_or_path) throw Error(path + ": field 'name': '" + d.name + "' does not match the file name");
  return d;
}

}  // namespace hb::board
