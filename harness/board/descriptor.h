// A board is data (boards/<name>.json): core, clock, memory map, how to flash
// it, how to talk to it, which timer it has. The harness picks drivers from
// these fields and never branches on a board's name.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace hb::board {

struct MemRegion {
  std::string name;
  uint64_t origin = 0;
  uint64_t bytes = 0;
};

struct Descriptor {
  std::string file;  // where it was loaded from (for errors)
  std::string name, title, core, port;
  uint64_t clock_hz = 0;
  bool emulated = false;
  // One run at a time (a board lock, board/lock.h): "exclusive" in the file,
  // default true for physical boards, false for emulated ones.
  bool exclusive = true;
  // The lab instance this descriptor stands for (board/inventory.h): its
  // name, or the descriptor's own name outside an inventory.
  std::string instance;
  std::vector<MemRegion> flash, ram;
  nlohmann::json flasher;    // {"method": "exec"|"qemu"|"openocd"|"pyocd"|"ssh", ...}
  nlohmann::json link;       // {"kind": "pty"|"serial"|"tcp", ...}
  std::string timer_source;  // dwt | systick-icount | pmu | clock
  std::string timer_unit;    // cycles | instructions | ns
  uint64_t plan_address = 0;
  uint64_t plan_max_bytes = 0;

  std::string flash_method() const { return flasher.value("method", ""); }
  std::string link_kind() const { return link.value("kind", ""); }
  uint64_t total_ram() const;
  uint64_t total_flash() const;
};

// Parses and validates; throws hb::Error "<file>: field '<path>': <what>".
Descriptor parse_descriptor(const nlohmann::json& j, const std::string& file);
Descriptor load_descriptor(const std::string& path);

// The folder holding the descriptors: $HILBENCH_BOARDS, else <source>/boards.
std::string boards_dir();
// All descriptors in boards_dir(), sorted by name (throws on the first bad one).
std::vector<Descriptor> load_all();
// By name ("sim") or path ("boards/sim.json").
Descriptor find_board(const std::string& name_or_path);

}  // namespace hb::board
