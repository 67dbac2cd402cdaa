// Footprint table and the "does it fit" check, on the real port images and
// the seed model (EfficientNet LC 224, from ../shared when present).
#include <nlohmann/json.hpp>

#include "board/descriptor.h"
#include "board/footprint.h"
#include "boards/boards_test_util.h"
#include "common/subprocess.h"
#include "flash/deployment.h"
#include "model/importer.h"

namespace hb::boardtest {
namespace {

const char* const kEffnet224 = "st_efficientnet_lc_v1_224_tfs_int8_flowers.tflite";

const model::Plan& effnet224() {
  static const model::Plan p = model::import_tflite(hb::test::shared_model(kEffnet224));
  return p;
}

#define HB_REQUIRE_EFFNET224()                                                                  \
  do {                                                                                          \
    if (hb::test::shared_model(kEffnet224).empty()) GTEST_SKIP() << "ST model zoo not present"; \
  } while (0)

TEST(Footprint, NumbersAreConsistentOnEveryMcuBoard) {
  HB_REQUIRE_CROSS();
  HB_REQUIRE_EFFNET224();
  const model::Plan& plan = effnet224();
  const board::ModelNeeds needs = board::model_needs(plan.blob, "effnet224");
  EXPECT_EQ(needs.arena_bytes, plan.stats.arena_bytes);
  EXPECT_EQ(needs.input_bytes, 224u * 224u * 3u);  // UINT8 [1,224,224,3]
  for (const char* b : {"h747", "f769", "u585"}) {
    SCOPED_TRACE(b);
    const board::Descriptor d = board::find_board(b);
    const board::Footprint f = board::footprint(d, needs);
    ASSERT_TRUE(f.have_firmware) << "no firmware ELF with pools for " << b;
    const board::Firmware fw = board::read_firmware(*board::firmware_elf(d));
    EXPECT_EQ(f.activation_ram, plan.stats.arena_bytes);  // == the plan's arena
    EXPECT_EQ(f.weights_flash, plan.blob.size());         // == the plan's size
    EXPECT_EQ(f.runtime_ram, fw.runtime_ram);
    EXPECT_EQ(f.code_flash, fw.code_flash);
    EXPECT_EQ(f.slot_ram, static_cast<uint64_t>(f.n_slots) * f.slot_bytes);
    EXPECT_EQ(f.total_ram(), f.activation_ram + f.runtime_ram + f.slot_ram);
    EXPECT_EQ(f.total_flash(), f.weights_flash + f.code_flash);
    EXPECT_LE(f.plan_region, d.plan_max_bytes);
    if (f.fits) {
      // What fits uses no more RAM than the chip has.
      EXPECT_LE(f.total_ram(), d.total_ram());
      EXPECT_GE(f.slot_bytes, needs.input_bytes);
      EXPECT_GE(f.n_slots, 1u);
    }
  }
}

// 401,424 B arena + 150,528 B input: AXI SRAM takes the arena on the H747
// and D2 SRAM (288 KB) one input slot; the U585's 768 KB take the arena and
// two slots; the F769's 512 KB cannot take arena and one slot.
TEST(Footprint, EfficientNet224FitsH747AndU585NotF769) {
  HB_REQUIRE_CROSS();
  HB_REQUIRE_EFFNET224();
  const board::ModelNeeds needs = board::model_needs(effnet224().blob, "effnet224");
  const auto h747 = board::footprint(board::find_board("h747"), needs);
  EXPECT_TRUE(h747.fits) << h747.why;
  EXPECT_EQ(h747.arena_in, "axi_sram");
  EXPECT_EQ(h747.slots_in, "sram123");
  EXPECT_EQ(h747.n_slots, 1u);
  const auto u585 = board::footprint(board::find_board("u585"), needs);
  EXPECT_TRUE(u585.fits) << u585.why;
  EXPECT_EQ(u585.n_slots, 2u);
  const auto f769 = board::footprint(board::find_board("f769"), needs);
  EXPECT_FALSE(f769.fits);
  EXPECT_NE(f769.why.find("401424"), std::string::npos) << f769.why;
  EXPECT_NE(f769.why.find("150528"), std::string::npos) << f769.why;
}

TEST(Footprint, TooBigIsRefusedWithTheNumbers) {
  HB_REQUIRE_CROSS();
  HB_REQUIRE_EFFNET224();
  const board::ModelNeeds needs = board::model_needs(effnet224().blob, "effnet224");
  const std::string msg = error_of([&] { board::check_fits(board::find_board("f769"), needs); });
  EXPECT_EQ(msg.rfind("board f769: model effnet224 does not fit: ", 0), 0u) << msg;
  EXPECT_NE(msg.find("551952"), std::string::npos) << msg;  // arena + one slot
  EXPECT_EQ(error_of([&] { board::check_fits(board::find_board("h747"), needs); }), "");
}

// deploy() refuses it before any tool runs: the "openocd" here would leave a mark.
TEST(Footprint, DeployRefusesBeforeFlashing) {
  HB_REQUIRE_CROSS();
  HB_REQUIRE_EFFNET224();
  TempDir t;
  board::Descriptor d = board::find_board("f769");
  d.flasher["program"] = script(t.path(), "openocd", "touch " + (t.path() / "ran").string());
  flash::DeployOptions o;
  o.work_dir = (t.path() / "work").string();
  const std::string msg = error_of([&] { flash::deploy(d, effnet224().blob, o); });
  EXPECT_NE(msg.find("does not fit"), std::string::npos) << msg;
  EXPECT_FALSE(fs::exists(t.path() / "ran"));
}

// Without a firmware ELF the descriptor's RAM regions stand in (an estimate).
TEST(Footprint, DescriptorEstimateWithoutFirmware) {
  board::Descriptor d = board::find_board("u585");
  d.name = "tiny";
  d.flasher["firmware"] = "/nonexistent/fw.elf";
  d.ram = {{"sram", 0x20000000, 64 * 1024}, {"sram2", 0x30000000, 16 * 1024}};
  board::ModelNeeds m{"m", 40 * 1024, 20 * 1024, 100 * 1024};
  board::Footprint f = board::footprint(d, m);
  EXPECT_FALSE(f.have_firmware);
  EXPECT_TRUE(f.fits) << f.why;  // arena 40K + one 20K slot in the 64K region
  EXPECT_EQ(f.arena_in, "sram");
  EXPECT_EQ(f.n_slots, 1u);
  EXPECT_EQ(f.runtime_ram, 0u);
  EXPECT_EQ(f.code_flash, 0u);
  m.input_bytes = 30 * 1024;  // 40K + 30K > 64K, and 30K > 16K
  f = board::footprint(d, m);
  EXPECT_FALSE(f.fits);
  EXPECT_NE(f.why.find("30720 B input slot"), std::string::npos) << f.why;
  m.arena_bytes = 100 * 1024;  // no region holds the arena
  f = board::footprint(d, m);
  EXPECT_NE(f.why.find("activation arena 102400 B does not fit"), std::string::npos) << f.why;
  m = {"m", 1024, 1024, d.plan_max_bytes + 1};
  f = board::footprint(d, m);
  EXPECT_NE(f.why.find("exceeds the " + std::to_string(d.plan_max_bytes) + " B plan flash region"), std::string::npos)
      << f.why;
}

TEST(FootprintCli, PrintsTheTable) {
  HB_REQUIRE_CROSS();
  HB_REQUIRE_EFFNET224();
  const std::string model = hb::test::shared_model(kEffnet224);
  RunResult r = run_command({HB_HILBENCH_EXE, "footprint", "--board", "h747,f769,u585", "--model", model},
                            std::chrono::seconds(120));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* row : {"Activation RAM", "Runtime RAM", "Weights Flash", "Code Flash", "Total RAM", "Total Flash"})
    EXPECT_NE(r.out.find(row), std::string::npos) << row << "\n" << r.out;
  EXPECT_NE(r.out.find("392.02"), std::string::npos) << r.out;  // 401,424 B arena in KiB
  EXPECT_NE(r.out.find("f769: does not fit"), std::string::npos) << r.out;

  r = run_command({HB_HILBENCH_EXE, "footprint", "--board", "h747,f769,u585", "--model", model, "--json"},
                  std::chrono::seconds(120));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 3u);
  EXPECT_EQ(j[0]["board"], "h747");
  EXPECT_TRUE(j[0]["fits"].get<bool>());
  EXPECT_FALSE(j[1]["fits"].get<bool>());
  EXPECT_TRUE(j[2]["fits"].get<bool>());
  for (auto& e : j) {
    EXPECT_EQ(e["total_ram"].get<uint64_t>(), e["activation_ram"].get<uint64_t>() + e["runtime_ram"].get<uint64_t>() +
                                                  e["input_slots_ram"].get<uint64_t>());
    EXPECT_EQ(e["total_flash"].get<uint64_t>(), e["weights_flash"].get<uint64_t>() + e["code_flash"].get<uint64_t>());
  }
}

}  // namespace
}  // namespace hb::boardtest
