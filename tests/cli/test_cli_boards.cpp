// `hilbench boards`: every shipped descriptor, with what is present here.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/cli_util.h"
#include "common/subprocess.h"

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

}  // namespace
