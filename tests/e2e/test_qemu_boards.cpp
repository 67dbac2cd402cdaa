// The emulated Cortex-M boards end to end: the real firmware ELFs on
// qemu-system-arm (mps2-an500 Cortex-M7, mps2-an505 Cortex-M33), deployed by
// the qemu flash driver, reached over its TCP link by the host session.
// Expected outputs come from ../shared/golden (TFLite Micro reference
// kernels), not from our engine.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "board/descriptor.h"
#include "board/footprint.h"
#include "cli/cli_util.h"
#include "common/error.h"
#include "common/file_io.h"
#include "common/sha256.h"
#include "common/subprocess.h"
#include "data/data_test_util.h"
#include "flash/deployment.h"
#include "link/tcp_transport.h"
#include "model/graph.h"
#include "model/host_engine.h"
#include "model/importer.h"
#include "session/session.h"
#include "store/run_store.h"
#include "test_paths.h"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using hb::session::Session;

const char* kResnet = "pretrainedResnet_quant";
const char* kEffnet = "st_efficientnet_lc_v1_128_tfs_int8_flowers";

// What the QEMU 7.2 machines are (SCB->CPUID of the modelled core, SysTick
// clock) - facts about QEMU, see /work/shared/notes/qemu.md.
struct BoardFacts {
  uint32_t cpuid;
  uint32_t insns_per_tick;  // 1e9 / SysTick clock: icount's 1 ns per instruction
};
const std::map<std::string, BoardFacts> kFacts{{"qemu-m7", {0x411fc272u, 40}}, {"qemu-m33", {0x410fd213u, 50}}};

struct GoldenCase {
  std::string file;
  std::vector<uint8_t> input;
  std::vector<double> output;  // int8 values, or floats for models ending in DEQUANTIZE
};

std::vector<GoldenCase> golden(const std::string& model) {
  const fs::path dir = hb::test::shared_dir() / "golden" / model;
  const auto j = nlohmann::json::parse(hb::test::read_bytes(dir / "golden.json"));
  std::vector<GoldenCase> cases;
  for (const auto& c : j["cases"]) {
    GoldenCase g;
    g.file = c["input"].get<std::string>();
    g.input = hb::test::read_bytes(dir / g.file);
    for (const auto& v : c["output"]) g.output.push_back(std::stod(v.get<std::string>()));
    cases.push_back(std::move(g));
  }
  return cases;
}

struct Imported {
  std::string tflite;
  hb::model::Plan plan;
};

const Imported& imported(const std::string& model) {
  static std::map<std::string, Imported> cache;
  auto it = cache.find(model);
  if (it == cache.end()) {
    const std::string path = hb::test::shared_model(model + ".tflite");
    it = cache.emplace(model, Imported{path, hb::model::import_tflite(path)}).first;
  }
  return it->second;
}

std::vector<int8_t> as_int8(const std::vector<uint8_t>& b) { return {b.begin(), b.end()}; }
std::vector<int8_t> as_int8(const std::vector<double>& v) {
  std::vector<int8_t> o;
  for (double x : v) o.push_back(static_cast<int8_t>(x));
  return o;
}

// A deployed board with an open session.
struct Up {
  std::unique_ptr<hb::flash::Deployment> dep;
  std::unique_ptr<hb::link::TcpTransport> link;
  std::unique_ptr<Session> session;
  hb::session::Info info;
};

Up bring_up(const hb::board::Descriptor& d, const hb::AlignedBytes& plan, const std::string& work) {
  Up u;
  u.dep = hb::flash::deploy(d, plan, {work, 30});
  const auto t = u.dep->link();
  EXPECT_EQ(t.kind, "tcp");
  u.link = std::make_unique<hb::link::TcpTransport>(d.name, t.host, t.port);
  u.session = std::make_unique<Session>(*u.link);
  u.info = u.session->hello(10s);
  return u;
}

// Runs `inputs` through the board (overlapped loads: the default for a
// held_off board, which masks its UART RX interrupt while it runs), results in order.
std::vector<hb::session::Result> run_all(Session& s, const std::vector<std::vector<uint8_t>>& inputs) {
  std::vector<hb::session::Result> out;
  hb::session::StreamOptions o;
  o.sample_timeout = 60s;
  s.stream(
      inputs.size(), [&](size_t i) { return inputs[i]; }, [&](hb::session::Result&& r) { out.push_back(std::move(r)); },
      o);
  return out;
}

class QemuBoard : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    HB_REQUIRE_SHARED();
    if (!hb::have_program("qemu-system-arm")) GTEST_SKIP() << "qemu-system-arm not installed";
    desc_ = hb::board::find_board(GetParam());
    const std::string elf = std::string(HB_TEST_BIN_DIR) + "/target-fw/hb-fw-" + desc_.port + ".elf";
    if (!fs::exists(elf)) GTEST_SKIP() << elf << " not built (configure with HB_CROSS=ON)";
    facts_ = kFacts.at(GetParam());
  }
  std::string work(const std::string& name) const { return (tmp_ / name).string(); }

  hb::board::Descriptor desc_;
  BoardFacts facts_{};
  hb::test::TempDir tmp_;
};

TEST_P(QemuBoard, InfoGoldenOutputsAndReboot) {
  const Imported& m = imported(kResnet);
  Up u = bring_up(desc_, m.plan.blob, work("dep"));
  const auto& info = u.info;
  EXPECT_EQ(info.board, desc_.name);
  EXPECT_EQ(info.fw_build.rfind("hb-fw ", 0), 0u) << info.fw_build;
  EXPECT_NE(info.fw_build.find(desc_.port), std::string::npos) << info.fw_build;
  EXPECT_EQ(info.cpuid, facts_.cpuid);
  EXPECT_EQ(info.core_clock_hz, desc_.clock_hz);
  // -icount makes SysTick an exact instruction counter: the firmware
  // measured that at start-up and says so.
  EXPECT_EQ(info.timer_source, HBP_TIMER_SYSTICK_ICOUNT);
  EXPECT_EQ(info.timer_unit, "instructions");
  EXPECT_EQ(info.timer_unit, desc_.timer_unit);
  EXPECT_EQ(info.timer_hz, 1000000000u);
  EXPECT_EQ(info.rx_policy, HBP_RXP_HELD_OFF);
  EXPECT_GE(info.n_slots, 2);
  EXPECT_EQ(hb::to_hex(info.plan_hash), hb::sha256_file_hex(m.tflite));
  EXPECT_EQ(info.model_name, kResnet);
  EXPECT_EQ(info.input.bytes, 3072u);

  const auto cases = golden(kResnet);
  ASSERT_GE(cases.size(), 9u);
  std::vector<std::vector<uint8_t>> inputs;
  for (const auto& c : cases) inputs.push_back(c.input);
  const auto results = run_all(*u.session, inputs);
  ASSERT_EQ(results.size(), cases.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    ASSERT_TRUE(results[i].ok()) << cases[i].file << ": " << hb::session::result_status_name(results[i].status);
    EXPECT_EQ(as_int8(results[i].output), as_int8(cases[i].output)) << cases[i].file;
  }

  // PONG carries the timer: it only moves forward.
  const uint64_t t1 = u.session->ping().timer_ticks;
  const uint64_t t2 = u.session->ping().timer_ticks;
  EXPECT_GT(t1, 0u);
  EXPECT_GE(t2, t1);

  // RESET REBOOT is a system reset: QEMU reloads firmware and plan.
  u.session->reset(HBP_RESET_REBOOT);
  const auto again = u.session->hello(10s);
  EXPECT_EQ(again.plan_hash, info.plan_hash);
  const auto r = run_all(*u.session, {cases[0].input});
  ASSERT_EQ(r.size(), 1u);
  ASSERT_TRUE(r[0].ok());
  EXPECT_EQ(as_int8(r[0].output), as_int8(cases[0].output));
}

TEST_P(QemuBoard, SameInferenceSameTicks) {
  const Imported& m = imported(kResnet);
  Up u = bring_up(desc_, m.plan.blob, work("dep"));
  const auto cases = golden(kResnet);
  const auto& a = cases.at(0).input;
  const auto& b = cases.at(cases.size() - 1).input;
  const auto r = run_all(*u.session, {a, b, a, b, a});
  ASSERT_EQ(r.size(), 5u);
  for (const auto& x : r) {
    ASSERT_TRUE(x.ok());
    // Loads overlap, but the masked RX interrupt keeps every byte out of the run.
    EXPECT_EQ(x.rx_bytes, 0u) << "held_off: nothing may reach the device while the model runs";
    // Whole SysTick ticks converted to instructions.
    EXPECT_EQ(x.ticks % facts_.insns_per_tick, 0u) << x.ticks;
    // ResNet-8 is 12.5 M MACs: it cannot take fewer instructions than
    // that would allow at a few MACs per instruction.
    EXPECT_GT(x.ticks, 2'000'000u);
  }
  // Virtual time is instruction count, the tick phase restarts at each
  // timed run: repeating an inference repeats its time exactly.
  EXPECT_EQ(r[0].ticks, r[2].ticks);
  EXPECT_EQ(r[0].ticks, r[4].ticks);
  EXPECT_EQ(r[1].ticks, r[3].ticks);
}

TEST_P(QemuBoard, CorruptPlanIsServedAsNoModel) {
  const Imported& m = imported(kResnet);
  hb::AlignedBytes plan = m.plan.blob;
  plan.data()[plan.size() / 2] ^= 0x40;  // inside the CRC-covered body
  Up u = bring_up(desc_, plan, work("dep"));
  EXPECT_EQ(u.info.model_name, "(none)");
  EXPECT_EQ(u.info.op_count, 0);
  const auto r = run_all(*u.session, {std::vector<uint8_t>(u.info.input.bytes, 1)});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].status, HBP_RS_NO_MODEL);
  // The firmware said why on QEMU's console (semihosting), which the
  // deployment keeps for error messages.
  EXPECT_NE(u.dep->log_tail().find("no model"), std::string::npos) << u.dep->log_tail();
}

INSTANTIATE_TEST_SUITE_P(Emulated, QemuBoard, ::testing::Values("qemu-m7", "qemu-m33"),
                         [](const auto& p) { return p.param == "qemu-m7" ? "M7" : "M33"; });

// The flash driver's failures name the board and the cause.
TEST(QemuFlasher, MissingEmulatorOrFirmwareOrBadMachineFailClearly) {
  hb::test::TempDir tmp;
  hb::AlignedBytes plan(64);
  auto d = hb::board::find_board("qemu-m7");
  auto no_qemu = d;
  no_qemu.flasher["binary"] = "qemu-system-hb-absent";
  try {
    hb::flash::deploy(no_qemu, plan, {tmp.str(), 5});
    FAIL() << "deploy without the emulator succeeded";
  } catch (const hb::Error& e) {
    EXPECT_NE(std::string(e.what()).find("board qemu-m7: qemu-system-hb-absent not installed (apt-get install"),
              std::string::npos)
        << e.what();
  }
  if (!hb::have_program("qemu-system-arm")) GTEST_SKIP() << "qemu-system-arm not installed";
  auto no_elf = d;
  no_elf.flasher["firmware"] = "hb-fw-absent.elf";
  try {
    hb::flash::deploy(no_elf, plan, {tmp.str(), 5});
    FAIL() << "deploy without firmware succeeded";
  } catch (const hb::Error& e) {
    EXPECT_NE(std::string(e.what()).find("hb-fw-absent.elf not found"), std::string::npos) << e.what();
  }
  if (!fs::exists(std::string(HB_TEST_BIN_DIR) + "/target-fw/hb-fw-" + d.port + ".elf"))
    GTEST_SKIP() << "firmware not built";
  auto bad_machine = d;
  bad_machine.flasher["machine"] = "hb-no-such-machine";
  try {
    hb::flash::deploy(bad_machine, plan, {tmp.str(), 10});
    FAIL() << "deploy on a machine QEMU does not have succeeded";
  } catch (const hb::Error& e) {
    const std::string w = e.what();
    EXPECT_NE(w.find("board qemu-m7: qemu-system-arm -M hb-no-such-machine exited with code 1"), std::string::npos)
        << w;
    EXPECT_NE(w.find("unsupported machine type"), std::string::npos) << w;  // QEMU's own complaint
  }
}

// `hilbench run` as a user types it, on the emulated M7.
TEST(QemuRun, HilbenchRunOnQemuM7IsBitExact) {
  HB_REQUIRE_SHARED();
  if (!hb::have_program("qemu-system-arm")) GTEST_SKIP() << "qemu-system-arm not installed";
  const auto d = hb::board::find_board("qemu-m7");
  if (!fs::exists(std::string(HB_TEST_BIN_DIR) + "/target-fw/hb-fw-" + d.port + ".elf"))
    GTEST_SKIP() << "firmware not built";
  hb::test::TempDir tmp;
  size_t n = 0;
  fs::create_directories(tmp / "inputs");
  for (auto& e : fs::directory_iterator(hb::test::shared_dir() / "golden" / kResnet))
    if (e.path().extension() == ".bin") {
      fs::copy(e.path(), tmp / ("inputs/" + e.path().filename().string()));
      ++n;
    }
  auto r = hb::test::hilbench({"run", "--board", "qemu-m7", "--model", imported(kResnet).tflite, "--dataset",
                               (tmp / "inputs").string(), "--db", (tmp / "runs.db").string(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["board"], "qemu-m7");
  EXPECT_EQ(j["images"], n);
  EXPECT_EQ(j["bit_exact"], n);
  EXPECT_EQ(j["timer_source"], "systick-icount");
  EXPECT_EQ(j["time_unit"], "instructions");
  EXPECT_GT(j["time_median"].get<double>(), 0);
  EXPECT_EQ(j["status"], "complete");
  // The run records its footprint for `check`: the plan and the firmware's code.
  auto db = hb::store::RunStore::open((tmp / "runs.db").string(), hb::store::OpenMode::ReadOnly);
  std::map<std::string, int64_t> m;
  for (const auto& x : db.metrics(j["run_id"].get<int64_t>()))
    if (const auto* v = std::get_if<int64_t>(&x.value)) m[x.key] = *v;
  const auto fw = hb::board::read_firmware(*hb::board::firmware_elf(d));
  EXPECT_EQ(m["code_bytes"], static_cast<int64_t>(fw.code_flash));
  EXPECT_EQ(m["plan_bytes"], static_cast<int64_t>(imported(kResnet).plan.blob.size()));
  EXPECT_EQ(m["arena_bytes"], static_cast<int64_t>(imported(kResnet).plan.stats.arena_bytes));
}

// A model of real size (plan ~0.6 MB, 49 KB inputs) on the emulated M7.
TEST(QemuRun, EfficientNetFlowersOnQemuM7AndM33MatchHostAndGolden) {
  HB_REQUIRE_SHARED();
  if (hb::test::shared_model(std::string(kEffnet) + ".tflite").empty()) GTEST_SKIP() << "ST model zoo absent";
  if (!hb::have_program("qemu-system-arm")) GTEST_SKIP() << "qemu-system-arm not installed";
  const Imported& m = imported(kEffnet);
  auto cases = golden(kEffnet);
  cases.resize(2);
  hb::model::HostEngine host(m.plan.blob);
  for (const char* board : {"qemu-m7", "qemu-m33"}) {
    SCOPED_TRACE(board);
    const auto d = hb::board::find_board(board);
    if (!fs::exists(std::string(HB_TEST_BIN_DIR) + "/target-fw/hb-fw-" + d.port + ".elf"))
      GTEST_SKIP() << "firmware not built";
    ASSERT_LE(m.plan.blob.size(), d.plan_max_bytes);
    hb::test::TempDir tmp;
    Up u = bring_up(d, m.plan.blob, (tmp / "dep").string());
    ASSERT_EQ(u.info.model_name, kEffnet);
    const auto r = run_all(*u.session, {cases[0].input, cases[1].input});
    ASSERT_EQ(r.size(), 2u);
    for (size_t i = 0; i < 2; ++i) {
      ASSERT_TRUE(r[i].ok()) << hb::session::result_status_name(r[i].status);
      EXPECT_EQ(r[i].output, host.run(cases[i].input)) << cases[i].file;  // bit for bit
      ASSERT_EQ(r[i].output.size(), cases[i].output.size() * sizeof(float));
      for (size_t k = 0; k < cases[i].output.size(); ++k) {
        float f;
        std::memcpy(&f, r[i].output.data() + 4 * k, 4);
        EXPECT_NEAR(f, cases[i].output[k], 1e-5 + 1e-5 * std::abs(cases[i].output[k]))
            << cases[i].file << "[" << k << "]";
      }
    }
  }
}

}  // namespace
