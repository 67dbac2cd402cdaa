// A lab inventory: the boards actually wired to this host, one entry per
// physical unit (the way Zephyr twister's hardware map or labgrid's places
// describe a lab). Each instance is of a board kind (a descriptor) and says
// which probe and which serial port or TCP endpoint are its own; two
// identical H747 boards need one descriptor and two instances.
//
//   {"instances": [
//     {"name": "h747-a", "board": "h747", "probe_serial": "003F00...",
//      "serial": "/dev/serial/by-id/usb-STMicroelectronics_STLINK-V3_003F00...-if02"},
//     {"name": "mp157-bench", "board": "mp157", "tcp": {"host": "10.0.0.7", "port": 5555}}]}
//
// Read from `--lab FILE` or $HILBENCH_LAB; typed and checked at load, errors
// name the file and the field.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "board/descriptor.h"
#include "board/lock.h"

namespace hb::board {

struct Instance {
  std::string name;
  std::string board;         // descriptor name (the kind)
  std::string probe_serial;  // "" = the descriptor's flash.probe_serial
  std::string serial;        // serial port path; "" = the descriptor's link
  std::string tcp_host;      // TCP link instead of a serial port
  uint16_t tcp_port = 0;
  std::optional<bool> exclusive;  // overrides the descriptor's
};

struct Inventory {
  std::string file;
  std::vector<Instance> instances;

  const Instance* find(const std::string& name) const;
  std::vector<const Instance*> of_kind(const std::string& board) const;
};

Inventory parse_inventory(const nlohmann::json& j, const std::string& file);
Inventory load_inventory(const std::string& path);
// `flag` if given, else $HILBENCH_LAB, else "" (no inventory).
std::string lab_path(const std::string& flag);

// The kind's descriptor with the instance's probe, link and exclusive applied.
Descriptor instance_descriptor(const Descriptor& kind, const Instance& i);

// What `--board X` names: instance X, a free instance of kind X, or (outside
// the inventory) descriptor X itself.
struct Target {
  Descriptor kind;                     // the descriptor (instance fields not applied)
  std::vector<Descriptor> candidates;  // instance descriptors, tried in order
};
Target resolve_target(const std::string& board, const std::string& lab_file);

// A board this process may use: the instance's descriptor and, for an
// exclusive one, its lock. Keep it alive until the link is closed.
struct Claim {
  Descriptor board;
  BoardLock lock;
};
// Takes the first candidate not in `skip` that is free, waiting up to `wait`
// for an exclusive one (hb::Error, exit 2, naming each lock and holder).
// `on_wait` is told once when it starts waiting.
Claim claim(const Target& t, const std::string& command, std::chrono::seconds wait,
            const std::set<std::string>& skip = {}, const std::function<void(const std::string&)>& on_wait = {});

}  // namespace hb::board
