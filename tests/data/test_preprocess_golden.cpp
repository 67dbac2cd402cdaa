// End to end against data prepared elsewhere: the st_mnist golden inputs are
// the first Fashion-MNIST test images as that model takes them.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "data/data_test_util.h"
#include "data/dataset.h"
#include "data/preprocess.h"
#include "test_paths.h"

namespace fs = std::filesystem;

namespace {

TEST(DataPreprocessGolden, FashionMnistIntoStMnist) {
  HB_REQUIRE_SHARED();
  const fs::path fashion = "/usr/share/datasets/fashion-mnist";
  const fs::path golden = hb::test::shared_dir() / "golden/st_mnist_v1_28_tfs_int8";
  if (!fs::exists(fashion / "t10k-images-idx3-ubyte.gz") || !fs::exists(golden / "golden.json"))
    GTEST_SKIP() << "Fashion-MNIST or the st_mnist golden set is absent";
  const auto j = nlohmann::json::parse(std::ifstream(golden / "golden.json"));
  hb::data::InputSpec spec{
      28, 28, 1, hb::data::DType::uint8, j["input_scale"].get<double>(), j["input_zero_point"].get<int32_t>()};
  ASSERT_EQ(spec.bytes(), j["input_bytes"].get<size_t>());

  auto ds = hb::data::open_dataset(fashion.string());
  hb::data::Preprocess codes;  // defaults: pixel codes, auto colour -> grayscale
  hb::data::Preprocess st;     // as an ST config for this model would say
  st.resize = hb::data::ResizeMethod::nearest;
  st.colour = hb::data::ColourMode::grayscale;
  st.rescale = hb::data::Rescale{1 / 127.5, -1};
  int checked = 0;
  for (int i = 0; i < 10; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "fmnist%02d.bin", i);
    if (!fs::exists(golden / name)) continue;
    const auto want = hb::test::read_bytes(golden / name);
    EXPECT_EQ(hb::data::make_input(ds->load(size_t(i)), codes, spec), want) << name;
    EXPECT_EQ(hb::data::make_input(ds->load(size_t(i)), st, spec), want) << name;
    ++checked;
  }
  EXPECT_GT(checked, 0);
}

}  // namespace
