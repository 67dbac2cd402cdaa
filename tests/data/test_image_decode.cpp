// JPEG/PNG decoding: exact pixels for PNG in every colour type we convert,
// close pixels for JPEG, and one-line hb::Error (not exit()) on bad files.
#include <png.h>

#include <gtest/gtest.h>

#include "common/error.h"
#include "data/data_test_util.h"
#include "data/image.h"

namespace {

using hb::data::Image;
using hb::data::load_image_file;
using hb::test::TempDir;

std::vector<uint8_t> pattern(int w, int h, int c) {
  std::vector<uint8_t> v(size_t(w) * h * c);
  for (size_t i = 0; i < v.size(); ++i) v[i] = uint8_t((i * 37 + 11) % 256);
  return v;
}

std::string error_of(const std::string& path) {
  try {
    load_image_file(path);
  } catch (const hb::Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(DataImageDecode, PngRgbExact) {
  TempDir d;
  const auto px = pattern(5, 3, 3);
  hb::test::write_png8(d / "a.png", 5, 3, 3, px);
  const Image img = load_image_file((d / "a.png").string());
  EXPECT_EQ(img.width, 5);
  EXPECT_EQ(img.height, 3);
  EXPECT_EQ(img.channels, 3);
  EXPECT_EQ(img.pixels, px);
}

TEST(DataImageDecode, PngGreyStaysOneChannel) {
  TempDir d;
  const auto px = pattern(4, 4, 1);
  hb::test::write_png8(d / "g.png", 4, 4, 1, px);
  const Image img = load_image_file((d / "g.png").string());
  EXPECT_EQ(img.channels, 1);
  EXPECT_EQ(img.pixels, px);
}

TEST(DataImageDecode, PngOneBitGreyExpandsTo0And255) {
  TempDir d;
  hb::test::write_png(d / "b.png", 4, 1, PNG_COLOR_TYPE_GRAY, 1, {0, 1, 1, 0});
  const Image img = load_image_file((d / "b.png").string());
  EXPECT_EQ(img.channels, 1);
  EXPECT_EQ(img.pixels, (std::vector<uint8_t>{0, 255, 255, 0}));
}

TEST(DataImageDecode, PngPaletteBecomesRgb) {
  TempDir d;
  hb::test::write_png(d / "p.png", 3, 1, PNG_COLOR_TYPE_PALETTE, 8, {2, 0, 1}, {10, 20, 30, 40, 50, 60, 70, 80, 90});
  const Image img = load_image_file((d / "p.png").string());
  EXPECT_EQ(img.channels, 3);
  EXPECT_EQ(img.pixels, (std::vector<uint8_t>{70, 80, 90, 10, 20, 30, 40, 50, 60}));
}

TEST(DataImageDecode, PngAlphaIsDroppedNotComposited) {
  TempDir d;
  // Second pixel fully transparent: compositing on black would zero it.
  hb::test::write_png(d / "rgba.png", 2, 1, PNG_COLOR_TYPE_RGB_ALPHA, 8, {1, 2, 3, 255, 200, 150, 100, 0});
  Image img = load_image_file((d / "rgba.png").string());
  EXPECT_EQ(img.channels, 3);
  EXPECT_EQ(img.pixels, (std::vector<uint8_t>{1, 2, 3, 200, 150, 100}));
  hb::test::write_png(d / "ga.png", 2, 1, PNG_COLOR_TYPE_GRAY_ALPHA, 8, {77, 0, 99, 128});
  img = load_image_file((d / "ga.png").string());
  EXPECT_EQ(img.channels, 1);
  EXPECT_EQ(img.pixels, (std::vector<uint8_t>{77, 99}));
}

TEST(DataImageDecode, Png16BitScalesWithRounding) {
  TempDir d;
  // x*257 maps to exactly x; 0x1234 = 4660 -> 4660*255/65535 = 18.13 -> 18
  // (taking the high byte would give 0x12 = 18 too, so also 0x12F0 = 4848 ->
  // 18.86 -> 19, where the high byte alone gives 18).
  hb::test::write_png(d / "w.png", 5, 1, PNG_COLOR_TYPE_GRAY, 16, {0, 200 * 257, 0x1234, 0x12F0, 65535});
  const Image img = load_image_file((d / "w.png").string());
  EXPECT_EQ(img.pixels, (std::vector<uint8_t>{0, 200, 18, 19, 255}));
}

TEST(DataImageDecode, PngInterlacedExact) {
  TempDir d;
  const auto px = pattern(9, 7, 3);
  hb::test::write_png(d / "i.png", 9, 7, PNG_COLOR_TYPE_RGB, 8, std::vector<uint16_t>(px.begin(), px.end()), {}, true);
  EXPECT_EQ(load_image_file((d / "i.png").string()).pixels, px);
}

TEST(DataImageDecode, JpegRgbApproximate) {
  TempDir d;
  // 16x16 flat 8x8 blocks: JPEG reproduces flat blocks almost exactly.
  const uint8_t colours[4][3] = {{200, 30, 40}, {20, 180, 60}, {30, 40, 220}, {128, 128, 128}};
  std::vector<uint8_t> px(16 * 16 * 3);
  for (int y = 0; y < 16; ++y)
    for (int x = 0; x < 16; ++x)
      for (int c = 0; c < 3; ++c) px[(y * 16 + x) * 3 + c] = colours[(y / 8) * 2 + x / 8][c];
  hb::test::write_jpeg(d / "c.jpg", 16, 16, 3, px, 100);
  const Image img = load_image_file((d / "c.jpg").string());
  ASSERT_EQ(img.channels, 3);
  ASSERT_EQ(img.pixels.size(), px.size());
  int worst = 0;
  for (size_t i = 0; i < px.size(); ++i) worst = std::max(worst, std::abs(int(img.pixels[i]) - int(px[i])));
  EXPECT_LE(worst, 3);  // quality 100, 4:4:4, flat 8x8 blocks: only rounding error
  EXPECT_NEAR(img.at(3, 3, 0), 200, 2);
  EXPECT_NEAR(img.at(12, 12, 2), 128, 2);
}

TEST(DataImageDecode, JpegGreyStaysOneChannel) {
  TempDir d;
  std::vector<uint8_t> px(8 * 8, 90);
  hb::test::write_jpeg(d / "g.jpg", 8, 8, 1, px);
  const Image img = load_image_file((d / "g.jpg").string());
  EXPECT_EQ(img.channels, 1);
  for (uint8_t v : img.pixels) EXPECT_NEAR(v, 90, 1);
}

TEST(DataImageDecode, FormatFollowsContentNotExtension) {
  TempDir d;
  hb::test::write_png8(d / "really_png.jpg", 2, 1, 1, {5, 6});
  EXPECT_EQ(load_image_file((d / "really_png.jpg").string()).pixels, (std::vector<uint8_t>{5, 6}));
}

TEST(DataImageDecode, TruncatedJpegIsAnErrorNotExit) {
  TempDir d;
  hb::test::write_jpeg(d / "t.jpg", 32, 32, 3, pattern(32, 32, 3));
  auto bytes = hb::test::read_bytes(d / "t.jpg");
  bytes.resize(bytes.size() / 2);
  hb::test::write_bytes(d / "t.jpg", bytes);
  const std::string path = (d / "t.jpg").string();
  const std::string msg = error_of(path);
  EXPECT_EQ(msg.rfind(path + ": corrupt JPEG: ", 0), 0u) << msg;
  EXPECT_EQ(msg.find('\n'), std::string::npos);
}

TEST(DataImageDecode, CorruptJpegHeaderIsAnError) {
  TempDir d;
  hb::test::write_jpeg(d / "c.jpg", 16, 16, 3, pattern(16, 16, 3));
  auto bytes = hb::test::read_bytes(d / "c.jpg");
  for (size_t i = 4; i < 40 && i < bytes.size(); ++i) bytes[i] = 0xFF ^ uint8_t(i);  // keep SOI, smash headers
  hb::test::write_bytes(d / "c.jpg", bytes);
  const std::string path = (d / "c.jpg").string();
  EXPECT_EQ(error_of(path).rfind(path + ": corrupt JPEG: ", 0), 0u) << error_of(path);
}

TEST(DataImageDecode, TruncatedAndCorruptPngAreErrors) {
  TempDir d;
  hb::test::write_png8(d / "t.png", 16, 16, 3, pattern(16, 16, 3));
  auto bytes = hb::test::read_bytes(d / "t.png");
  auto half = bytes;
  half.resize(bytes.size() / 2);
  hb::test::write_bytes(d / "t.png", half);
  std::string path = (d / "t.png").string();
  std::string msg = error_of(path);
  EXPECT_EQ(msg.rfind(path + ": corrupt PNG: ", 0), 0u) << msg;

  bytes[20] ^= 0x55;  // inside IHDR: its CRC no longer matches
  hb::test::write_bytes(d / "crc.png", bytes);
  path = (d / "crc.png").string();
  msg = error_of(path);
  EXPECT_EQ(msg.rfind(path + ": corrupt PNG: ", 0), 0u) << msg;
}

TEST(DataImageDecode, NotAnImage) {
  TempDir d;
  hb::test::write_bytes(d / "x.png", {'h', 'e', 'l', 'l', 'o'});
  hb::test::write_bytes(d / "e.jpg", {});
  EXPECT_NE(error_of((d / "x.png").string()).find("not a JPEG or PNG"), std::string::npos);
  EXPECT_NE(error_of((d / "e.jpg").string()).find("empty file"), std::string::npos);
  EXPECT_NE(error_of((d / "missing.png").string()).find("missing.png"), std::string::npos);
}

}  // namespace
