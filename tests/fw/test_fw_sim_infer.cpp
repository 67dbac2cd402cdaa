// The sim board runs the model: inputs LOADed over the pty in chunks, INFER,
// RESULT reassembled from frames, compared with TFLite Micro's golden outputs
// and with the host engine on the same input.
#include <numeric>
#include <thread>

#include <gtest/gtest.h>

#include "fw/sim_client.h"
#include "model/host_engine.h"
#include "model/importer.h"
#include "test_paths.h"

namespace hb::fwtest {
namespace {

namespace fs = std::filesystem;

Bytes golden_input(const std::string& file) {
  return read_bytes(hb::test::shared_dir() / "golden" / "pretrainedResnet_quant" / file);
}

Bytes as_bytes(const std::vector<int8_t>& v) { return Bytes(v.begin(), v.end()); }

class FwSimInfer : public ::testing::Test {
 protected:
  void SetUp() override {
    HB_REQUIRE_SHARED();
    ASSERT_TRUE(fs::exists(sim_binary())) << sim_binary() << " not built";
    plan_path_ = (dir_.path() / "resnet.plan").string();
    write_bytes(plan_path_, resnet().plan.data(), resnet().plan.size());
  }
  Bytes host_output(const Bytes& input) {
    hb::model::HostEngine eng(resnet().plan);
    return eng.run(input);
  }

  TempDir dir_;
  std::string plan_path_;
};

TEST_F(FwSimInfer, GoldenInputGivesGoldenOutput) {
  Sim sim(plan_path_);
  ASSERT_TRUE(sim.ok());
  ASSERT_TRUE(sim.hello(11));
  const Bytes input = golden_input("random0.bin");
  ASSERT_EQ(input.size(), 3072u);
  sim.load(0, input, 500);  // 7 chunks, the last one short
  sim.infer(0, 0, 0xDEADBEEFu);
  auto r = sim.result(0xDEADBEEFu);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->head.status, HBP_RS_OK);
  EXPECT_EQ(r->head.slot, 0);
  EXPECT_EQ(r->head.flags, 0);
  EXPECT_EQ(r->head.op_count, 0);
  EXPECT_GT(r->head.ticks, 0u);
  EXPECT_LT(r->head.ticks, 10'000'000'000ull);  // ns: under 10 s
  EXPECT_EQ(r->head.rx_bytes, 0u);              // the host was silent during the run
  const auto golden = golden_output("random0.bin");
  ASSERT_EQ(golden.size(), 10u);
  EXPECT_EQ(r->output, as_bytes(golden));
  EXPECT_EQ(r->output, host_output(input));
}

TEST_F(FwSimInfer, PerOpTicksWhenAsked) {
  Sim sim(plan_path_);
  ASSERT_TRUE(sim.ok());
  auto info = sim.hello(12);
  ASSERT_TRUE(info);
  const Bytes input = golden_input("random3.bin");
  sim.load(0, input, 1000);
  sim.infer(0, HBP_INFER_PER_OP, 5);
  auto r = sim.result(5);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->head.status, HBP_RS_OK);
  EXPECT_TRUE(r->head.flags & HBP_RF_PER_OP);
  ASSERT_EQ(r->head.op_count, info->op_count);
  ASSERT_EQ(r->op_ticks.size(), info->op_count);
  const uint64_t sum = std::accumulate(r->op_ticks.begin(), r->op_ticks.end(), uint64_t{0});
  EXPECT_GT(sum, 0u);
  EXPECT_LE(sum, r->head.ticks);  // per-op regions lie inside the timed region
  EXPECT_EQ(r->output, as_bytes(golden_output("random3.bin")));

  // Timing-only run: no output bytes, still timed.
  sim.infer(0, HBP_INFER_NO_OUTPUT, 6);
  r = sim.result(6);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->head.status, HBP_RS_OK);
  EXPECT_EQ(r->head.output_bytes, 0u);
  EXPECT_EQ(r->head.op_count, 0);
  EXPECT_GT(r->head.ticks, 0u);
}

TEST_F(FwSimInfer, TwoSlotsPipelined) {
  Sim sim(plan_path_);
  ASSERT_TRUE(sim.ok());
  auto info = sim.hello(13);
  ASSERT_TRUE(info);
  ASSERT_GE(info->n_slots, 2);
  const Bytes in0 = golden_input("random0.bin"), in1 = golden_input("random1.bin"), in2 = golden_input("random2.bin");
  // Both slots filled, both INFERs sent back to back before any RESULT.
  sim.load(0, in0, 1000);
  sim.load(1, in1, 1000);
  sim.infer(0, 0, 100);
  sim.infer(1, HBP_INFER_PER_OP, 101);
  // Slot 0 is refilled once its RESULT is in, while slot 1 may still run.
  auto r0 = sim.result(100);
  ASSERT_TRUE(r0);
  sim.load(0, in2, 1000);
  sim.infer(0, 0, 102);
  auto r1 = sim.result(101);
  auto r2 = sim.result(102);
  ASSERT_TRUE(r1);
  ASSERT_TRUE(r2);
  EXPECT_EQ(r0->head.slot, 0);
  EXPECT_EQ(r1->head.slot, 1);
  EXPECT_EQ(r2->head.slot, 0);
  EXPECT_EQ(r0->output, as_bytes(golden_output("random0.bin")));
  EXPECT_EQ(r1->output, as_bytes(golden_output("random1.bin")));
  EXPECT_EQ(r2->output, as_bytes(golden_output("random2.bin")));
  EXPECT_EQ(r1->op_ticks.size(), info->op_count);
}

// A result larger than one frame (float output + per-op ticks of a deep
// model) through a window of one frame and the smallest payload limit:
// RESULT + RESULT_CHUNKs, each waiting for the previous ACK.
TEST_F(FwSimInfer, ResultSpanningFramesThroughWindowOfOne) {
  const std::string model = hb::test::shared_model("st_efficientnet_lc_v1_128_tfs_int8_food-101.tflite");
  if (model.empty()) GTEST_SKIP() << "ST model zoo not present";
  const auto plan = hb::model::import_tflite(model).blob;
  const std::string path = (dir_.path() / "effnet.plan").string();
  write_bytes(path, plan.data(), plan.size());
  Sim sim(path);
  ASSERT_TRUE(sim.ok());
  auto info = sim.hello(14, 1, HBP_PAYLOAD_MIN);
  ASSERT_TRUE(info);
  const uint32_t in_bytes = hbp_tensor_bytes(&info->input);
  Bytes input(in_bytes);
  for (size_t i = 0; i < input.size(); ++i) input[i] = static_cast<uint8_t>(i * 37 + (i >> 7));
  sim.load(0, input, HBP_PAYLOAD_MIN - HBP_LOAD_FIXED);
  sim.infer(0, HBP_INFER_PER_OP, 77);
  auto r = sim.result(77, std::chrono::seconds(60));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->head.status, HBP_RS_OK);
  EXPECT_GT(r->output.size() + 4u * r->op_ticks.size(), 2u * HBP_PAYLOAD_MIN);  // really several frames
  EXPECT_EQ(r->op_ticks.size(), info->op_count);
  hb::model::HostEngine eng(plan);
  EXPECT_EQ(r->output, eng.run(input));
}

// Bytes the host sends while the model runs are only buffered: they are
// counted in RESULT.rx_bytes and parsed after the timed region, so their
// answer (PONG) comes after the RESULT. Which attempt lands inside the run
// depends on scheduling, so a few are made; each one must be consistent.
TEST_F(FwSimInfer, BytesArrivingDuringTheRunWaitUntilItEnds) {
  const std::string model = hb::test::shared_model("pretrainedResnet_large_int8.tflite");
  ASSERT_FALSE(model.empty());
  const auto plan = hb::model::import_tflite(model).blob;
  const std::string path = (dir_.path() / "resnet_large.plan").string();
  write_bytes(path, plan.data(), plan.size());
  Sim sim(path);
  ASSERT_TRUE(sim.ok());
  auto info = sim.hello(15);
  ASSERT_TRUE(info);
  Bytes input(hbp_tensor_bytes(&info->input));
  for (size_t i = 0; i < input.size(); ++i) input[i] = static_cast<uint8_t>(i * 7);
  sim.load(0, input, 1000);
  sim.infer(0, 0, 1);  // calibration: how long one run takes
  auto cal = sim.result(1);
  ASSERT_TRUE(cal);
  ASSERT_EQ(cal->head.status, HBP_RS_OK);
  EXPECT_EQ(cal->head.rx_bytes, 0u);
  const auto run = std::chrono::nanoseconds(cal->head.ticks);
  if (run < std::chrono::milliseconds(6)) GTEST_SKIP() << "runs too short to aim inside: " << run.count() << " ns";

  // An unsequenced PING: no ACK, so these are the only bytes we send.
  const Bytes ping = {0x78, 0x56, 0x34, 0x12};
  hbp_header h{HBP_VERSION, HBP_MSG_PING, HBP_FLAG_UNSEQ, 0, static_cast<uint16_t>(ping.size())};
  Bytes wire(HBP_WIRE_MAX);
  size_t wire_len = 0;
  ASSERT_EQ(hbp_frame_encode(&h, ping.data(), wire.data(), wire.size(), &wire_len), HBP_OK);
  wire.resize(wire_len);

  int inside = 0;
  for (uint32_t tag = 2; tag < 8 && inside == 0; ++tag) {
    sim.infer(0, 0, tag);
    std::this_thread::sleep_for(run / 3);
    sim.write_raw(wire);
    auto r = sim.result(tag);
    ASSERT_TRUE(r);
    auto pong = sim.wait_for(HBP_MSG_PONG);
    ASSERT_TRUE(pong);
    if (r->head.rx_bytes == 0) continue;  // landed before or after the run
    ++inside;
    EXPECT_EQ(r->head.rx_bytes, wire.size());
    EXPECT_GT(pong->order, r->order) << "PING parsed before the RESULT of the run it arrived during";
    EXPECT_EQ(r->head.flags & HBP_RF_RX_OVERFLOW, 0);
    EXPECT_EQ(r->output, cal->output);
  }
  EXPECT_GT(inside, 0) << "no PING landed inside a " << run.count() << " ns run";
}

}  // namespace
}  // namespace hb::fwtest
