// hb-fw-sim as a process: bad plans are served as "no model" (never a
// crash), oversized ones are refused, and SIGTERM ends it cleanly.
#include <unistd.h>

#include <algorithm>
#include <fstream>

#include <gtest/gtest.h>

#include "fw/sim_client.h"
#include "test_paths.h"

extern "C" {
#include "nn/engine.h"
}

namespace hb::fwtest {
namespace {

namespace fs = std::filesystem;

class FwSimProcess : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(fs::exists(sim_binary())) << sim_binary() << " not built"; }

  // Every LOG and ERROR text received so far (leaves other messages alone).
  static std::string texts(Sim& sim) {
    std::string all;
    for (auto& m : sim.inbox()) {
      if (m.type == HBP_MSG_LOG) {
        hbp_log l{};
        if (hbp_log_decode(m.payload.data(), m.payload.size(), &l) == HBP_OK) all += std::string(l.text) + "\n";
      } else if (m.type == HBP_MSG_ERROR) {
        hbp_error e{};
        if (hbp_error_decode(m.payload.data(), m.payload.size(), &e) == HBP_OK) all += std::string(e.text) + "\n";
      }
    }
    return all;
  }

  // A plan the engine rejects with `why`: INFO answers without a model, INFER
  // says NO_MODEL, and the reason reaches the host and the console.
  void expect_no_model(const std::string& plan, const std::string& why) {
    Sim sim(plan);
    ASSERT_TRUE(sim.ok());
    EXPECT_NE(sim.stderr_text().find("serving (none) on"), std::string::npos) << sim.stderr_text();
    EXPECT_NE(sim.stderr_text().find("no model: " + why), std::string::npos) << sim.stderr_text();
    auto info = sim.hello(21);
    ASSERT_TRUE(info);
    EXPECT_TRUE(std::all_of(info->plan_hash, info->plan_hash + 32, [](uint8_t b) { return b == 0; }));
    EXPECT_STREQ(info->model_name, "(none)");
    EXPECT_EQ(info->op_count, 0);
    sim.load(0, Bytes(3072, 5), 1000);  // accepted: the INFER is what reports
    sim.infer(0, 0, 1234);
    auto r = sim.result(1234);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->head.status, HBP_RS_NO_MODEL);
    EXPECT_EQ(r->head.tag, 1234u);
    EXPECT_TRUE(r->output.empty());
    EXPECT_NE(texts(sim).find("no model: " + why), std::string::npos) << texts(sim);
    // Still serving.
    sim.send(HBP_MSG_PING, {1, 0, 0, 0});
    EXPECT_TRUE(sim.wait_for(HBP_MSG_PONG));
  }

  TempDir dir_;
};

TEST_F(FwSimProcess, CorruptPlanIsServedAsNoModel) {
  HB_REQUIRE_SHARED();
  Bytes plan(resnet().plan.data(), resnet().plan.data() + resnet().plan.size());
  plan[plan.size() / 2] ^= 0x40;  // one bit in the CRC-covered body
  const auto path = dir_.path() / "corrupt.plan";
  write_bytes(path, plan.data(), plan.size());
  expect_no_model(path.string(), hb_status_str(HB_E_CRC));
}

TEST_F(FwSimProcess, NonPlanFileIsServedAsNoModel) {
  Bytes junk(4096);
  for (size_t i = 0; i < junk.size(); ++i) junk[i] = static_cast<uint8_t>(i * 13 + 1);
  const auto path = dir_.path() / "junk.plan";
  write_bytes(path, junk.data(), junk.size());
  expect_no_model(path.string(), hb_status_str(HB_E_MAGIC));
}

TEST_F(FwSimProcess, WithoutPlanServesNoModel) { expect_no_model("", "no model plan in the firmware"); }

TEST_F(FwSimProcess, OversizedPlanIsRefused) {
  const auto path = dir_.path() / "huge.plan";
  { std::ofstream(path).put('x'); }
  fs::resize_file(path, 64ull * 1024 * 1024 + 1);  // sparse: no real disk use
  auto r = hb::run_command({sim_binary(), "--plan", path.string(), "--pty-link", (dir_.path() / "tty").string()},
                           std::chrono::seconds(20));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("does not fit"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(fs::symlink_status(dir_.path() / "tty")));
}

TEST_F(FwSimProcess, MissingPlanFileIsAnError) {
  auto r = hb::run_command(
      {sim_binary(), "--plan", (dir_.path() / "nope.plan").string(), "--pty-link", (dir_.path() / "tty").string()},
      std::chrono::seconds(20));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("nope.plan"), std::string::npos) << r.err;
}

TEST_F(FwSimProcess, SigtermExitsZeroAndRemovesTheLink) {
  Sim sim("");
  ASSERT_TRUE(sim.ok());
  ASSERT_TRUE(fs::is_symlink(sim.link_path()));
  EXPECT_EQ(sim.process().stop(std::chrono::milliseconds(5000)), 0);
  EXPECT_FALSE(fs::exists(fs::symlink_status(sim.link_path())));
}

}  // namespace
}  // namespace hb::fwtest
