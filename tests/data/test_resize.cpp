// Resizing with half-pixel centres on images small enough to work out by hand.
#include <gtest/gtest.h>

#include "data/preprocess.h"

namespace {

using hb::data::FloatImage;
using hb::data::Image;
using hb::data::resize;
using hb::data::ResizeMethod;

Image grey(int w, int h, std::vector<uint8_t> px) {
  Image img(w, h, 1);
  img.pixels = std::move(px);
  return img;
}

void expect_values(const FloatImage& f, const std::vector<double>& want) {
  ASSERT_EQ(f.values.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_DOUBLE_EQ(f.values[i], want[i]) << "index " << i;
}

TEST(DataResize, Bilinear2x2To4x4) {
  // Source columns sit at output coordinates 0.5 and 2.5 (half-pixel
  // centres): outputs 0 and 3 clamp to the edge pixel, outputs 1 and 2 are
  // 3/4-1/4 and 1/4-3/4 blends. Rows likewise.
  //   [  0 100]      row 0: 0, 25, 75, 100      row 3: 200, 160, 80, 40
  //   [200  40]  ->  row 1 = .75 row0 + .25 row3, row 2 = .25 row0 + .75 row3
  const auto f = resize(grey(2, 2, {0, 100, 200, 40}), 4, 4, ResizeMethod::bilinear);
  expect_values(f, {0, 25, 75, 100,          //
                    50, 58.75, 76.25, 85,    //
                    150, 126.25, 78.75, 55,  //
                    200, 160, 80, 40});
}

TEST(DataResize, Bilinear4To2AveragesPairs) {
  // Output centres land exactly between source pixels 0|1 and 2|3.
  const auto f = resize(grey(4, 4,
                             {0, 10, 20, 30,     //
                              40, 50, 60, 70,    //
                              80, 90, 100, 110,  //
                              120, 130, 140, 150}),
                        2, 2, ResizeMethod::bilinear);
  expect_values(f, {25, 45, 105, 125});
}

TEST(DataResize, Bilinear3To2) {
  // s = (o + 0.5) * 3/2 - 0.5 = 0.25, 1.75.
  const auto f = resize(grey(3, 1, {0, 40, 200}), 2, 1, ResizeMethod::bilinear);
  expect_values(f, {0.75 * 0 + 0.25 * 40, 0.25 * 40 + 0.75 * 200});
}

TEST(DataResize, NearestHalfPixel) {
  // index = floor((o + 0.5) * in/out)
  expect_values(resize(grey(2, 1, {7, 9}), 4, 1, ResizeMethod::nearest), {7, 7, 9, 9});
  expect_values(resize(grey(4, 1, {1, 2, 3, 4}), 2, 1, ResizeMethod::nearest), {2, 4});  // 1.0, 3.0
  expect_values(resize(grey(3, 1, {1, 2, 3}), 2, 1, ResizeMethod::nearest), {1, 3});     // 0.75, 2.25
  // 2 -> 3: (o + .5) * 2/3 = 1/3, 1 (exactly: must not become 0.999..), 5/3.
  expect_values(resize(grey(2, 1, {5, 6}), 3, 1, ResizeMethod::nearest), {5, 6, 6});
  // Vertical axis uses the same rule.
  expect_values(resize(grey(1, 4, {1, 2, 3, 4}), 1, 2, ResizeMethod::nearest), {2, 4});
}

TEST(DataResize, SameSizeIsIdentity) {
  Image img(3, 2, 3);
  for (size_t i = 0; i < img.pixels.size(); ++i) img.pixels[i] = uint8_t(i * 13);
  for (auto m : {ResizeMethod::nearest, ResizeMethod::bilinear}) {
    const auto f = resize(img, 3, 2, m);
    for (size_t i = 0; i < img.pixels.size(); ++i) EXPECT_EQ(f.values[i], img.pixels[i]);
  }
}

TEST(DataResize, ChannelsAreIndependent) {
  Image img(2, 1, 3);
  img.pixels = {0, 100, 255, 100, 0, 255};
  const auto f = resize(img, 4, 1, ResizeMethod::bilinear);
  expect_values(f, {0, 100, 255, 25, 75, 255, 75, 25, 255, 100, 0, 255});
}

}  // namespace
