// `hilbench boards`: every shipped descriptor, with what is present here.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "board/board_test_env.h"
#include "cli/cli_util.h"
#include "common/subprocess.h"
#include "temp_dir.h"

namespace {

TEST(CliBoards, ListsEveryDescriptorWithWhatIsPresent) {
  const auto r = hb::test::hilbench({"boards", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  std::set<std::string> names;
  for (const auto& b : j) {
    names.insert(b["name"].get<std::string>());
    EXPECT_FALSE(b["present"].get<std::string>().empty()) << b.dump();
    if (b["name"] == "sim") {
      const bool built = std::filesystem::exists(std::string(HB_TEST_BIN_DIR) + "/target-fw/hb-fw-sim");
      EXPECT_EQ(b["present"], built ? "built" : "NOT built (" + std::string(HB_TEST_BIN_DIR) + "/target-fw/hb-fw-sim)");
    }
    if (b["name"] == "qemu-m7") {
      EXPECT_EQ(b["present"],
                hb::have_program("qemu-system-arm") ? "qemu-system-arm installed" : "qemu-system-arm NOT installed");
      EXPECT_EQ(b["emulated"], true);
    }
    if (b["name"] == "h747") {
      EXPECT_EQ(b["emulated"], false);
      EXPECT_NE(b["present"].get<std::string>().find("serial port"), std::string::npos) << b.dump();
    }
  }
  for (const char* n : {"sim", "qemu-m7", "qemu-m33", "h747", "f769", "u585", "mp157", "mp157-qemu"})
    EXPECT_TRUE(names.count(n)) << n;
  const auto text = hb::test::hilbench({"boards"});
  ASSERT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("serial ports under /dev/serial/by-id:"), std::string::npos) << text.out;
}

// Lab instances: present when their own probe (by serial, from sysfs) and
// their own serial port exist; another probe or a missing port is named.
TEST(CliBoards, LabInstancesShowTheirOwnProbeAndPort) {
  hb::test::TempDir tmp;
  const auto dev = tmp / "sys/bus/usb/devices/1-2";
  std::filesystem::create_directories(dev);
  std::ofstream(dev / "idVendor") << "0483\n";
  std::ofstream(dev / "idProduct") << "374e\n";
  std::ofstream(dev / "serial") << "003F0042\n";
  const std::string port = tmp.file("ttyACM7");
  std::ofstream(port) << "";
  const std::string lab = tmp.file("lab.json");
  std::ofstream(lab)
      << nlohmann::json{{"instances",
                         {{{"name", "h747-a"}, {"board", "h747"}, {"probe_serial", "003F0042"}, {"serial", port}},
                          {{"name", "h747-b"},
                           {"board", "h747"},
                           {"probe_serial", "0048FFFF"},
                           {"serial", tmp.file("ttyACM9")}}}}}
             .dump();
  hb::test::ScopedEnv sys{"HILBENCH_SYSFS", tmp.file("sys")};
  hb::test::ScopedEnv locks{"HILBENCH_LOCK_DIR", tmp.file("locks")};
  const auto r = hb::test::hilbench({"boards", "--json", "--lab", lab, "--db", tmp.file("none.db")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::map<std::string, nlohmann::json> by_name;
  for (const auto& b : nlohmann::json::parse(r.out))
    if (b.value("instance", false)) by_name[b["name"]] = b;
  ASSERT_EQ(by_name.size(), 2u);
  const std::string a = by_name["h747-a"]["present"], b = by_name["h747-b"]["present"];
  EXPECT_NE(a.find(", 1 probe(s), 1 matching serial port(s)"), std::string::npos) << a;
  EXPECT_NE(b.find("probe 0048FFFF absent"), std::string::npos) << b;
  EXPECT_NE(b.find("no serial port matches " + tmp.file("ttyACM9")), std::string::npos) << b;
  EXPECT_EQ(by_name["h747-a"]["probe_serial"], "003F0042");
  EXPECT_TRUE(by_name["h747-a"]["exclusive"]);
  EXPECT_TRUE(by_name["h747-a"]["holder"].is_null());
  EXPECT_EQ(by_name["h747-a"]["health"], "no attempts recorded");
}

}  // namespace
