// Shared setup for session tests: the ResNet-8 plan from ../shared (tests
// skip without it), deterministic inputs, and a host+fake-device pair on a pty.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "link/pty_util.h"
#include "link/serial_transport.h"
#include "model/importer.h"
#include "session/fake_device.h"
#include "session/session.h"
#include "test_paths.h"

namespace hb::sessiontest {

// The plan of MLPerf Tiny's ResNet-8, imported once; nullptr if absent.
inline const AlignedBytes* resnet_plan() {
  static std::optional<model::Plan> plan;
  static bool tried = false;
  if (!tried) {
    tried = true;
    // The committed copy (Apache-2.0): these tests need no ../shared.
    const std::string path = std::string(HB_SOURCE_DIR) + "/models/mlperf-tiny/pretrainedResnet_quant.tflite";
    if (std::filesystem::exists(path)) plan = model::import_tflite(path);
  }
  return plan ? &plan->blob : nullptr;
}

#define HB_REQUIRE_RESNET_PLAN(var)                             \
  const hb::AlignedBytes* var = hb::sessiontest::resnet_plan(); \
  if (!var) GTEST_SKIP() << "models/mlperf-tiny/pretrainedResnet_quant.tflite absent"

inline std::vector<uint8_t> sample_input(size_t i, size_t bytes) { return linktest::Rng(1000 + i).bytes(bytes); }

inline std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const hb::Error& e) {
    return e.what();
  }
  return "(no hb::Error thrown)";
}

// Host session <-> fake device on one pty. Members are destroyed in reverse:
// session, transport (host closes), device thread, pty.
struct PtyRig {
  PtyRig(const AlignedBytes& plan, FakeDeviceConfig cfg = {}, session::Options opts = {})
      : device(pty.master(), plan, cfg), transport(cfg.board, pty.slave_path(), 921600), session(transport, opts) {}
  linktest::Pty pty;
  FakeDevice device;
  link::SerialTransport transport;
  session::Session session;
};

}  // namespace hb::sessiontest
