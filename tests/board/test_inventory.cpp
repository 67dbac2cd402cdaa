// Lab inventory: typed at load (errors name file and field), instance fields
// applied over the descriptor, `--board KIND` takes a free instance.
#include <gtest/gtest.h>

#include <fstream>

#include "board/inventory.h"
#include "board_test_env.h"
#include "common/error.h"
#include "temp_dir.h"

namespace {

using namespace std::chrono_literals;

class Inventory : public ::testing::Test {
 protected:
  void SetUp() override { hb::test::write_boards(tmp / "boards", {{"simx", {{"exclusive", true}}}}); }
  std::string write_lab(const nlohmann::json& j) {
    const std::string path = tmp.file("lab.json");
    std::ofstream(path) << j.dump(2);
    return path;
  }
  std::string error_of(const nlohmann::json& j) {
    try {
      hb::board::load_inventory(write_lab(j));
    } catch (const hb::Error& e) {
      return e.what();
    }
    return "no error";
  }
  hb::test::TempDir tmp;
  hb::test::ScopedEnv boards{"HILBENCH_BOARDS", tmp.file("boards")};
  hb::test::ScopedEnv locks{"HILBENCH_LOCK_DIR", tmp.file("locks")};
};

TEST_F(Inventory, ShippedExampleLoads) {
  hb::test::ScopedEnv shipped{"HILBENCH_BOARDS", std::string(HB_SOURCE_DIR) + "/boards"};
  const auto inv = hb::board::load_inventory(std::string(HB_SOURCE_DIR) + "/boards/lab/lab.example.json");
  ASSERT_GE(inv.instances.size(), 3u);
  EXPECT_EQ(inv.of_kind("h747").size(), 2u);
}

TEST_F(Inventory, InstanceFieldsOverrideTheDescriptor) {
  const std::string lab =
      write_lab({{"instances",
                  {{{"name", "h747-a"},
                    {"board", "h747"},
                    {"probe_serial", "003F0042"},
                    {"serial", "/dev/serial/by-id/usb-STLINK-V3_003F0042-if02"}},
                   {{"name", "h747-b"}, {"board", "h747"}, {"exclusive", false}},
                   {{"name", "mp157-x"}, {"board", "mp157"}, {"tcp", {{"host", "127.0.0.1"}, {"port", 6000}}}}}}});
  const auto a = hb::board::resolve_target("h747-a", lab);
  ASSERT_EQ(a.candidates.size(), 1u);
  const auto& d = a.candidates[0];
  EXPECT_EQ(d.name, "h747");
  EXPECT_EQ(d.instance, "h747-a");
  EXPECT_EQ(d.flasher["probe_serial"], "003F0042");
  EXPECT_EQ(d.link["kind"], "serial");
  EXPECT_EQ(d.link["device"], "/dev/serial/by-id/usb-STLINK-V3_003F0042-if02");
  EXPECT_EQ(d.link["baud"], 921600);  // the descriptor's
  EXPECT_TRUE(d.exclusive);
  const auto kind = hb::board::resolve_target("h747", lab);
  ASSERT_EQ(kind.candidates.size(), 2u);
  EXPECT_FALSE(kind.candidates[1].exclusive);
  const auto m = hb::board::resolve_target("mp157-x", lab);
  EXPECT_EQ(m.candidates[0].link["kind"], "tcp");
  EXPECT_EQ(m.candidates[0].link["port"], 6000);
  EXPECT_EQ(m.candidates[0].flasher["host"], "root@127.0.0.1") << "ssh goes to the instance's host";
  // A kind without instances is the descriptor itself.
  const auto sim = hb::board::resolve_target("sim", lab);
  ASSERT_EQ(sim.candidates.size(), 1u);
  EXPECT_EQ(sim.candidates[0].instance, "sim");
  EXPECT_FALSE(sim.candidates[0].exclusive) << "emulated boards are shared by default";
}

TEST_F(Inventory, ErrorsNameFileAndField) {
  const std::string f = tmp.file("lab.json");
  EXPECT_EQ(error_of({{"instances", {{{"board", "h747"}}}}}), f + ": field 'instances[0].name': missing");
  EXPECT_EQ(error_of({{"instances", {{{"name", "a"}, {"board", "nope"}}}}}),
            f + ": field 'instances[0].board': unknown board 'nope' (not in " + tmp.file("boards") + ")");
  EXPECT_EQ(error_of({{"instances", {{{"name", "a"}, {"board", "h747"}}, {{"name", "a"}, {"board", "f769"}}}}}),
            f + ": field 'instances[1].name': 'a' is listed twice");
  EXPECT_EQ(error_of({{"instances", {{{"name", "h747"}, {"board", "h747"}}}}}),
            f + ": field 'instances[0].name': 'h747' is a board kind; give the instance a name of its own");
  EXPECT_EQ(error_of({{"instances", {{{"name", "a"}, {"board", "h747"}, {"tcp", {{"host", "x"}, {"port", 0}}}}}}}),
            f + ": field 'instances[0].tcp.port': expected a port number 1..65535");
  EXPECT_EQ(
      error_of({{"instances", {{{"name", "a"}, {"board", "sim"}, {"serial", "/dev/ttyACM0"}}}}}),
      f + ": field 'instances[0].serial': board sim is started by its flasher ('exec'), which makes its own link");
  EXPECT_EQ(error_of({{"instances", {{{"name", "a"}, {"board", "qemu-m7"}, {"probe_serial", "1"}}}}}),
            f + ": field 'instances[0].probe_serial': board qemu-m7 flashes with 'qemu', which takes no probe serial");
  EXPECT_EQ(error_of({{"instances", {{{"name", "a"}, {"board", "h747"}, {"exclusiv", true}}}}}),
            f + ": field 'instances[0].exclusiv': unknown field");
  EXPECT_EQ(error_of({{"instances", {{{"name", "a"}, {"board", "h747"}, {"exclusive", "yes"}}}}}),
            f + ": field 'instances[0].exclusive': expected true or false");
  EXPECT_EQ(error_of({{"boards", nlohmann::json::array()}}), f + ": field 'boards': unknown field");
}

TEST_F(Inventory, KindTakesAFreeInstanceAndSkipsSuspects) {
  const std::string lab =
      write_lab({{"instances", {{{"name", "simx-1"}, {"board", "simx"}}, {{"name", "simx-2"}, {"board", "simx"}}}}});
  const auto t = hb::board::resolve_target("simx", lab);
  auto first = hb::board::claim(t, "run", 0s);
  EXPECT_EQ(first.board.instance, "simx-1");
  EXPECT_TRUE(first.lock.held());
  auto second = hb::board::claim(t, "run", 0s);
  EXPECT_EQ(second.board.instance, "simx-2");
  try {
    hb::board::claim(t, "run", 0s);
    FAIL() << "both instances are held";
  } catch (const hb::Error& e) {
    EXPECT_NE(std::string(e.what()).find("every instance is locked"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("simx-1.lock held by pid"), std::string::npos) << e.what();
  }
  first = {};
  EXPECT_EQ(hb::board::claim(t, "run", 0s, {"simx-2"}).board.instance, "simx-1");
  try {
    hb::board::claim(t, "run", 0s, {"simx-1", "simx-2"});
    FAIL() << "every instance skipped";
  } catch (const hb::Error& e) {
    EXPECT_EQ(std::string(e.what()), "board simx: every instance is skipped (suspect)");
  }
}

}  // namespace
