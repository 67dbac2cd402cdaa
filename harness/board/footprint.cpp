#include "board/footprint.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "flash/deployment.h"
#include "model/host_engine.h"

extern "C" {
#include "nn/engine.h"
#include "ports/stm32-common/mem_carve.h"
}

namespace hb::board {
namespace {

namespace fs = std::filesystem;

constexpr uint32_t kShtSymtab = 2, kShtNobits = 8;
constexpr uint32_t kShfWrite = 1, kShfAlloc = 2;
constexpr uint32_t kMaxSlots = 4;  // as target-fw/ports/stm32-common/stm32_port.c

uint32_t u32(const std::vector<uint8_t>& b, size_t off) {
  uint32_t v;
  std::memcpy(&v, b.data() + off, 4);
  return v;  // ELF32 little-endian, read on a little-endian host
}
uint16_t u16(const std::vector<uint8_t>& b, size_t off) {
  uint16_t v;
  std::memcpy(&v, b.data() + off, 2);
  return v;
}

std::string cstr(const std::vector<uint8_t>& b, size_t table_off, size_t table_size, uint32_t idx,
                 const std::string& path) {
  if (idx >= table_size) throw Error(path + ": ELF string index out of range");
  const char* s = reinterpret_cast<const char*>(b.data() + table_off + idx);
  return std::string(s, strnlen(s, table_size - idx));
}

std::string hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%08llx", static_cast<unsigned long long>(v));
  return buf;
}

// Descriptor RAM regions a pool overlaps, e.g. "axi_sram" or "dtcm+sram12".
std::string region_names(const Descriptor& d, const MemRegion& pool) {
  std::string s;
  for (auto& r : d.ram)
    if (pool.origin < r.origin + r.bytes && r.origin < pool.origin + pool.bytes) s += (s.empty() ? "" : "+") + r.name;
  return s.empty() ? hex(pool.origin) : s;
}

}  // namespace

ElfImage read_elf32(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error(path + ": cannot open firmware ELF");
  std::vector<uint8_t> b((std::istreambuf_iterator<char>(f)), {});
  if (b.size() < 52 ||
      std::memcmp(b.data(),
                  "\x7f"
                  "ELF",
                  4) != 0 ||
      b[4] != 1 || b[5] != 1)
    throw Error(path + ": not an ELF32 little-endian file");
  const uint32_t shoff = u32(b, 32);
  const uint16_t shentsize = u16(b, 46), shnum = u16(b, 48), shstrndx = u16(b, 50);
  if (shentsize < 40 || shnum == 0 || shstrndx >= shnum || shoff > b.size() ||
      static_cast<uint64_t>(shnum) * shentsize > b.size() - shoff)
    throw Error(path + ": ELF section header table out of bounds");
  struct Raw {
    uint32_t name, type, flags, addr, offset, size, link, entsize;
  };
  std::vector<Raw> raw(shnum);
  for (uint16_t i = 0; i < shnum; ++i) {
    const size_t o = shoff + static_cast<size_t>(i) * shentsize;
    raw[i] = {u32(b, o),      u32(b, o + 4),  u32(b, o + 8),  u32(b, o + 12),
              u32(b, o + 16), u32(b, o + 20), u32(b, o + 24), u32(b, o + 36)};
    if (raw[i].type != kShtNobits && raw[i].type != 0 &&
        (raw[i].offset > b.size() || raw[i].size > b.size() - raw[i].offset))
      throw Error(path + ": ELF section " + std::to_string(i) + " out of bounds");
  }
  const Raw& shstr = raw[shstrndx];
  ElfImage img;
  for (uint16_t i = 1; i < shnum; ++i)
    img.sections.push_back(
        {cstr(b, shstr.offset, shstr.size, raw[i].name, path), raw[i].type, raw[i].flags, raw[i].addr, raw[i].size});
  for (const Raw& s : raw) {
    if (s.type != kShtSymtab) continue;
    if (s.link >= shnum || s.entsize < 16) throw Error(path + ": bad ELF symbol table");
    const Raw& str = raw[s.link];
    for (size_t o = s.offset; o + 16 <= static_cast<size_t>(s.offset) + s.size; o += s.entsize) {
      const uint16_t shndx = u16(b, o + 14);
      if (shndx == 0) continue;  // undefined
      const std::string name = cstr(b, str.offset, str.size, u32(b, o), path);
      if (!name.empty()) img.symbols[name] = u32(b, o + 4);
    }
  }
  return img;
}

Firmware read_firmware(const std::string& elf_path) {
  const ElfImage img = read_elf32(elf_path);
  Firmware fw;
  fw.path = elf_path;
  for (auto& s : img.sections) {
    if (!(s.flags & kShfAlloc)) continue;
    if (s.type != kShtNobits) fw.code_flash += s.size;  // with .data once, as its flash image
    if (s.name == ".big") fw.runtime_known = true;      // arena + slots: not the firmware's own RAM
    if ((s.flags & kShfWrite) && s.name != ".big") fw.runtime_ram += s.size;
  }
  auto sym = [&](const std::string& n) -> std::optional<uint32_t> {
    auto it = img.symbols.find(n);
    return it == img.symbols.end() ? std::nullopt : std::optional<uint32_t>(it->second);
  };
  for (int i = 0;; ++i) {
    const auto s = sym("__pool" + std::to_string(i) + "_start"), e = sym("__pool" + std::to_string(i) + "_end");
    if (!s || !e) break;
    if (*e < *s) throw Error(elf_path + ": __pool" + std::to_string(i) + " ends before it starts");
    fw.pools.push_back({"pool" + std::to_string(i), *s, static_cast<uint64_t>(*e - *s)});
  }
  fw.has_pools = !fw.pools.empty();
  fw.runtime_known = fw.runtime_known || fw.has_pools;
  if (!fw.runtime_known) fw.runtime_ram = 0;  // its arena/slot buffers are sections too: no split known
  if (auto s = sym("__plan_start"), e = sym("__plan_end"); s && e && *e >= *s) {
    fw.plan_address = *s;
    fw.plan_region = *e - *s;
  }
  return fw;
}

std::optional<std::string> firmware_elf(const Descriptor& d) {
  std::string p = d.flasher.value("firmware", "");
  if (p.empty()) p = flash::firmware_dir() + "/hb-fw-" + d.port + ".elf";
  if (!fs::is_regular_file(p)) return std::nullopt;
  return p;
}

ModelNeeds model_needs(const AlignedBytes& plan, const std::string& model_name) {
  hb_plan p;
  const hb_status st = hb_plan_open(&p, plan.data(), static_cast<uint32_t>(plan.size()));
  if (st != HB_OK) throw Error(model::plan_rejected(st, p));
  ModelNeeds m;
  m.model = model_name;
  if (m.model.empty()) m.model = std::string(p.hdr->name, strnlen(p.hdr->name, sizeof p.hdr->name));
  m.arena_bytes = p.hdr->arena_bytes;
  m.input_bytes = p.tensors[p.hdr->input_tensor].bytes;
  m.plan_bytes = plan.size();
  return m;
}

Footprint footprint(const Descriptor& d, const ModelNeeds& m, const std::optional<Firmware>& fw) {
  Footprint f;
  f.board = d.name;
  f.model = m.model;
  f.activation_ram = m.arena_bytes;
  f.weights_flash = m.plan_bytes;
  std::vector<MemRegion> pools = d.ram;  // estimate: the firmware's own RAM use unknown
  if (fw) {
    f.firmware = fw->path;
    f.code_flash = fw->code_flash;
    f.runtime_known = fw->runtime_known;
    f.runtime_ram = fw->runtime_ram;
    if (fw->has_pools) {
      f.have_firmware = true;
      pools = fw->pools;
    }
  }
  f.plan_region = d.plan_max_bytes;
  if (fw && fw->plan_region) f.plan_region = std::min<uint64_t>(f.plan_region, fw->plan_region);

  std::vector<hb_pool> cp;
  for (auto& p : pools) {
    f.free_ram += p.bytes;
    cp.push_back(
        {static_cast<uint32_t>(std::min<uint64_t>(p.origin, UINT32_MAX)),
         static_cast<uint32_t>(std::min<uint64_t>(p.bytes, UINT32_MAX - std::min<uint64_t>(p.origin, UINT32_MAX)))});
  }
  const auto clamp = [](uint64_t v) { return static_cast<uint32_t>(std::min<uint64_t>(v, UINT32_MAX - 64)); };
  hb_carve c;
  const hb_carve_status st =
      hb_carve_run(cp.data(), static_cast<int>(cp.size()), clamp(m.arena_bytes), clamp(m.input_bytes), kMaxSlots, &c);
  if (c.arena_pool >= 0) f.arena_in = region_names(d, pools[c.arena_pool]);
  if (c.slot_pool >= 0) f.slots_in = region_names(d, pools[c.slot_pool]);
  f.n_slots = c.n_slots;
  f.slot_bytes = c.slot_bytes;
  f.slot_ram = static_cast<uint64_t>(c.n_slots) * c.slot_bytes;

  std::vector<std::string> problems;
  const std::string src = f.have_firmware ? fs::path(fw->path).filename().string() + "'s free RAM pools"
                                          : "the descriptor's RAM regions (firmware ELF not built: estimate)";
  std::string sizes;
  for (size_t i = 0; i < pools.size(); ++i)
    sizes += (i ? ", " : "") + region_names(d, pools[i]) + " " + std::to_string(pools[i].bytes) + " B";
  if (st == HB_CARVE_NO_ARENA) {
    problems.push_back("activation arena " + std::to_string(m.arena_bytes) + " B does not fit any of " + src + " (" +
                       sizes + ")");
  } else if (st == HB_CARVE_NO_SLOT) {
    uint64_t left = 0;
    for (size_t i = 0; i < pools.size(); ++i) {
      uint64_t l = pools[i].bytes;
      if (static_cast<int>(i) == c.arena_pool)
        l = pools[i].origin + pools[i].bytes - (static_cast<uint64_t>(c.arena_start) + c.arena_bytes);
      left = std::max(left, l);
    }
    problems.push_back("activation arena " + std::to_string(m.arena_bytes) + " B + one " +
                       std::to_string(m.input_bytes) + " B input slot need " +
                       std::to_string(m.arena_bytes + m.input_bytes) + " B, but with the arena in " + f.arena_in +
                       " at most " + std::to_string(left) + " B stay free for the slot (" + src + ": " + sizes + ")");
  }
  if (m.plan_bytes > f.plan_region)
    problems.push_back("model plan " + std::to_string(m.plan_bytes) + " B exceeds the " +
                       std::to_string(f.plan_region) + " B plan flash region");
  f.fits = problems.empty();
  for (auto& p : problems) f.why += (f.why.empty() ? "" : "; ") + p;
  return f;
}

Footprint footprint(const Descriptor& d, const ModelNeeds& m) {
  std::optional<Firmware> fw;
  if (auto p = firmware_elf(d)) fw = read_firmware(*p);
  return footprint(d, m, fw);
}

void check_fits(const Descriptor& d, const ModelNeeds& m, const std::optional<Firmware>& fw) {
  const Footprint f = footprint(d, m, fw);
  if (!f.fits) throw Error("board " + d.name + ": model " + m.model + " does not fit: " + f.why);
}

void check_fits(const Descriptor& d, const ModelNeeds& m) {
  std::optional<Firmware> fw;
  if (auto p = firmware_elf(d)) fw = read_firmware(*p);
  check_fits(d, m, fw);
}

}  // namespace hb::board
