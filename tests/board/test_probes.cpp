// ST-LINK discovery from sysfs, on a folder laid out like Linux's
// /sys/bus/usb/devices (one folder per device with idVendor, idProduct,
// serial files, as the kernel writes them: hex ids and a newline).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "board/probes.h"
#include "cli/cli_util.h"

namespace {

namespace fs = std::filesystem;

struct FakeSysfs {
  fs::path root = fs::temp_directory_path() / ("hb-sysfs-" + std::to_string(::getpid()));
  FakeSysfs() { fs::create_directories(root / "bus/usb/devices"); }
  ~FakeSysfs() { fs::remove_all(root); }
  void device(const std::string& name, const std::string& vid, const std::string& pid, const std::string& serial) {
    const fs::path d = root / "bus/usb/devices" / name;
    fs::create_directories(d);
    std::ofstream(d / "idVendor") << vid << "\n";
    std::ofstream(d / "idProduct") << pid << "\n";
    if (!serial.empty()) std::ofstream(d / "serial") << serial << "\n";
  }
};

TEST(Probes, FindsStLinksOnlyWithTheirSerials) {
  FakeSysfs sys;
  sys.device("1-2", "0483", "374e", "003A00253033510B37363934");  // STLINK-V3E (H747/U585 discovery kits)
  sys.device("1-3", "0483", "374b", "0672FF485550755187121514");  // ST-LINK/V2-1 (F769 discovery)
  sys.device("1-4", "0483", "5740", "STM32CDC");                  // an STM32 USB CDC device, not a probe
  sys.device("1-5", "1d6b", "0002", "");                          // a root hub
  sys.device("usb1", "1d6b", "0002", "0000:00:14.0");
  const auto p = hb::board::find_probes(sys.root.string());
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].model, "STLINK-V3");
  EXPECT_EQ(p[0].serial, "003A00253033510B37363934");
  EXPECT_EQ(p[0].usb, "1-2");
  EXPECT_EQ(p[1].model, "ST-LINK/V2-1");
  EXPECT_TRUE(hb::board::find_probes((sys.root / "absent").string()).empty());
}

TEST(Probes, BoardsCommandCountsEachBoardsProbe) {
  FakeSysfs sys;
  sys.device("1-2", "0483", "374e", "SN-A");
  ::setenv("HILBENCH_SYSFS", sys.root.c_str(), 1);
  const auto r = hb::test::hilbench({"boards"});
  ::unsetenv("HILBENCH_SYSFS");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("ST-LINK probes on USB: 1\n  STLINK-V3 serial SN-A (usb 1-2)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("openocd installed, 1 probe(s)"), std::string::npos) << r.out;
  const auto none = hb::test::hilbench({"boards"});  // this machine: no /sys/bus/usb devices of ST
  EXPECT_NE(none.out.find("ST-LINK probes on USB: "), std::string::npos) << none.out;
}

}  // namespace
