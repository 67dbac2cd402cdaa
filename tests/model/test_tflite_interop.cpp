// The .tflite hilbench's writer produced (the bundled default model) runs on
// TensorFlow Lite's own runtime (WASM build from npm @tensorflow/tfjs-tflite,
// installed by ci/setup.sh) with the same top-1 as hilbench's engine.
#include <gtest/gtest.h>

#include <filesystem>

#include "common/subprocess.h"

namespace {

namespace fs = std::filesystem;

TEST(TfliteInterop, BundledModelAgreesWithTfliteRuntime) {
  const fs::path dir = fs::path(HB_SOURCE_DIR) / "models/fashion-mnist/interop";
  if (!hb::have_program("node")) GTEST_SKIP() << "node not installed";
  if (!fs::exists(dir / "node_modules/@tensorflow/tfjs-tflite/wasm"))
    GTEST_SKIP() << "npm @tensorflow/tfjs-tflite not installed (ci/setup.sh runs npm ci in " << dir.string() << ")";
  if (!fs::exists("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"))
    GTEST_SKIP() << "dataset-fashion-mnist not installed";
  const std::string model = (fs::path(HB_SOURCE_DIR) / "models/fashion-mnist/hb_effnet_lc_fmnist_int8.tflite").string();
  const hb::RunResult r =
      hb::run_command({"node", (dir / "check.js").string(), "--hilbench", HB_HILBENCH_EXE, "--count", "200", model},
                      std::chrono::seconds(600));
  ASSERT_FALSE(r.timed_out);
  // check.js exits 1 if TFLite rejects the file or top-1 agreement is below 99 %.
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("hb_effnet_lc_fmnist_int8.tflite: 200 inputs"), std::string::npos) << r.out << r.err;
  EXPECT_NE(r.out.find("top-1 agreement"), std::string::npos) << r.out;
}

}  // namespace
