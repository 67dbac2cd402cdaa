// The session over a damaged line: a proxy between host and fake device
// inserts garbage, flips bits and drops bytes in both directions. Every
// sample must still come back exactly once, with the right output.
#include <gtest/gtest.h>

#include <map>

#include "model/host_engine.h"
#include "session/fault_proxy.h"
#include "session/session_rig.h"

using hb::session::Result;
using namespace std::chrono_literals;

namespace {

TEST(SessionFaults, EverySampleOnceAndCorrectThroughANoisyLine) {
  HB_REQUIRE_RESNET_PLAN(plan);
  hb::linktest::Pty host_pty, device_pty;
  hb::sessiontest::FakeDeviceConfig cfg;
  cfg.result_payload = 48;  // several frames per result, so chunks get hit too
  hb::sessiontest::FakeDevice device(device_pty.master(), *plan, cfg);
  // Per million bytes. Host->device carries ~1 KiB LOAD frames (about one in
  // four damaged); device->host small RESULT/ACK frames, damaged more often
  // per byte so that enough of them are hit.
  hb::sessiontest::FaultRates to_device{100, 100, 100}, to_host{700, 700, 700};
  hb::sessiontest::FaultProxy proxy(host_pty, device_pty, 20240611, to_device, to_host);

  hb::link::SerialTransport transport("noisy", host_pty.slave_path(), 921600);
  hb::session::Options opts;
  opts.rto_ms = 100;
  opts.max_tries = 20;
  hb::session::Session session(transport, opts);
  hb::model::HostEngine eng(*plan);

  const auto info = session.hello(10s);
  std::map<uint32_t, int> times_delivered;
  std::map<uint32_t, std::vector<uint8_t>> outputs;
  hb::session::StreamOptions so;
  so.per_op = true;
  so.sample_timeout = 20s;
  session.stream(
      20, [&](size_t i) { return hb::sessiontest::sample_input(i, info.input.bytes); },
      [&](Result&& r) {
        ++times_delivered[r.tag];
        EXPECT_TRUE(r.ok());
        EXPECT_EQ(r.op_ticks.size(), info.op_count);
        outputs[r.tag] = std::move(r.output);
      },
      so);

  ASSERT_EQ(times_delivered.size(), 20u);
  for (uint32_t i = 0; i < 20; ++i) {
    EXPECT_EQ(times_delivered[i], 1) << "sample " << i;
    EXPECT_EQ(outputs[i], eng.run(hb::sessiontest::sample_input(i, info.input.bytes))) << "sample " << i;
  }
  EXPECT_EQ(device.stats().infers_run, 20);  // each INFER executed once: dedupe works
  EXPECT_EQ(device.failure(), "");

  // The line really was damaged both ways, and the session noticed and healed.
  EXPECT_GT(proxy.to_device().faults(), 0u);
  EXPECT_GT(proxy.to_host().faults(), 0u);
  const auto c = session.counters();
  EXPECT_GT(c.retransmissions, 0u);
  EXPECT_GT(c.corrupt_frames, 0u);
  EXPECT_GT(c.bytes_sent, 20u * 3072u);
  std::printf("faults to device %llu, to host %llu; host resent %llu frames, saw %llu corrupt\n",
              static_cast<unsigned long long>(proxy.to_device().faults()),
              static_cast<unsigned long long>(proxy.to_host().faults()),
              static_cast<unsigned long long>(c.retransmissions), static_cast<unsigned long long>(c.corrupt_frames));

  // Still in sync afterwards.
  proxy.heal();
  EXPECT_GT(session.ping().round_trip.count(), 0);
}

}  // namespace
