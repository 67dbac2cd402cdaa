// The optimised Cortex-M kernels against the reference, on the emulated
// cores: the per-op generated models (harness/model/test_models.cpp: odd
// channel counts, padding, strides, dilation, random zero points, a window
// larger than the column buffer, a miniature EfficientNet block) run on the
// real firmware on QEMU M7 and M33, where the DSP-extension kernels
// (target-fw/nn/kernels/arm/) are compiled in, and every output must equal
// the host engine's, which runs the reference C kernels.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "board/descriptor.h"
#include "common/subprocess.h"
#include "flash/deployment.h"
#include "link/tcp_transport.h"
#include "model/host_engine.h"
#include "model/importer.h"
#include "model/test_models.h"
#include "session/session.h"
#include "temp_dir.h"
#include "test_paths.h"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// The cases that exercise the conv / depthwise / fully-connected kernels,
// and the squeeze-and-excitation chain.
const char* const kCases[] = {"conv2d_3x3_same_s2_perchannel_relu6",
                              "conv2d_1x1_valid_pertensor_nobias",
                              "conv2d_3x3_dilation2_relu",
                              "conv2d_3x3_same_odd_channels",
                              "conv2d_1x1_wide_odd",
                              "conv2d_5x5_window_over_1k",
                              "dwconv_3x3_mult2_dilation2",
                              "dwconv_3x3_s2_valid_relu6",
                              "dwconv_3x3_same_13ch",
                              "dwconv_5x5_s2_same_8ch",
                              "fc_pertensor_bias",
                              "fc_4d_input_relu_nobias",
                              "mini_effnet_lc"};

class GeneratedOnQemu : public ::testing::TestWithParam<std::string> {};

TEST_P(GeneratedOnQemu, OptimisedKernelsEqualReference) {
  if (!hb::have_program("qemu-system-arm")) GTEST_SKIP() << "qemu-system-arm not installed";
  const auto desc = hb::board::find_board(GetParam());
  const std::string elf = std::string(HB_TEST_BIN_DIR) + "/target-fw/hb-fw-" + desc.port + ".elf";
  if (!fs::exists(elf)) GTEST_SKIP() << elf << " not built (configure with HB_CROSS=ON)";
  hb::test::TempDir tmp;
  std::mt19937 rng(1313);
  for (const char* name : kCases) {
    const hb::model::ModelBuilder m = hb::model::make_test_model(name, 1313);
    hb::model::Graph g = m.graph();
    g.path = std::string(name) + ".tflite";
    const hb::model::Plan plan = hb::model::import_graph(g);
    hb::model::HostEngine host(plan.blob);
    auto dep = hb::flash::deploy(desc, plan.blob, {(tmp.path() / name).string(), 30});
    const auto t = dep->link();
    hb::link::TcpTransport link(desc.name, t.host, t.port);
    hb::session::Session s(link);
    const auto info = s.hello(20s);
    ASSERT_EQ(info.input.bytes, host.input().bytes) << name;
    std::vector<std::vector<uint8_t>> inputs(3, std::vector<uint8_t>(host.input().bytes));
    std::uniform_int_distribution<int> byte(0, 255);
    for (auto& in : inputs)
      for (auto& b : in) b = static_cast<uint8_t>(byte(rng));
    std::vector<hb::session::Result> results;
    hb::session::StreamOptions o;
    o.sample_timeout = 60s;
    s.stream(
        inputs.size(), [&](size_t i) { return inputs[i]; },
        [&](hb::session::Result&& r) { results.push_back(std::move(r)); }, o);
    ASSERT_EQ(results.size(), inputs.size()) << name;
    for (size_t i = 0; i < inputs.size(); ++i) {
      ASSERT_TRUE(results[i].ok()) << name << ": " << hb::session::result_status_name(results[i].status);
      const std::vector<uint8_t> want = host.run(inputs[i]);
      EXPECT_EQ(results[i].output, want) << name << " sample " << i << " on " << desc.name;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Emulated, GeneratedOnQemu, ::testing::Values("qemu-m7", "qemu-m33"),
                         [](const auto& p) { return p.param == "qemu-m7" ? "M7" : "M33"; });

}  // namespace
