// A hostile QEMU guest cannot run host commands: a tiny Cortex-M7 program
// calls semihosting SYS_SYSTEM("touch FILE") under the options the qemu
// driver uses (flash::qemu_guest_limits) and FILE must not appear; the same
// guest without them does create it (so the test can fail).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/subprocess.h"
#include "flash/qemu_flasher.h"
#include "temp_dir.h"

namespace {

namespace fs = std::filesystem;

const char* kGuest = R"(#include <stdint.h>
static int semi(int op, const void* arg) {
  register int r0 __asm__("r0") = op;
  register const void* r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}
__attribute__((used)) const char cmd[] = "touch " TOUCH;
void reset(void) {
  unsigned n = 0;
  while (cmd[n]) ++n;
  uint32_t a[2] = {(uint32_t)cmd, n};
  semi(0x12, a); /* SYS_SYSTEM */
  uint32_t e[2] = {0x20026, 0};
  semi(0x20, e); /* SYS_EXIT */
  for (;;) {}
}
__attribute__((section(".vectors"), used)) const uint32_t vectors[2] = {0x20001000u, (uint32_t)reset + 1};
)";

TEST(QemuGuestLimits, GuestSysSystemCannotRunAHostCommand) {
  if (!hb::have_program("qemu-system-arm")) GTEST_SKIP() << "qemu-system-arm not installed";
  if (!hb::have_program("arm-none-eabi-gcc")) GTEST_SKIP() << "arm-none-eabi-gcc not installed";
  hb::test::TempDir t;
  const std::string file = (t.path() / "pwned").string();
  std::ofstream(t.path() / "guest.c") << kGuest;
  std::ofstream(t.path() / "guest.ld") << "SECTIONS { . = 0x0; .text : { KEEP(*(.vectors)) *(.text*) *(.rodata*) } }\n";
  const std::string elf = (t.path() / "guest.elf").string();
  auto cc = hb::run_command(
      {"arm-none-eabi-gcc", "-mcpu=cortex-m7", "-mthumb", "-O1", "-nostdlib", "-ffreestanding",
       "-DTOUCH=\"" + file + "\"", "-T", (t.path() / "guest.ld").string(), (t.path() / "guest.c").string(), "-o", elf},
      std::chrono::seconds(120));
  ASSERT_EQ(cc.exit_code, 0) << cc.err;

  std::vector<std::string> argv = {"qemu-system-arm"};
  const auto limits = hb::flash::qemu_guest_limits();
  argv.insert(argv.end(), limits.begin(), limits.end());
  for (const char* a : {"-M", "mps2-an500", "-display", "none", "-monitor", "none", "-nodefaults", "-kernel"})
    argv.push_back(a);
  argv.push_back(elf);
  auto r = hb::run_command(argv, std::chrono::seconds(60));
  EXPECT_FALSE(r.timed_out);
  EXPECT_FALSE(fs::exists(file)) << "guest SYS_SYSTEM ran on the host";
  EXPECT_NE(r.exit_code, 0) << "QEMU should die on the spawn attempt (seccomp)";

  // Control: plain native semihosting runs the command.
  r = hb::run_command({"qemu-system-arm", "-M", "mps2-an500", "-display", "none", "-monitor", "none", "-nodefaults",
                       "-semihosting-config", "enable=on,target=native", "-kernel", elf},
                      std::chrono::seconds(60));
  EXPECT_TRUE(fs::exists(file)) << r.err;
}

}  // namespace
