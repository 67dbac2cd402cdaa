// The Linux board runner (MP157): the armhf static build under qemu-arm,
// and the host build, each serving a real session over TCP: HELLO/INFO,
// PING, and the golden ResNet-8 input giving TFLite Micro's output bit for bit.
#include <chrono>
#include <regex>
#include <thread>

#include <nlohmann/json.hpp>

#include "boards/boards_test_util.h"
#include "common/subprocess.h"
#include "link/tcp_transport.h"
#include "model/importer.h"
#include "session/session.h"

namespace hb::boardtest {
namespace {

const fs::path kGolden = hb::test::shared_dir() / "golden" / "pretrainedResnet_quant";

std::vector<uint8_t> golden_input(const std::string& file) {
  const std::string s = read_text(kGolden / file);
  return std::vector<uint8_t>(s.begin(), s.end());
}

std::vector<uint8_t> golden_output(const std::string& file) {
  const auto j = nlohmann::json::parse(read_text(kGolden / "golden.json"));
  for (auto& c : j["cases"])
    if (c["input"] == file) {
      std::vector<uint8_t> out;
      for (auto& v : c["output"])
        out.push_back(static_cast<uint8_t>(static_cast<int8_t>(std::stoi(v.get<std::string>()))));
      return out;
    }
  return {};
}

// The runner as a child process; the port it listens on, read from its stderr.
class Runner {
 public:
  Runner(std::vector<std::string> argv, const fs::path& log) : log_(log) {
    proc_ = std::make_unique<Process>(argv, "", log.string());
    static const std::regex re(R"(listening on 127\.0\.0\.1:(\d+))");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline && proc_->running()) {
      std::smatch m;
      const std::string text = read_text(log_);
      if (std::regex_search(text, m, re)) {
        port_ = static_cast<uint16_t>(std::stoi(m[1]));
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  ~Runner() { proc_->stop(); }
  uint16_t port() const { return port_; }
  std::string log() const { return read_text(log_); }

 private:
  fs::path log_;
  std::unique_ptr<Process> proc_;
  uint16_t port_ = 0;
};

void serve_golden_session(const std::vector<std::string>& prefix, const std::string& runner) {
  TempDir t;
  const model::Plan plan = model::import_tflite(hb::test::shared_model("pretrainedResnet_quant.tflite"));
  write_text(t.path() / "resnet.plan", std::string(reinterpret_cast<const char*>(plan.blob.data()), plan.blob.size()));
  std::vector<std::string> argv = prefix;
  argv.insert(argv.end(), {runner, "--plan", (t.path() / "resnet.plan").string(), "--listen", "0", "--bind",
                           "127.0.0.1", "--board-id", "mp157"});
  Runner r(argv, t.path() / "runner.log");
  ASSERT_NE(r.port(), 0) << r.log();

  link::TcpTransport tcp("mp157", "127.0.0.1", r.port());
  session::Session s(tcp);
  const session::Info info = s.hello(std::chrono::seconds(20));
  EXPECT_EQ(info.board, "mp157");
  EXPECT_NE(info.model_name, "(none)");
  EXPECT_EQ(info.input.bytes, 3072u);
  EXPECT_GE(info.n_slots, 2u);
  if (info.timer_source == HBP_TIMER_PMU_CYCLES) {
    EXPECT_EQ(info.timer_unit, "cycles");
    EXPECT_GT(info.timer_hz, 10'000'000u);
    EXPECT_EQ(info.core_clock_hz, info.timer_hz);
  } else {
    EXPECT_EQ(info.timer_source, HBP_TIMER_CLOCK_NS) << "timer is pmu or clock";
    EXPECT_EQ(info.timer_unit, "ns");
    EXPECT_EQ(info.timer_hz, 1'000'000'000u);
  }
  // The timer runs free between PINGs, at about its stated rate.
  const session::Pong p1 = s.ping();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const session::Pong p2 = s.ping();
  ASSERT_GT(p2.timer_ticks, p1.timer_ticks);
  const double secs = static_cast<double>(p2.timer_ticks - p1.timer_ticks) / info.timer_hz;
  EXPECT_GT(secs, 0.2);
  EXPECT_LT(secs, 5.0);

  const std::vector<std::string> files = {"random0.bin", "random1.bin", "random2.bin"};
  std::vector<session::Result> results;
  s.stream(
      files.size(), [&](size_t i) { return golden_input(files[i]); },
      [&](session::Result&& res) { results.push_back(std::move(res)); });
  ASSERT_EQ(results.size(), files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    EXPECT_TRUE(results[i].ok()) << files[i];
    EXPECT_EQ(results[i].output, golden_output(files[i])) << files[i];
    EXPECT_GT(results[i].ticks, 0u);
  }
}

TEST(LinuxRunner, Armhf_UnderQemuArm_ServesGoldenResnet) {
  HB_REQUIRE_SHARED();
  HB_REQUIRE_CROSS();
  const fs::path runner = fw_dir() / "hb-fw-linux-armhf";
  if (!have_program("arm-linux-gnueabihf-gcc")) GTEST_SKIP() << "no armhf compiler: runner not built";
  ASSERT_TRUE(fs::exists(runner)) << runner;
  if (!have_program("qemu-arm")) GTEST_SKIP() << "qemu-arm (qemu-user) not installed";
  serve_golden_session({"qemu-arm", "-cpu", "cortex-a7"}, runner.string());
}

TEST(LinuxRunner, Host_ServesGoldenResnet) {
  HB_REQUIRE_SHARED();
  HB_REQUIRE_CROSS();
  const fs::path runner = fw_dir() / "hb-fw-linux";
  ASSERT_TRUE(fs::exists(runner)) << runner;
  serve_golden_session({}, runner.string());
}

// Waits until the runner's log contains one of `needles`; returns it or "".
std::string wait_log(const Runner& r, const std::vector<std::string>& needles) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string log = r.log();
    for (auto& n : needles)
      if (log.find(n) != std::string::npos) return n;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return {};
}

// `hilbench run` on the mp157-qemu board (boards/mp157-qemu.json): the exec
// driver starts the armhf runner under qemu-arm, the run goes over TCP.
TEST(LinuxRunner, HilbenchRunOnMp157UnderQemuArmIsBitExact) {
  HB_REQUIRE_CROSS();
  if (!have_program("arm-linux-gnueabihf-gcc")) GTEST_SKIP() << "no armhf compiler: runner not built";
  if (!have_program("qemu-arm")) GTEST_SKIP() << "qemu-arm (qemu-user) not installed";
  TempDir t;
  const RunResult r = run_command({HB_HILBENCH_EXE, "run", "--board", "mp157-qemu", "--limit", "40", "--json", "--db",
                                   (t.path() / "runs.db").string()},
                                  std::chrono::seconds(300));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["board"], "mp157-qemu");
  EXPECT_EQ(j["images"], 40);
  EXPECT_EQ(j["bit_exact"], 40);
  EXPECT_EQ(j["top1_device"], j["top1_host"]);
  EXPECT_EQ(j["timer_source"], "clock");  // forced: perf events under qemu-arm would count the emulator
  EXPECT_EQ(j["time_unit"], "ns");
}

// Timer source: PMU cycles when perf_event_open allows it, else the clock;
// --timer pmu insists (and says why it cannot), --timer clock never tries.
TEST(LinuxRunner, TimerChoice) {
  HB_REQUIRE_CROSS();
  const fs::path runner = fw_dir() / "hb-fw-linux";
  ASSERT_TRUE(fs::exists(runner)) << runner;
  TempDir t;
  const std::vector<std::string> base = {runner.string(), "--listen", "0",         "--bind",
                                         "127.0.0.1",     "--cpu-hz", "1000000000"};
  auto with = [&](const char* timer) {
    auto v = base;
    v.insert(v.end(), {"--timer", timer});
    return v;
  };
  Runner forced(with("pmu"), t.path() / "pmu.log");
  const std::string pmu = wait_log(forced, {"timer pmu cycles", "--timer pmu: perf_event_open"});
  ASSERT_FALSE(pmu.empty()) << forced.log();
  const bool have_pmu = pmu == "timer pmu cycles";

  Runner automatic(with("auto"), t.path() / "auto.log");
  EXPECT_EQ(wait_log(automatic, {"timer pmu cycles", "timer CLOCK_MONOTONIC ns"}),
            have_pmu ? "timer pmu cycles" : "timer CLOCK_MONOTONIC ns")
      << automatic.log();
  Runner clock(with("clock"), t.path() / "clock.log");
  EXPECT_EQ(wait_log(clock, {"timer pmu cycles", "timer CLOCK_MONOTONIC ns"}), "timer CLOCK_MONOTONIC ns")
      << clock.log();
}

}  // namespace
}  // namespace hb::boardtest
