// The session against the real sim firmware (target-fw, ports/sim): start
// hb-fw-sim on the ResNet-8 plan, stream the golden inputs, require the
// golden outputs. Skips until hb-fw-sim is built, or without ../shared.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/file_io.h"
#include "common/subprocess.h"
#include "model/host_engine.h"
#include "session/fault_proxy.h"
#include "session/session_rig.h"

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

std::string read_text(const fs::path& p) {
  std::ifstream f(p);
  return {std::istreambuf_iterator<char>(f), {}};
}

// hb-fw-sim serving `plan` on a pty reachable as dir/sim-tty.
struct SimFirmware {
  SimFirmware(const std::string& sim, const hb::AlignedBytes& plan, const std::string& tag)
      : dir(fs::temp_directory_path() / ("hb_fw_sim_" + tag + "_" + std::to_string(::getpid()))) {
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string plan_file = (dir / "model.plan").string();
    link = (dir / "sim-tty").string();
    log = (dir / "sim.log").string();
    hb::write_file_atomic(plan_file, plan.data(), plan.size());
    proc = std::make_unique<hb::Process>(
        std::vector<std::string>{sim, "--plan", plan_file, "--pty-link", link, "--board-id", "sim-test"}, "", log);
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!fs::is_symlink(link) && proc->running() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(10ms);
  }
  ~SimFirmware() {
    proc.reset();  // stops it
    fs::remove_all(dir);
  }
  bool ready() const { return fs::is_symlink(link); }
  std::string stderr_text() const { return read_text(log); }

  fs::path dir;
  std::string link, log;
  std::unique_ptr<hb::Process> proc;
};

struct Golden {
  nlohmann::json cases;
  std::vector<std::vector<uint8_t>> inputs;
  uint32_t input_bytes = 0;
};

Golden load_golden() {
  const fs::path dir = hb::test::shared_dir() / "golden" / "pretrainedResnet_quant";
  const nlohmann::json g = nlohmann::json::parse(std::ifstream(dir / "golden.json"));
  Golden out;
  out.cases = g["cases"];
  out.input_bytes = g["input_bytes"].get<uint32_t>();
  for (const auto& c : out.cases) out.inputs.push_back(hb::read_file((dir / c["input"].get<std::string>()).string()));
  return out;
}

// Streams every golden case; each must come back once with its golden output.
void stream_golden(hb::session::Session& session, const hb::session::Info& info, const Golden& g,
                   hb::session::Pipelining mode) {
  const auto& cases = g.cases;
  std::vector<int> delivered(cases.size(), 0);
  hb::session::StreamOptions so;
  so.pipelining = mode;
  so.per_op = info.has_per_op_timing();
  so.sample_timeout = 30s;
  session.stream(
      cases.size(), [&](size_t i) { return g.inputs[i]; },
      [&](hb::session::Result&& r) {
        ASSERT_LT(r.tag, cases.size());
        ++delivered[r.tag];
        const auto& c = cases[r.tag];
        ASSERT_TRUE(r.ok()) << c["input"] << ": status " << hb::session::result_status_name(r.status);
        const auto& expected = c["output"];
        ASSERT_EQ(r.output.size(), expected.size()) << c["input"];
        for (size_t k = 0; k < expected.size(); ++k)
          EXPECT_EQ(static_cast<int8_t>(r.output[k]), std::stoi(expected[k].get<std::string>()))
              << c["input"] << " output " << k;
        EXPECT_GT(r.ticks, 0u) << c["input"];
        if (so.per_op) {
          EXPECT_EQ(r.op_ticks.size(), info.op_count);
        }
        if (mode == hb::session::Pipelining::Strict) {
          EXPECT_FALSE(r.overlapped);
        }
      },
      so);
  for (size_t i = 0; i < delivered.size(); ++i) EXPECT_EQ(delivered[i], 1) << "case " << i;
}

TEST(SessionFwSim, StreamsGoldenInputsThroughTheSimFirmware) {
  const std::string sim = std::string(HB_TEST_BIN_DIR) + "/target-fw/hb-fw-sim";
  if (!fs::exists(sim)) GTEST_SKIP() << sim << " not built";
  HB_REQUIRE_SHARED();
  HB_REQUIRE_RESNET_PLAN(plan);
  const Golden g = load_golden();
  SimFirmware fw(sim, *plan, "clean");
  ASSERT_TRUE(fw.ready()) << "hb-fw-sim did not create " << fw.link << "; its stderr:\n" << fw.stderr_text();
  {
    hb::link::SerialTransport transport("sim", fw.link, 921600);
    hb::session::Options opts;
    opts.rto_ms = 200;
    hb::session::Session session(transport, opts);
    const hb::session::Info info = session.hello(10s);
    EXPECT_EQ(info.board, "sim-test");
    // INFO.plan_hash is the SHA-256 of the source model (PROTOCOL.md).
    const hb::model::HostEngine eng(*plan);
    std::array<uint8_t, 32> model_sha{};
    std::memcpy(model_sha.data(), eng.plan().hdr->model_sha256, 32);
    EXPECT_EQ(info.plan_hash, model_sha) << "the firmware runs another model";
    ASSERT_EQ(info.input.bytes, g.input_bytes);
    ASSERT_EQ(info.output.dtype, HBP_DT_INT8);
    EXPECT_GE(info.n_slots, 1);

    stream_golden(session, info, g, hb::session::Pipelining::Overlap);
    stream_golden(session, info, g, hb::session::Pipelining::Strict);
    const auto c = session.counters();
    EXPECT_EQ(c.corrupt_frames, 0u);
    EXPECT_GT(c.bytes_sent, 2 * g.cases.size() * info.input.bytes);
    EXPECT_GT(session.ping().round_trip.count(), 0);
  }
  EXPECT_TRUE(fw.proc->running()) << "hb-fw-sim exited; its stderr:\n" << fw.stderr_text();
}

// The real firmware behind a noisy line (same proxy as the fake-device test):
// its retransmissions and dedupe must hold up too.
TEST(SessionFwSim, GoldenOutputsThroughANoisyLine) {
  const std::string sim = std::string(HB_TEST_BIN_DIR) + "/target-fw/hb-fw-sim";
  if (!fs::exists(sim)) GTEST_SKIP() << sim << " not built";
  HB_REQUIRE_SHARED();
  HB_REQUIRE_RESNET_PLAN(plan);
  const Golden g = load_golden();
  SimFirmware fw(sim, *plan, "noisy");
  ASSERT_TRUE(fw.ready()) << "hb-fw-sim did not create " << fw.link << "; its stderr:\n" << fw.stderr_text();
  hb::linktest::Pty host_pty;
  int device_fd = ::open(fw.link.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK);
  ASSERT_GE(device_fd, 0);
  hb::sessiontest::FaultProxy proxy(host_pty, device_fd, 77, {100, 100, 100}, {700, 700, 700});
  {
    hb::link::SerialTransport transport("sim", host_pty.slave_path(), 921600);
    hb::session::Options opts;
    opts.rto_ms = 100;
    opts.max_tries = 20;
    hb::session::Session session(transport, opts);
    const hb::session::Info info = session.hello(10s);
    stream_golden(session, info, g, hb::session::Pipelining::Overlap);
    const auto c = session.counters();
    EXPECT_GT(proxy.to_device().faults() + proxy.to_host().faults(), 0u);
    std::printf("faults to device %llu, to host %llu; host resent %llu frames, saw %llu corrupt\n",
                static_cast<unsigned long long>(proxy.to_device().faults()),
                static_cast<unsigned long long>(proxy.to_host().faults()),
                static_cast<unsigned long long>(c.retransmissions), static_cast<unsigned long long>(c.corrupt_frames));
  }
  EXPECT_TRUE(fw.proc->running()) << "hb-fw-sim exited; its stderr:\n" << fw.stderr_text();
}

}  // namespace
