// The sim board's protocol server, session level: HELLO/INFO, PING/PONG,
// resynchronisation after garbage, request errors, RESET.
#include <unistd.h>

#include <cstring>
#include <thread>

#include <gtest/gtest.h>

#include "common/sha256.h"
#include "fw/sim_client.h"
#include "model/host_engine.h"
#include "test_paths.h"

extern "C" {
#include "nn/plan_format.h"
}

namespace hb::fwtest {
namespace {

namespace fs = std::filesystem;

class FwSimSession : public ::testing::Test {
 protected:
  void SetUp() override {
    HB_REQUIRE_SHARED();
    ASSERT_TRUE(fs::exists(sim_binary())) << sim_binary() << " not built";
    plan_path_ = (dir_.path() / "resnet.plan").string();
    write_bytes(plan_path_, resnet().plan.data(), resnet().plan.size());
  }
  const hb_plan_header& header() const { return *reinterpret_cast<const hb_plan_header*>(resnet().plan.data()); }

  Bytes encode_ping(uint32_t token, const Bytes& data) {
    hbp_ping p{token, data.data(), static_cast<uint16_t>(data.size())};
    Bytes b(HBP_PAYLOAD_MAX);
    size_t n = 0;
    EXPECT_EQ(hbp_ping_encode(&p, b.data(), b.size(), &n), HBP_OK);
    b.resize(n);
    return b;
  }
  std::optional<hbp_pong> ping(Sim& sim, uint32_t token, const Bytes& data, Bytes* echoed = nullptr) {
    sim.send(HBP_MSG_PING, encode_ping(token, data));
    auto m = sim.wait_for(HBP_MSG_PONG);
    if (!m) return std::nullopt;
    hbp_pong p{};
    EXPECT_EQ(hbp_pong_decode(m->payload.data(), m->payload.size(), &p), HBP_OK);
    if (echoed) echoed->assign(p.data, p.data + p.len);
    return p;
  }

  TempDir dir_;
  std::string plan_path_;
};

TEST_F(FwSimSession, InfoDescribesBoardTimerAndPlan) {
  Sim sim(plan_path_, {"--board-id", "bench-sim-7"});
  ASSERT_TRUE(sim.ok());
  auto info = sim.hello(0xC0DE1234u, 4, 700);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->session, 0xC0DE1234u);
  EXPECT_EQ(info->version, HBP_VERSION);
  EXPECT_GE(info->window, 1);
  EXPECT_LE(info->window, HBP_WINDOW_LIMIT);
  EXPECT_GE(info->max_payload, HBP_PAYLOAD_MIN);
  EXPECT_GE(info->n_slots, 2);
  EXPECT_EQ(info->timer_source, HBP_TIMER_CLOCK_NS);
  EXPECT_EQ(info->timer_hz, 1000000000u);
  EXPECT_STREQ(info->timer_unit, "ns");
  EXPECT_EQ(info->rx_policy, HBP_RXP_HELD_OFF);
  EXPECT_TRUE(info->caps & HBP_CAP_PER_OP_TIMING);
  EXPECT_EQ(info->cpuid, 0u);
  EXPECT_STREQ(info->board, "bench-sim-7");
  EXPECT_EQ(std::string(info->fw_build).rfind("hb-fw ", 0), 0u) << info->fw_build;

  // The plan hash identifies the source model: sha256 of the .tflite file.
  EXPECT_EQ(hb::to_hex(std::span<const uint8_t>(info->plan_hash, 32)), hb::sha256_file_hex(resnet().tflite));
  EXPECT_STREQ(info->model_name, "pretrainedResnet_quant");
  EXPECT_EQ(info->op_count, header().n_ops);
  EXPECT_GT(info->op_count, 0);
  EXPECT_GE(info->arena_bytes, header().arena_bytes);

  // ResNet-8 (CIFAR-10): int8 [1,32,32,3] scale 1.0 zp -128 in, int8 [1,10] out.
  EXPECT_EQ(info->input.dtype, HBP_DT_INT8);
  ASSERT_EQ(info->input.ndim, 4);
  EXPECT_EQ(info->input.dims[0], 1u);
  EXPECT_EQ(info->input.dims[1], 32u);
  EXPECT_EQ(info->input.dims[2], 32u);
  EXPECT_EQ(info->input.dims[3], 3u);
  EXPECT_FLOAT_EQ(info->input.scale, 1.0f);
  EXPECT_EQ(info->input.zero_point, -128);
  EXPECT_EQ(hbp_tensor_bytes(&info->input), 3072u);
  EXPECT_EQ(info->output.dtype, HBP_DT_INT8);
  ASSERT_EQ(info->output.ndim, 2);
  EXPECT_EQ(info->output.dims[0], 1u);
  EXPECT_EQ(info->output.dims[1], 10u);
  hb::model::HostEngine eng(resnet().plan);
  EXPECT_EQ(info->output.scale, eng.output().scale);
  EXPECT_EQ(info->output.zero_point, eng.output().zero_point);

  // The console line names the model and the pty the link points at.
  const std::string slave = fs::read_symlink(sim.link_path()).string();
  EXPECT_EQ(slave.rfind("/dev/pts/", 0), 0u) << slave;
  EXPECT_NE(sim.stderr_text().find("hb-fw-sim: serving pretrainedResnet_quant on " + slave + "\n"), std::string::npos)
      << sim.stderr_text();
}

TEST_F(FwSimSession, StartupLogIsSentBeforeAnySession) {
  Sim sim(plan_path_);
  ASSERT_TRUE(sim.ok());
  auto m = sim.wait_for(HBP_MSG_LOG);
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->flags & HBP_FLAG_UNSEQ);  // nobody to ACK it yet
  hbp_log l{};
  ASSERT_EQ(hbp_log_decode(m->payload.data(), m->payload.size(), &l), HBP_OK);
  EXPECT_EQ(l.level, HBP_LOG_INFO);
  EXPECT_NE(std::string(l.text).find("pretrainedResnet_quant"), std::string::npos) << l.text;
}

TEST_F(FwSimSession, PingEchoesTokenAndDataWithAdvancingTimer) {
  Sim sim(plan_path_);
  ASSERT_TRUE(sim.ok());
  ASSERT_TRUE(sim.hello(1));
  Bytes data;
  for (int i = 0; i < 300; ++i) data.push_back(static_cast<uint8_t>(i * 7));  // zeros included
  Bytes echoed;
  auto p1 = ping(sim, 0xA5A5F00Du, data, &echoed);
  ASSERT_TRUE(p1);
  EXPECT_EQ(p1->token, 0xA5A5F00Du);
  EXPECT_EQ(echoed, data);
  const auto t0 = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto p2 = ping(sim, 2, {});
  const auto wall_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0);
  ASSERT_TRUE(p2);
  EXPECT_EQ(p2->token, 2u);
  // The timer counts ns: two PONGs 100 ms apart are ~1e8 ticks apart.
  ASSERT_GT(p2->timer_ticks, p1->timer_ticks);
  const uint64_t d = p2->timer_ticks - p1->timer_ticks;
  EXPECT_GE(d, 90'000'000u);
  EXPECT_LE(d, static_cast<uint64_t>(wall_ns.count()) + 50'000'000u);
}

TEST_F(FwSimSession, GarbageBeforeFramesIsSkipped) {
  Sim sim(plan_path_);
  ASSERT_TRUE(sim.ok());
  Bytes junk;
  for (int i = 0; i < 700; ++i) junk.push_back(static_cast<uint8_t>((i * 131 + 17) % 251));  // has zeros
  junk.insert(junk.end(), {0x12, 0x34, 0x56});                                               // unterminated
  sim.write_raw(junk);
  ASSERT_TRUE(sim.hello(7));
  // Mid-session noise: the next frame still gets through.
  sim.write_raw(junk);
  auto p = ping(sim, 99, {1, 2, 3});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->token, 99u);
}

TEST_F(FwSimSession, BadRequestsGetErrorsOrErrorResults) {
  Sim sim(plan_path_);
  ASSERT_TRUE(sim.ok());
  auto info = sim.hello(3);
  ASSERT_TRUE(info);
  const Bytes input(3072, 0x11);

  sim.load(info->n_slots, Bytes(10, 1), 10);  // slot out of range
  auto e = sim.error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, HBP_EC_BAD_SLOT);
  EXPECT_EQ(e->ref_type, HBP_MSG_LOAD);

  sim.load(0, Bytes(200, 1), 100, 100);  // starts at 100 on an empty slot
  e = sim.error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, HBP_EC_BAD_OFFSET);
  EXPECT_NE(std::string(e->text).find("100"), std::string::npos) << e->text;

  sim.load(0, Bytes(3100, 1), 1000);  // last chunk runs past 3072
  e = sim.error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, HBP_EC_BAD_OFFSET);

  sim.send(HBP_MSG_LOAD, {0, 0, 0});  // shorter than slot + offset
  e = sim.error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, HBP_EC_MALFORMED);

  sim.send(0x42, {1, 2});
  e = sim.error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, HBP_EC_UNKNOWN_TYPE);
  EXPECT_EQ(e->ref_type, 0x42);
  sim.send(HBP_MSG_RESULT, {});  // a device->host message sent to the device
  e = sim.error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, HBP_EC_UNKNOWN_TYPE);

  // Slot 0 holds 3000 of 3072 bytes (the refused chunk was not stored).
  sim.infer(0, 0, 10);
  auto r = sim.result(10);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->head.status, HBP_RS_SLOT_INCOMPLETE);
  EXPECT_EQ(r->head.output_bytes, 0u);

  sim.infer(info->n_slots, 0, 11);
  r = sim.result(11);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->head.status, HBP_RS_BAD_SLOT);

  sim.load(0, input, 1000);
  sim.infer(0, 0x80, 12);  // unknown flag
  r = sim.result(12);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->head.status, HBP_RS_UNSUPPORTED);

  sim.send(HBP_MSG_INFER, {0, 0});  // truncated INFER: no tag to answer with
  e = sim.error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, HBP_EC_MALFORMED);
  EXPECT_EQ(e->ref_type, HBP_MSG_INFER);

  // After all that the slot (now complete) still runs.
  sim.infer(0, 0, 13);
  r = sim.result(13);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->head.status, HBP_RS_OK);
  EXPECT_EQ(r->output.size(), 10u);
}

TEST_F(FwSimSession, LoadBeforeHelloIsRefused) {
  Sim sim(plan_path_);
  ASSERT_TRUE(sim.ok());
  sim.load(0, Bytes(16, 1), 16);  // first frame carries SYN, so the link delivers it
  auto e = sim.error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, HBP_EC_STATE);
}

TEST_F(FwSimSession, SoftResetForgetsSlots) {
  Sim sim(plan_path_);
  ASSERT_TRUE(sim.ok());
  ASSERT_TRUE(sim.hello(4));
  sim.load(0, Bytes(3072, 3), 1000);
  sim.infer(0, 0, 1);
  auto r = sim.result(1);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->head.status, HBP_RS_OK);
  sim.send(HBP_MSG_RESET, {HBP_RESET_SOFT});
  sim.infer(0, 0, 2);
  r = sim.result(2);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->head.status, HBP_RS_SLOT_INCOMPLETE);
}

TEST_F(FwSimSession, RebootDropsTheSessionUntilTheNextHello) {
  Sim sim(plan_path_);
  ASSERT_TRUE(sim.ok());
  ASSERT_TRUE(sim.hello(5));
  sim.load(0, Bytes(3072, 3), 1000);
  sim.send(HBP_MSG_RESET, {HBP_RESET_REBOOT});
  // Wait for the RESET's ACK (window empty), then talk: the rebooted device
  // has no session and says so.
  for (int i = 0; i < 100 && sim.link().tx.count; ++i) sim.pump(std::chrono::milliseconds(10));
  ASSERT_EQ(sim.link().tx.count, 0);
  sim.send(HBP_MSG_PING, encode_ping(1, {}));
  for (int i = 0; i < 200 && !sim.peer_unsynced(); ++i) sim.pump(std::chrono::milliseconds(10));
  EXPECT_TRUE(sim.peer_unsynced());
  auto info = sim.hello(6);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->session, 6u);
  sim.infer(0, 0, 3);  // slots did not survive the reboot
  auto r = sim.result(3);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->head.status, HBP_RS_SLOT_INCOMPLETE);
}

}  // namespace
}  // namespace hb::fwtest
