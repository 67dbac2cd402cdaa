// The STM32 port images exist and their sections sit inside the chip's
// memory as the board descriptors state it (an independent source: the
// descriptors come from the reference manuals, the linker scripts are
// checked against them here).
#include <algorithm>

#include "board/descriptor.h"
#include "board/footprint.h"
#include "boards/boards_test_util.h"
#include "common/subprocess.h"

namespace hb::boardtest {
namespace {

constexpr uint32_t kShfAlloc = 2, kShfWrite = 1;

struct Port {
  const char* board;
  const char* port;
};
const Port kPorts[] = {{"h747", "stm32h747"}, {"f769", "stm32f769"}, {"u585", "stm32u585"}};

bool inside(uint64_t a, uint64_t n, const std::vector<board::MemRegion>& regions) {
  for (auto& r : regions)
    if (a >= r.origin && a + n <= r.origin + r.bytes) return true;
  return false;
}

// Contiguous spans made of adjacent regions (F769's DTCM + SRAM1/2 are one).
std::vector<board::MemRegion> merged(std::vector<board::MemRegion> r) {
  std::sort(r.begin(), r.end(), [](auto& a, auto& b) { return a.origin < b.origin; });
  std::vector<board::MemRegion> out;
  for (auto& x : r)
    if (!out.empty() && out.back().origin + out.back().bytes == x.origin)
      out.back().bytes += x.bytes;
    else
      out.push_back(x);
  return out;
}

class PortImage : public ::testing::TestWithParam<Port> {};

TEST_P(PortImage, ExistsWithBinHexMap) {
  HB_REQUIRE_CROSS();
  const std::string base = (fw_dir() / (std::string("hb-fw-") + GetParam().port)).string();
  for (const char* ext : {".elf", ".bin", ".hex", ".map"}) EXPECT_TRUE(fs::exists(base + ext)) << base + ext;
  EXPECT_GT(fs::file_size(base + ".bin"), 4096u);
}

TEST_P(PortImage, SectionsFitTheChipsMemory) {
  HB_REQUIRE_CROSS();
  const board::Descriptor d = board::find_board(GetParam().board);
  const std::string elf = (fw_dir() / (std::string("hb-fw-") + GetParam().port + ".elf")).string();
  const board::ElfImage img = board::read_elf32(elf);
  const auto flash = merged(d.flash), ram = merged(d.ram);
  uint64_t code_end = 0;
  int allocated = 0;
  for (auto& s : img.sections) {
    if (!(s.flags & kShfAlloc) || s.size == 0) continue;
    ++allocated;
    if (s.flags & kShfWrite) {
      EXPECT_TRUE(inside(s.addr, s.size, ram)) << s.name << " at " << std::hex << s.addr << " is not in RAM";
    } else {
      EXPECT_TRUE(inside(s.addr, s.size, flash)) << s.name << " at " << std::hex << s.addr << " is not in flash";
      // Firmware code must stay clear of the plan region, which is programmed separately.
      EXPECT_TRUE(s.addr + s.size <= d.plan_address || s.addr >= d.plan_address + d.plan_max_bytes) << s.name;
      if (s.addr < d.plan_address) code_end = std::max<uint64_t>(code_end, s.addr + s.size);
    }
    if (s.name == ".isr_vector") {
      EXPECT_EQ(s.addr, d.flash.at(0).origin) << "vectors at the boot address";
    }
  }
  EXPECT_GE(allocated, 5);
  EXPECT_GT(code_end, d.flash.at(0).origin + 4096);

  // The plan region the firmware reads is the descriptor's.
  ASSERT_TRUE(img.symbols.count("__plan_start"));
  EXPECT_EQ(img.symbols.at("__plan_start"), d.plan_address);
  EXPECT_EQ(img.symbols.at("__plan_end") - img.symbols.at("__plan_start"), d.plan_max_bytes);
  EXPECT_TRUE(inside(d.plan_address, d.plan_max_bytes, flash));

  // Free RAM pools: inside RAM, disjoint from .data/.bss/stack and each other.
  const board::Firmware fw = board::read_firmware(elf);
  ASSERT_TRUE(fw.has_pools);
  for (size_t i = 0; i < fw.pools.size(); ++i) {
    const auto& p = fw.pools[i];
    EXPECT_TRUE(inside(p.origin, p.bytes, ram)) << "pool " << i;
    for (auto& s : img.sections) {
      if ((s.flags & kShfAlloc) && (s.flags & kShfWrite)) {
        EXPECT_TRUE(s.addr + s.size <= p.origin || s.addr >= p.origin + p.bytes) << s.name << " overlaps pool " << i;
      }
    }
    for (size_t j = 0; j < i; ++j) {
      EXPECT_TRUE(fw.pools[j].origin + fw.pools[j].bytes <= p.origin || p.origin + p.bytes <= fw.pools[j].origin);
    }
  }
  // Everything in RAM: runtime + pools <= the chip's RAM.
  uint64_t pools = 0;
  for (auto& p : fw.pools) pools += p.bytes;
  EXPECT_LE(fw.runtime_ram + pools, d.total_ram());
  EXPECT_GT(fw.runtime_ram, 16u * 1024u);  // 16 KB RX ring + app state + stack, at least
}

INSTANTIATE_TEST_SUITE_P(Stm32, PortImage, ::testing::ValuesIn(kPorts),
                         [](const auto& i) { return std::string(i.param.board); });

// The Cortex-M4 of the H747 boots from bank 2's start (BOOT_CM4_ADD0 reset
// value): the image parks it there, and the plan starts after that sector.
TEST(PortImageH747, ParksTheCortexM4AtBank2) {
  HB_REQUIRE_CROSS();
  const board::ElfImage img = board::read_elf32((fw_dir() / "hb-fw-stm32h747.elf").string());
  auto it = std::find_if(img.sections.begin(), img.sections.end(), [](auto& s) { return s.name == ".cm4_park"; });
  ASSERT_NE(it, img.sections.end());
  EXPECT_EQ(it->addr, 0x08100000u);
  EXPECT_GE(it->size, 16u * 4u + 4u);  // 16 vectors + the loop
  EXPECT_EQ(board::find_board("h747").plan_address, 0x08120000u);
}

// arm-none-eabi-size, an independent reader, agrees on what the footprint
// calls runtime RAM and code flash.
TEST(PortImageSizes, AgreeWithArmNoneEabiSize) {
  HB_REQUIRE_CROSS();
  if (!have_program("arm-none-eabi-size")) GTEST_SKIP() << "arm-none-eabi-size not installed";
  for (const Port& p : kPorts) {
    const std::string elf = (fw_dir() / (std::string("hb-fw-") + p.port + ".elf")).string();
    const RunResult r = run_command({"arm-none-eabi-size", "-A", "-d", elf}, std::chrono::seconds(30));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::istringstream in(r.out);
    std::string name;
    uint64_t size = 0, addr = 0, code = 0, runtime = 0;
    std::string line;
    while (std::getline(in, line)) {
      std::istringstream l(line);
      if (!(l >> name >> size >> addr)) continue;
      // .dma_rx: the H747's USART RX DMA ring, in D2 SRAM (DMA1 cannot reach the DTCM).
      if (name == ".data" || name == ".bss" || name == ".stack" || name == ".dma_rx") runtime += size;
      if (name == ".isr_vector" || name == ".text" || name == ".rodata" || name == ".data" || name == ".ARM.exidx" ||
          name == ".cm4_park")
        code += size;
    }
    const board::Firmware fw = board::read_firmware(elf);
    EXPECT_EQ(fw.runtime_ram, runtime) << p.board;
    EXPECT_EQ(fw.code_flash, code) << p.board;
  }
}

TEST(ElfReader, RejectsWhatIsNotAnElf) {
  TempDir t;
  write_text(t.path() / "x.elf", "not an elf at all, but long enough to have a header............");
  EXPECT_NE(error_of([&] { board::read_elf32((t.path() / "x.elf").string()); }).find("not an ELF32"),
            std::string::npos);
  const std::string ok = tiny_elf(t.path() / "tiny.elf");
  const board::ElfImage img = board::read_elf32(ok);
  ASSERT_EQ(img.sections.size(), 1u);
  EXPECT_EQ(img.sections[0].name, ".shstrtab");
  // Truncated inside the section header table.
  const std::string full = read_text(ok);
  write_text(t.path() / "cut.elf", full.substr(0, full.size() - 20));
  EXPECT_NE(error_of([&] { board::read_elf32((t.path() / "cut.elf").string()); }).find("out of bounds"),
            std::string::npos);
  EXPECT_NE(error_of([&] { board::read_elf32((t.path() / "missing.elf").string()); }).find("cannot open"),
            std::string::npos);
}

}  // namespace
}  // namespace hb::boardtest
