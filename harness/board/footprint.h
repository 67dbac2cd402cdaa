// Memory footprint of a model on a board, in the layout of ST's model-zoo
// tables (Activation RAM, Runtime RAM, Weights Flash, Code Flash, Total RAM,
// Total Flash), and the check that refuses a model the board cannot hold
// before anything is flashed.
//
// The numbers come from the model plan (arena, input and plan sizes) and
// from the port's firmware ELF: its section headers (code and runtime RAM)
// and its linker symbols __poolN_start/_end (RAM left free for the arena
// and input slots) and __plan_start/_end (the plan's flash region). Placing
// arena and slots in the pools uses the firmware's own algorithm
// (target-fw/ports/stm32-common/mem_carve.h), so the host refuses exactly
// what the firmware could not serve. Without such an ELF (not built, or a
// port without pools) the descriptor's RAM regions stand in for the pools.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "board/descriptor.h"
#include "common/aligned_bytes.h"

namespace hb::board {

// --- ELF32 little-endian section headers and symbols (no dependencies) ---
struct ElfSection {
  std::string name;
  uint32_t type = 0;   // SHT_*
  uint32_t flags = 0;  // SHF_*
  uint32_t addr = 0, size = 0;
};
struct ElfImage {
  std::vector<ElfSection> sections;
  std::map<std::string, uint32_t> symbols;  // name -> value (defined symbols)
};
// Throws hb::Error "<path>: not an ELF32 little-endian file" etc.
ElfImage read_elf32(const std::string& path);

// --- What a firmware image provides ---
struct Firmware {
  std::string path;
  uint64_t code_flash = 0;                     // allocated PROGBITS: vectors, code, constants, .data's image
  uint64_t runtime_ram = 0;                    // allocated + writable: .data, .bss, stack (0 if !runtime_known)
  bool runtime_known = false;                  // pools, or arena/slots in their own .big section (QEMU ports)
  bool has_pools = false;                      // the ELF describes its free RAM (__pool0_start)
  std::vector<MemRegion> pools;                // in the firmware's order of preference
  uint64_t plan_address = 0, plan_region = 0;  // 0 if the ELF does not say
};
Firmware read_firmware(const std::string& elf_path);

// The firmware ELF a board runs: flash.firmware in the descriptor, else
// <firmware_dir>/hb-fw-<port>.elf. nullopt if that file does not exist.
std::optional<std::string> firmware_elf(const Descriptor& d);

// --- What a model needs ---
struct ModelNeeds {
  std::string model;  // name for messages
  uint64_t arena_bytes = 0, input_bytes = 0, plan_bytes = 0;
};
// From a plan blob (hb_plan_open must accept it; throws hb::Error if not).
ModelNeeds model_needs(const AlignedBytes& plan, const std::string& model_name = {});

struct Footprint {
  std::string board, model;
  bool have_firmware = false;   // numbers from a firmware ELF with pools (else descriptor estimate)
  std::string firmware;         // ELF path or ""
  uint64_t activation_ram = 0;  // plan arena
  uint64_t runtime_ram = 0;     // firmware .data + .bss + stack (0 unless runtime_known)
  bool runtime_known = false;   // the ELF separates its own RAM from the arena and slots
  uint64_t slot_ram = 0;        // n_slots x slot_bytes (input slots, outside the arena)
  uint32_t n_slots = 0, slot_bytes = 0;
  uint64_t weights_flash = 0;      // plan bytes
  uint64_t code_flash = 0;         // firmware code + constants + .data image (0 without ELF)
  uint64_t free_ram = 0;           // sum of the pools
  uint64_t plan_region = 0;        // flash for the plan
  std::string arena_in, slots_in;  // pool names
  bool fits = false;
  std::string why;  // empty if it fits; else what does not, with the numbers

  uint64_t total_ram() const { return activation_ram + runtime_ram + slot_ram; }
  uint64_t total_flash() const { return weights_flash + code_flash; }
};

// Firmware: read_firmware(*firmware_elf(d)) when it exists.
Footprint footprint(const Descriptor& d, const ModelNeeds& m, const std::optional<Firmware>& fw);
Footprint footprint(const Descriptor& d, const ModelNeeds& m);

// Throws hb::Error "board <b>: model <m> does not fit: <numbers>" unless
// footprint(...).fits.
void check_fits(const Descriptor& d, const ModelNeeds& m, const std::optional<Firmware>& fw);
void check_fits(const Descriptor& d, const ModelNeeds& m);

}  // namespace hb::board
