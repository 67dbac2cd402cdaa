// Preprocess from ST model-zoo YAML: the real flowers config, and errors that
// name the file and key.
#include <gtest/gtest.h>

#include "common/error.h"
#include "data/data_test_util.h"
#include "data/preprocess.h"
#include "test_paths.h"

namespace {

using hb::data::from_st_config;
using hb::test::TempDir;

std::string write_yaml(const TempDir& d, const std::string& name, const std::string& text) {
  hb::test::write_bytes(d / name, std::vector<uint8_t>(text.begin(), text.end()));
  return (d / name).string();
}

std::string error_of(const std::string& path) {
  try {
    from_st_config(path);
  } catch (const hb::Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(DataStConfig, FlowersConfigFromModelZoo) {
  HB_REQUIRE_SHARED();
  const auto path = hb::test::shared_dir() / "models/st-modelzoo/st_efficientnet_lc_v1_128_tfs_config_flowers.yaml";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " absent";
  const auto pp = from_st_config(path.string());
  EXPECT_EQ(pp.resize, hb::data::ResizeMethod::nearest);
  EXPECT_EQ(pp.aspect, hb::data::AspectMode::fit);
  ASSERT_TRUE(pp.colour.has_value());
  EXPECT_EQ(*pp.colour, hb::data::ColourMode::rgb);
  ASSERT_TRUE(pp.rescale.has_value());
  EXPECT_DOUBLE_EQ(pp.rescale->scale, 1 / 255.0);
  EXPECT_EQ(pp.rescale->offset, 0.0);
  // With the model's input (UINT8 scale 1/255 zp 0) the bytes are the pixels.
  hb::data::Image img(2, 1, 3);
  img.pixels = {0, 1, 2, 253, 254, 255};
  const hb::data::InputSpec spec{1, 2, 3, hb::data::DType::uint8, double(float(1 / 255.0)), 0};
  EXPECT_EQ(hb::data::make_input(img, pp, spec), img.pixels);
}

TEST(DataStConfig, OtherValues) {
  TempDir d;
  const auto p = write_yaml(d, "c.yaml",
                            "general: {project_name: x}\n"
                            "preprocessing:\n"
                            "  rescaling: {scale: 1/127.5, offset: -1}\n"
                            "  resizing:\n"
                            "    interpolation: bilinear\n"
                            "    aspect_ratio: padding\n"
                            "  color_mode: grayscale\n");
  const auto pp = from_st_config(p);
  EXPECT_EQ(pp.resize, hb::data::ResizeMethod::bilinear);
  EXPECT_EQ(pp.aspect, hb::data::AspectMode::pad);
  EXPECT_EQ(*pp.colour, hb::data::ColourMode::grayscale);
  EXPECT_DOUBLE_EQ(pp.rescale->scale, 1 / 127.5);
  EXPECT_EQ(pp.rescale->offset, -1.0);

  const auto q = write_yaml(d, "crop.yaml", "preprocessing:\n  resizing: {aspect_ratio: crop}\n");
  const auto pq = from_st_config(q);
  EXPECT_EQ(pq.aspect, hb::data::AspectMode::crop);
  EXPECT_EQ(pq.resize, hb::data::ResizeMethod::bilinear);  // default kept
  EXPECT_FALSE(pq.rescale.has_value());
  EXPECT_FALSE(pq.colour.has_value());
}

TEST(DataStConfig, ErrorsNameFileAndKey) {
  TempDir d;
  std::string p = write_yaml(d, "a.yaml", "preprocessing:\n  resizing:\n    interpolation: bicubic\n");
  EXPECT_EQ(error_of(p), p + ": preprocessing.resizing.interpolation (line 3): unknown value 'bicubic' "
                             "(expected nearest or bilinear)");
  p = write_yaml(d, "b.yaml", "preprocessing:\n  color_mode: rgba\n");
  EXPECT_EQ(error_of(p),
            p + ": preprocessing.color_mode (line 2): unknown value 'rgba' (expected rgb, bgr or grayscale)");
  p = write_yaml(d, "c.yaml", "preprocessing:\n  normalization: {mean: 0}\n");
  EXPECT_EQ(error_of(p),
            p + ": preprocessing.normalization (line 2): unknown key (expected rescaling, resizing, color_mode)");
  p = write_yaml(d, "d.yaml", "preprocessing:\n  rescaling: {scale: one/255, offset: 0}\n");
  EXPECT_NE(error_of(p).find(p + ": preprocessing.rescaling.scale (line 2): 'one/255' is not a number"),
            std::string::npos)
      << error_of(p);
  p = write_yaml(d, "e.yaml", "dataset: {name: x}\n");
  EXPECT_EQ(error_of(p), p + ": no 'preprocessing' section");
  p = write_yaml(d, "f.yaml", "preprocessing: [unclosed\n");
  EXPECT_EQ(error_of(p).rfind(p + ": invalid YAML: ", 0), 0u) << error_of(p);
  p = write_yaml(d, "g.yaml", "preprocessing:\n  resizing: {aspect_ratio: [fit]}\n");
  EXPECT_EQ(error_of(p), p + ": preprocessing.resizing.aspect_ratio (line 2): expected a single value");
  EXPECT_EQ(error_of((d / "missing.yaml").string()), (d / "missing.yaml").string() + ": cannot open");
}

}  // namespace
