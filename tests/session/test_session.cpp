// Session against the fake device on a real pty: handshake, the pipelined
// stream, device ERROR/LOG, timeouts, PING/RESET, TCP.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <thread>

extern "C" {
#include "codec/frame.h"
}

#include <cstring>

#include "link/tcp_transport.h"
#include "model/host_engine.h"
#include "session/session_rig.h"

using hb::session::Result;
using hb::session::Session;
using hb::sessiontest::error_of;
using hb::sessiontest::FakeDeviceConfig;
using hb::sessiontest::PtyRig;
using hb::sessiontest::sample_input;
using namespace std::chrono_literals;

namespace {

TEST(Session, HelloReturnsEveryInfoField) {
  HB_REQUIRE_RESNET_PLAN(plan);
  FakeDeviceConfig cfg;
  cfg.board = "fake-h7";
  cfg.n_slots = 3;
  cfg.window = 5;
  cfg.max_payload = 600;
  PtyRig rig(*plan, cfg);
  hb::model::HostEngine eng(*plan);
  const hb::session::Info info = rig.session.hello();
  EXPECT_TRUE(rig.session.open());
  EXPECT_EQ(info.version, HBP_VERSION);
  EXPECT_EQ(info.window, 5);
  EXPECT_EQ(info.max_payload, 600);
  EXPECT_EQ(info.n_slots, 3);
  EXPECT_EQ(info.timer_source, HBP_TIMER_CLOCK_NS);
  EXPECT_STREQ(hb::session::timer_source_name(info.timer_source), "clock-ns");
  EXPECT_EQ(info.rx_policy, HBP_RXP_HELD_OFF);
  EXPECT_TRUE(info.has_per_op_timing());
  EXPECT_EQ(info.timer_hz, 1000000000u);
  EXPECT_EQ(info.arena_bytes, eng.plan().hdr->arena_bytes);
  EXPECT_EQ(info.op_count, eng.plan().hdr->n_ops);
  EXPECT_EQ(0, std::memcmp(info.plan_hash.data(), eng.plan().hdr->model_sha256, 32));  // the source model's
  EXPECT_EQ(info.input.dtype, HBP_DT_INT8);
  EXPECT_EQ(info.input.dims, (std::vector<uint32_t>{1, 32, 32, 3}));
  EXPECT_EQ(info.input.bytes, 3072u);
  EXPECT_EQ(info.input.zero_point, eng.input().zero_point);
  EXPECT_FLOAT_EQ(info.input.scale, eng.input().scale);
  EXPECT_EQ(info.output.bytes, eng.output().bytes);
  EXPECT_EQ(info.output.dims.back(), 10u);
  EXPECT_EQ(info.board, "fake-h7");
  EXPECT_EQ(info.model_name, std::string(eng.plan().hdr->name));
  EXPECT_EQ(info.timer_unit, "ns");
  EXPECT_EQ(info.fw_build, "fake-device (tests/session)");
  EXPECT_EQ(rig.session.info().session, info.session);
  EXPECT_EQ(rig.device.stats().hellos, 1);
  // A second HELLO opens a new session on the same link.
  EXPECT_NE(rig.session.hello().session, info.session);
  EXPECT_EQ(rig.device.stats().hellos, 2);
}

TEST(Session, StreamsTwentySamplesPipelinedInTwoSlots) {
  HB_REQUIRE_RESNET_PLAN(plan);
  PtyRig rig(*plan);
  hb::model::HostEngine eng(*plan);
  const auto info = rig.session.hello();
  ASSERT_EQ(info.n_slots, 2);

  std::vector<std::string> events;  // the order the session called us in
  std::map<uint32_t, Result> results;
  hb::session::StreamOptions so;
  so.per_op = true;
  rig.session.stream(
      20,
      [&](size_t i) {
        events.push_back("in" + std::to_string(i));
        return sample_input(i, info.input.bytes);
      },
      [&](Result&& r) {
        events.push_back("out" + std::to_string(r.tag));
        EXPECT_EQ(results.count(r.tag), 0u) << "sample " << r.tag << " delivered twice";
        results[r.tag] = std::move(r);
      },
      so);
  ASSERT_EQ(results.size(), 20u);
  for (uint32_t i = 0; i < 20; ++i) {
    const Result& r = results.at(i);
    EXPECT_TRUE(r.ok()) << "sample " << i << " status " << r.status;
    EXPECT_EQ(r.output, eng.run(sample_input(i, info.input.bytes))) << "sample " << i;
    EXPECT_EQ(r.op_ticks.size(), info.op_count);
    EXPECT_GT(r.ticks, 0u);
    EXPECT_EQ(r.flags & HBP_RF_PER_OP, HBP_RF_PER_OP);
  }
  // Pipelining: sample i+1 is loaded before sample i's result is in; with two
  // slots, sample i+2 only after it (its slot is sample i's).
  auto pos = [&](const std::string& e) { return std::find(events.begin(), events.end(), e) - events.begin(); };
  for (int i = 0; i + 1 < 20; ++i) EXPECT_LT(pos("in" + std::to_string(i + 1)), pos("out" + std::to_string(i)));
  for (int i = 0; i + 2 < 20; ++i) EXPECT_GT(pos("in" + std::to_string(i + 2)), pos("out" + std::to_string(i)));
  int overlapped = 0;
  for (const auto& [tag, r] : results) overlapped += r.overlapped;
  EXPECT_GT(overlapped, 0);
  EXPECT_EQ(rig.device.stats().infers_run, 20);
  EXPECT_EQ(rig.device.stats().slots_used_mask, 3);
  EXPECT_EQ(rig.device.stats().load_into_busy_slot, 0);
  EXPECT_EQ(rig.device.stats().busy_infers, 0);  // never a second INFER outstanding
  EXPECT_EQ(rig.device.failure(), "");
  const auto c = rig.session.counters();
  EXPECT_GT(c.bytes_sent, 20u * 3072u);  // every input crossed, plus framing
  EXPECT_EQ(c.bytes_sent, rig.transport.bytes_out());
  EXPECT_GT(c.bytes_received, 20u * eng.output().bytes);
  EXPECT_EQ(c.corrupt_frames, 0u);

  // The session stays usable: three more, without per-op ticks.
  std::vector<Result> more;
  rig.session.stream(
      3, [&](size_t i) { return sample_input(100 + i, info.input.bytes); },
      [&](Result&& r) { more.push_back(std::move(r)); });
  ASSERT_EQ(more.size(), 3u);
  for (const Result& r : more) {
    EXPECT_TRUE(r.op_ticks.empty());
    EXPECT_EQ(r.output, eng.run(sample_input(100 + r.tag, info.input.bytes)));
  }
}

TEST(Session, StrictModeKeepsTheLineQuietWhileTheBoardComputes) {
  HB_REQUIRE_RESNET_PLAN(plan);
  PtyRig rig(*plan);
  hb::model::HostEngine eng(*plan);
  const auto info = rig.session.hello();
  std::vector<std::string> events;
  std::vector<Result> got;
  hb::session::StreamOptions so;
  so.pipelining = hb::session::Pipelining::Strict;
  rig.session.stream(
      6,
      [&](size_t i) {
        events.push_back("in" + std::to_string(i));
        return sample_input(i, info.input.bytes);
      },
      [&](Result&& r) {
        events.push_back("out" + std::to_string(r.tag));
        got.push_back(std::move(r));
      },
      so);
  ASSERT_EQ(got.size(), 6u);
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].tag, i);  // sample order
    EXPECT_FALSE(got[i].overlapped);
    EXPECT_EQ(got[i].output, eng.run(sample_input(i, info.input.bytes)));
  }
  // Each input is loaded only after the previous result, and the board never
  // found host bytes waiting when it finished computing.
  const std::vector<std::string> expected = {"in0", "out0", "in1", "out1", "in2", "out2",
                                             "in3", "out3", "in4", "out4", "in5", "out5"};
  EXPECT_EQ(events, expected);
  EXPECT_EQ(rig.device.stats().runs_with_rx_waiting, 0);
  EXPECT_EQ(rig.device.stats().busy_infers, 0);
}

TEST(Session, ReassemblesResultsSplitIntoChunks) {
  HB_REQUIRE_RESNET_PLAN(plan);
  FakeDeviceConfig cfg;
  cfg.result_payload = 40;  // RESULT carries 14 body bytes, each chunk 32
  PtyRig rig(*plan, cfg);
  hb::model::HostEngine eng(*plan);
  const auto info = rig.session.hello();
  std::vector<Result> got;
  hb::session::StreamOptions so;
  so.per_op = true;
  rig.session.stream(
      4, [&](size_t i) { return sample_input(i, info.input.bytes); }, [&](Result&& r) { got.push_back(std::move(r)); },
      so);
  ASSERT_EQ(got.size(), 4u);
  for (const Result& r : got) {
    EXPECT_EQ(r.output, eng.run(sample_input(r.tag, info.input.bytes)));
    ASSERT_EQ(r.op_ticks.size(), info.op_count);
    // Per-op ticks are real timings: each op took some time, the sum fits the total.
    uint64_t sum = 0;
    for (uint32_t t : r.op_ticks) sum += t;
    EXPECT_GT(sum, 0u);
    EXPECT_LE(sum, r.ticks);
  }
}

TEST(Session, TimingOnlyStreamHasNoOutputs) {
  HB_REQUIRE_RESNET_PLAN(plan);
  PtyRig rig(*plan);
  const auto info = rig.session.hello();
  std::vector<Result> got;
  hb::session::StreamOptions so;
  so.no_output = true;
  rig.session.stream(
      2, [&](size_t i) { return sample_input(i, info.input.bytes); }, [&](Result&& r) { got.push_back(std::move(r)); },
      so);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_TRUE(got[0].output.empty());
  EXPECT_GT(got[0].ticks, 0u);
}

TEST(Session, EmptyStreamReturnsAtOnce) {
  HB_REQUIRE_RESNET_PLAN(plan);
  PtyRig rig(*plan);
  rig.session.hello();
  int calls = 0;
  rig.session.stream(
      0,
      [&](size_t) {
        ++calls;
        return std::vector<uint8_t>();
      },
      [&](Result&&) { ++calls; });
  EXPECT_EQ(calls, 0);
}

TEST(Session, NoAnswerToHelloNamesBoardAndPort) {
  hb::linktest::Pty pty;  // nobody serves the master
  hb::link::SerialTransport t("sim", pty.slave_path(), 115200);
  Session s(t);
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(error_of([&] { s.hello(1s); }),
            "board sim: no answer to HELLO within 1 s on " + pty.slave_path() + " (is the firmware running?)");
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 3s);
  EXPECT_FALSE(s.open());
}

TEST(Session, NoiseInsteadOfFramesSuggestsTheBaudRate) {
  hb::linktest::Pty pty;
  hb::link::SerialTransport t("f769", pty.slave_path(), 115200);
  Session s(t);
  std::atomic<bool> stop{false};
  std::thread noise([&] {
    hb::linktest::Rng rng(3);
    while (!stop) {
      auto b = rng.bytes(64);
      for (auto& x : b) x |= 1;  // no 0x00: never a frame delimiter
      hb::linktest::write_fully(pty.master(), b.data(), b.size());
      std::this_thread::sleep_for(5ms);
    }
  });
  const std::string msg = error_of([&] { s.hello(500ms); });
  stop = true;
  noise.join();
  EXPECT_EQ(msg.rfind("board f769: no answer to HELLO within 0.5 s on " + pty.slave_path() + " (", 0), 0u) << msg;
  EXPECT_NE(msg.find("bytes arrived but no valid frame: wrong baud rate"), std::string::npos) << msg;
}

TEST(Session, SilentBoardTimesOutNamingBoardAndSample) {
  HB_REQUIRE_RESNET_PLAN(plan);
  FakeDeviceConfig cfg;
  cfg.silent_on_tag = 3;
  hb::session::Options opts;
  opts.rto_ms = 100;
  PtyRig rig(*plan, cfg, opts);
  const auto info = rig.session.hello();
  hb::session::StreamOptions so;
  so.sample_timeout = 1500ms;
  std::vector<uint32_t> delivered;
  const auto t0 = std::chrono::steady_clock::now();
  const std::string msg = error_of([&] {
    rig.session.stream(
        10, [&](size_t i) { return sample_input(i, info.input.bytes); },
        [&](Result&& r) { delivered.push_back(r.tag); }, so);
  });
  const auto took = std::chrono::steady_clock::now() - t0;
  EXPECT_EQ(msg.rfind("board fake: no result within 1.5 s on " + rig.pty.slave_path() +
                          " while sample 3 was in flight (nothing valid heard from the board for ",
                      0),
            0u)
      << msg;
  EXPECT_EQ(delivered, (std::vector<uint32_t>{0, 1, 2}));
  EXPECT_GE(took, 1400ms);
  EXPECT_LT(took, 6s);
  EXPECT_FALSE(rig.session.open());  // mid-stream failure: HELLO needed again
}

TEST(Session, DeviceErrorBecomesAnErrorWithItsText) {
  HB_REQUIRE_RESNET_PLAN(plan);
  FakeDeviceConfig cfg;
  cfg.error_on_load = 9;  // sample 1's third chunk (7 chunks per sample)
  PtyRig rig(*plan, cfg);
  const auto info = rig.session.hello();
  const std::string msg = error_of([&] {
    rig.session.stream(
        5, [&](size_t i) { return sample_input(i, info.input.bytes); }, [&](Result&&) {});
  });
  EXPECT_EQ(msg.rfind("board fake: the board reported INTERNAL in reply to LOAD seq ", 0), 0u) << msg;
  EXPECT_NE(msg.find(": fake failure on LOAD 9"), std::string::npos) << msg;
  EXPECT_FALSE(rig.session.open());
}

TEST(Session, DeviceLogsReachTheCallback) {
  HB_REQUIRE_RESNET_PLAN(plan);
  FakeDeviceConfig cfg;
  cfg.log_on_hello = true;
  std::vector<std::pair<int, std::string>> logs;
  hb::session::Options opts;
  opts.on_log = [&](int level, const std::string& text) { logs.emplace_back(level, text); };
  PtyRig rig(*plan, cfg, opts);
  const auto info = rig.session.hello();
  // The LOG follows INFO: it is read during the next exchange at the latest.
  rig.session.ping();
  ASSERT_EQ(logs.size(), 1u);
  EXPECT_EQ(logs[0].first, HBP_LOG_INFO);
  EXPECT_EQ(logs[0].second, "fake device ready, 2 slots");
  (void)info;
}

TEST(Session, WrongInputSizeIsRefused) {
  HB_REQUIRE_RESNET_PLAN(plan);
  PtyRig rig(*plan);
  rig.session.hello();
  EXPECT_EQ(error_of([&] {
              rig.session.stream(
                  1, [](size_t) { return std::vector<uint8_t>(100); }, [](Result&&) {});
            }),
            "board fake: sample 0: input is 100 bytes, the board's model takes 3072");
}

TEST(Session, PingResetAndCallsBeforeHello) {
  HB_REQUIRE_RESNET_PLAN(plan);
  PtyRig rig(*plan);
  EXPECT_EQ(error_of([&] { rig.session.ping(); }), "board fake: PING before HELLO");
  EXPECT_EQ(error_of([&] { rig.session.stream(1, {}, {}); }), "board fake: stream before HELLO");
  const auto info = rig.session.hello();
  const auto p1 = rig.session.ping();
  std::this_thread::sleep_for(20ms);
  const auto p2 = rig.session.ping();
  EXPECT_GT(p1.round_trip.count(), 0);
  EXPECT_LT(p1.round_trip, 2s);
  EXPECT_GE(p2.timer_ticks - p1.timer_ticks, 20000000u);  // board clock (ns) moved at least 20 ms
  rig.session.reset(HBP_RESET_SOFT);
  std::vector<Result> got;
  rig.session.stream(
      2, [&](size_t i) { return sample_input(i, info.input.bytes); }, [&](Result&& r) { got.push_back(std::move(r)); });
  EXPECT_EQ(got.size(), 2u);
  rig.session.reset(HBP_RESET_REBOOT);
  EXPECT_FALSE(rig.session.open());
  rig.session.hello();
  EXPECT_EQ(rig.device.stats().hellos, 2);
}

TEST(Session, WorksOverTcp) {
  HB_REQUIRE_RESNET_PLAN(plan);
  hb::linktest::LoopbackSocket server;
  server.listen();
  hb::link::TcpTransport t("qemu-m7", "127.0.0.1", server.port());
  const int fd = server.accept(5s);
  ASSERT_GE(fd, 0);
  {
    FakeDeviceConfig cfg;
    cfg.board = "qemu-m7";
    hb::sessiontest::FakeDevice dev(fd, *plan, cfg);
    Session s(t);
    hb::model::HostEngine eng(*plan);
    const auto info = s.hello();
    EXPECT_EQ(info.board, "qemu-m7");
    std::vector<Result> got;
    s.stream(
        5, [&](size_t i) { return sample_input(i, info.input.bytes); },
        [&](Result&& r) { got.push_back(std::move(r)); });
    ASSERT_EQ(got.size(), 5u);
    for (const Result& r : got) EXPECT_EQ(r.output, eng.run(sample_input(r.tag, info.input.bytes)));
    t.close();
  }
  ::close(fd);
}

}  // namespace
