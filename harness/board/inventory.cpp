#include "board/inventory.h"

#include <cstdlib>
#include <fstream>

#include "common/error.h"

namespace hb::board {
namespace {

bool valid_name(const std::string& s) {
  return !s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos;
}

class Fields {
 public:
  explicit Fields(std::string file) : file_(std::move(file)) {}
  [[noreturn]] void fail(const std::string& field, const std::string& what) const {
    throw Error(file_ + ": field '" + field + "': " + what);
  }
  std::string str(const nlohmann::json& o, const std::string& key, const std::string& path, bool required) const {
    if (!o.contains(key)) {
      if (required) fail(path, "missing");
      return {};
    }
    if (!o[key].is_string() || o[key].get<std::string>().empty()) fail(path, "expected a non-empty string");
    return o[key].get<std::string>();
  }

 private:
  std::string file_;
};

Instance parse_instance(const Fields& f, const nlohmann::json& e, const std::string& p) {
  if (!e.is_object()) f.fail(p, "expected an object");
  static const std::set<std::string> known = {"name", "board", "probe_serial", "serial", "tcp", "exclusive"};
  for (auto it = e.begin(); it != e.end(); ++it)
    if (!known.count(it.key())) f.fail(p + "." + it.key(), "unknown field");
  Instance in;
  in.name = f.str(e, "name", p + ".name", true);
  if (!valid_name(in.name)) f.fail(p + ".name", "must be lower-case letters, digits, '-' or '_'");
  in.board = f.str(e, "board", p + ".board", true);
  in.probe_serial = f.str(e, "probe_serial", p + ".probe_serial", false);
  in.serial = f.str(e, "serial", p + ".serial", false);
  if (e.contains("tcp")) {
    const auto& t = e["tcp"];
    if (!t.is_object()) f.fail(p + ".tcp", "expected {\"host\": ..., \"port\": ...}");
    in.tcp_host = f.str(t, "host", p + ".tcp.host", true);
    if (!t.contains("port") || !t["port"].is_number_integer() || t["port"].get<int64_t>() < 1 ||
        t["port"].get<int64_t>() > 65535)
      f.fail(p + ".tcp.port", "expected a port number 1..65535");
    in.tcp_port = static_cast<uint16_t>(t["port"].get<int64_t>());
    if (!in.serial.empty()) f.fail(p + ".tcp", "an instance has a serial port or a TCP link, not both");
  }
  if (e.contains("exclusive")) {
    if (!e["exclusive"].is_boolean()) f.fail(p + ".exclusive", "expected true or false");
    in.exclusive = e["exclusive"].get<bool>();
  }
  return in;
}

// The instance's fields must make sense for its kind's flasher.
void check_against_kind(const Fields& f, const Instance& in, const Descriptor& d, const std::string& p) {
  const std::string m = d.flash_method();
  if (!in.probe_serial.empty() && m != "openocd" && m != "pyocd")
    f.fail(p + ".probe_serial", "board " + d.name + " flashes with '" + m + "', which takes no probe serial");
  const bool own_link = m == "exec" || m == "qemu";  // the flasher makes the link itself
  if (own_link && (!in.serial.empty() || in.tcp_port))
    f.fail(p + (in.serial.empty() ? ".tcp" : ".serial"),
           "board " + d.name + " is started by its flasher ('" + m + "'), which makes its own link");
  if (m == "ssh" && !in.serial.empty())
    f.fail(p + ".serial", "board " + d.name + " is reached over ssh and needs a TCP link");
}

}  // namespace

const Instance* Inventory::find(const std::string& name) const {
  for (const auto& i : instances)
    if (i.name == name) return &i;
  return nullptr;
}

std::vector<const Instance*> Inventory::of_kind(const std::string& board) const {
  std::vector<const Instance*> out;
  for (const auto& i : instances)
    if (i.board == board) out.push_back(&i);
  return out;
}

Inventory parse_inventory(const nlohmann::json& j, const std::string& file) {
  const Fields f(file);
  if (!j.is_object()) throw Error(file + ": expected a JSON object with \"instances\"");
  for (auto it = j.begin(); it != j.end(); ++it)
    if (it.key() != "instances" && it.key() != "comment") f.fail(it.key(), "unknown field");
  if (!j.contains("instances") || !j["instances"].is_array()) f.fail("instances", "expected an array");
  Inventory inv;
  inv.file = file;
  std::set<std::string> names;
  std::set<std::string> kinds;
  for (const auto& d : load_all()) kinds.insert(d.name);
  for (size_t i = 0; i < j["instances"].size(); ++i) {
    const std::string p = "instances[" + std::to_string(i) + "]";
    Instance in = parse_instance(f, j["instances"][i], p);
    if (!names.insert(in.name).second) f.fail(p + ".name", "'" + in.name + "' is listed twice");
    if (kinds.count(in.name))
      f.fail(p + ".name", "'" + in.name + "' is a board kind; give the instance a name of its own");
    if (!kinds.count(in.board)) f.fail(p + ".board", "unknown board '" + in.board + "' (not in " + boards_dir() + ")");
    check_against_kind(f, in, find_board(in.board), p);
    inv.instances.push_back(std::move(in));
  }
  return inv;
}

Inventory load_inventory(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(path + ": cannot open lab inventory");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(path + ": invalid JSON: " + e.what());
  }
  return parse_inventory(j, path);
}

std::string lab_path(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* e = std::getenv("HILBENCH_LAB"); e && *e) return e;
  return {};
}

Descriptor instance_descriptor(const Descriptor& kind, const Instance& i) {
  Descriptor d = kind;
  d.instance = i.name;
  if (!i.probe_serial.empty()) d.flasher["probe_serial"] = i.probe_serial;
  if (!i.serial.empty())
    d.link = {{"kind", "serial"}, {"device", i.serial}, {"baud", kind.link.value("baud", 921600u)}};
  if (i.tcp_port) {
    d.link = {{"kind", "tcp"}, {"host", i.tcp_host}, {"port", i.tcp_port}};
    // Over ssh the runner is started on the same machine the link reaches.
    if (d.flash_method() == "ssh") {
      const std::string h = d.flasher.value("host", "");
      const auto at = h.find('@');
      d.flasher["host"] = (at == std::string::npos ? "" : h.substr(0, at + 1)) + i.tcp_host;
    }
  }
  if (i.exclusive) d.exclusive = *i.exclusive;
  return d;
}

Target resolve_target(const std::string& board, const std::string& lab_file) {
  if (!lab_file.empty()) {
    const Inventory inv = load_inventory(lab_file);
    if (const Instance* i = inv.find(board)) {
      Descriptor kind = find_board(i->board);
      return {kind, {instance_descriptor(kind, *i)}};
    }
    if (const auto list = inv.of_kind(board); !list.empty()) {
      Target t{find_board(board), {}};
      for (const Instance* i : list) t.candidates.push_back(instance_descriptor(t.kind, *i));
      return t;
    }
  }
  Descriptor d = find_board(board);
  return {d, {d}};
}

Claim claim(const Target& t, const std::string& command, std::chrono::seconds wait, const std::set<std::string>& skip,
            const std::function<void(const std::string&)>& on_wait) {
  std::vector<const Descriptor*> usable;
  for (const auto& d : t.candidates)
    if (!skip.count(d.instance)) usable.push_back(&d);
  if (usable.empty()) throw Error("board " + t.kind.name + ": every instance is skipped (suspect)");
  for (const Descriptor* d : usable)
    if (!d->exclusive) return {*d, BoardLock()};  // shared: nothing to wait for
  std::vector<std::string> names;
  for (const Descriptor* d : usable) names.push_back(d->instance);
  Acquired a = acquire_any(names, command, wait, on_wait);
  return {*usable[a.index], std::move(a.lock)};
}

}  // namespace hb::board
