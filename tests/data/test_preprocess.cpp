// Colour conversion, aspect handling, and the exact bytes encode_tensor makes
// for uint8 / int8 / float32 inputs, including rounding at the edges.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "common/error.h"
#include "data/preprocess.h"

namespace {

using namespace hb::data;

Image rgb(int w, int h, std::vector<uint8_t> px) {
  Image img(w, h, 3);
  img.pixels = std::move(px);
  return img;
}

Image grey(int w, int h, std::vector<uint8_t> px) {
  Image img(w, h, 1);
  img.pixels = std::move(px);
  return img;
}

// A 1-channel "image" holding every value 0..255, encoded at its own size.
std::vector<uint8_t> encode_all_values(const std::optional<Rescale>& r, const InputSpec& s) {
  FloatImage f{256, 1, 1, {}};
  for (int v = 0; v < 256; ++v) f.values.push_back(v);
  InputSpec spec = s;
  spec.width = 256;
  spec.height = 1;
  spec.channels = 1;
  return encode_tensor(f, r, spec);
}

std::vector<uint8_t> encode_values(const std::vector<double>& vals, const std::optional<Rescale>& r, InputSpec s) {
  FloatImage f{int(vals.size()), 1, 1, vals};
  s.width = int(vals.size());
  s.height = 1;
  s.channels = 1;
  return encode_tensor(f, r, s);
}

std::vector<int> as_int8(const std::vector<uint8_t>& b) {
  std::vector<int> v;
  for (uint8_t x : b) v.push_back(int8_t(x));
  return v;
}

TEST(DataColour, BgrSwapsAndGreyUsesBt601) {
  const Image src = rgb(4, 1, {255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30});
  EXPECT_EQ(convert_colour(src, ColourMode::bgr).pixels,
            (std::vector<uint8_t>{0, 0, 255, 0, 255, 0, 255, 0, 0, 30, 20, 10}));
  // 0.299*255 = 76.245, 0.587*255 = 149.685, 0.114*255 = 29.07,
  // 0.299*10 + 0.587*20 + 0.114*30 = 2.99 + 11.74 + 3.42 = 18.15
  const Image g = convert_colour(src, ColourMode::grayscale);
  EXPECT_EQ(g.channels, 1);
  EXPECT_EQ(g.pixels, (std::vector<uint8_t>{76, 150, 29, 18}));
  // Grey input is replicated into RGB.
  EXPECT_EQ(convert_colour(grey(2, 1, {5, 250}), ColourMode::rgb).pixels,
            (std::vector<uint8_t>{5, 5, 5, 250, 250, 250}));
}

TEST(DataAspect, CropWindowIsCentredLargestOfTargetAspect) {
  auto eq = [](Window w, int x, int y, int ww, int hh) {
    EXPECT_EQ(w.x, x);
    EXPECT_EQ(w.y, y);
    EXPECT_EQ(w.width, ww);
    EXPECT_EQ(w.height, hh);
  };
  eq(crop_window(200, 100, 128, 128), 50, 0, 100, 100);
  eq(crop_window(100, 200, 128, 128), 0, 50, 100, 100);
  eq(crop_window(10, 7, 3, 2), 0, 0, 10, 6);  // h' = 10*2/3 = 6, y = (7-6)/2 = 0
  eq(crop_window(10, 4, 2, 1), 1, 0, 8, 4);   // w' = 4*2/1 = 8
  eq(crop_window(64, 64, 32, 32), 0, 0, 64, 64);
}

TEST(DataAspect, CropThenResize) {
  // 6x2 grey; the centred 2x2 window is columns 2..3.
  const Image src = grey(6, 2,
                         {1, 2, 3, 4, 5, 6,  //
                          7, 8, 9, 10, 11, 12});
  Preprocess pp;
  pp.aspect = AspectMode::crop;
  pp.resize = ResizeMethod::nearest;
  const InputSpec spec{2, 2, 1, DType::uint8, 0, 0};
  EXPECT_EQ(make_input(src, pp, spec), (std::vector<uint8_t>{3, 4, 9, 10}));
}

TEST(DataAspect, PadIsZeroAndCentredBeforeResize) {
  const Image src = grey(4, 2, {1, 2, 3, 4, 5, 6, 7, 8});
  const Image padded = pad_to_aspect(src, 4, 4);
  EXPECT_EQ(padded.width, 4);
  EXPECT_EQ(padded.height, 4);
  EXPECT_EQ(padded.pixels, (std::vector<uint8_t>{0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0}));
  // Tall 1x3 into a square: columns (3-1)/2 = 1 on the left, 1 on the right.
  EXPECT_EQ(pad_to_aspect(grey(1, 3, {7, 8, 9}), 5, 5).pixels, (std::vector<uint8_t>{0, 7, 0, 0, 8, 0, 0, 9, 0}));
  // Through make_input, into int8 pixel codes: padding is pixel 0 -> -128.
  Preprocess pp;
  pp.aspect = AspectMode::pad;
  pp.resize = ResizeMethod::nearest;
  const InputSpec spec{2, 2, 1, DType::int8, 1.0, -128};
  // 4x4 canvas, nearest 4->2 picks rows/cols 1 and 3.
  EXPECT_EQ(as_int8(make_input(src, pp, spec)), (std::vector<int>{2 - 128, 4 - 128, -128, -128}));
}

TEST(DataPreprocess, ChannelsFollowModelUnlessColourIsExplicit) {
  const Image src = rgb(1, 1, {255, 0, 0});
  Preprocess pp;
  InputSpec spec{1, 1, 1, DType::uint8, 0, 0};
  EXPECT_EQ(make_input(src, pp, spec), (std::vector<uint8_t>{76}));  // auto -> grayscale
  pp.colour = ColourMode::rgb;
  try {
    make_input(src, pp, spec);
    FAIL();
  } catch (const hb::Error& e) {
    EXPECT_STREQ(e.what(), "colour mode rgb gives 3 channel(s) but the model input has 1");
  }
  pp.colour = ColourMode::bgr;
  spec.channels = 3;
  EXPECT_EQ(make_input(src, pp, spec), (std::vector<uint8_t>{0, 0, 255}));
}

TEST(DataQuantize, PixelCodesIgnoreQuantization) {
  // uint8 (ST model zoo): the byte is the pixel. int8 (MLPerf Tiny): pixel - 128.
  const auto u = encode_all_values(std::nullopt, {0, 0, 0, DType::uint8, 1.0 / 255, 0});
  const auto i = encode_all_values(std::nullopt, {0, 0, 0, DType::int8, 1.0, -128});
  for (int v = 0; v < 256; ++v) {
    EXPECT_EQ(u[size_t(v)], v);
    EXPECT_EQ(int8_t(i[size_t(v)]), v - 128);
  }
}

TEST(DataQuantize, UnitStepRescaleIsExactIdentity) {
  const Rescale r255{1.0 / 255, 0};
  // EfficientNet LC: uint8 scale 1/255 zp 0, also with the stored float and the printed 6-digit scale.
  for (double s : {1.0 / 255, double(float(1.0 / 255)), 0.00392157}) {
    const auto b = encode_all_values(r255, {0, 0, 0, DType::uint8, s, 0});
    for (int v = 0; v < 256; ++v) ASSERT_EQ(b[size_t(v)], v) << "scale " << s;
  }
  // VWW: int8 scale 1/255 zp -128 -> pixel - 128.
  auto b = encode_all_values(r255, {0, 0, 0, DType::int8, 0.00392157, -128});
  for (int v = 0; v < 256; ++v) ASSERT_EQ(int8_t(b[size_t(v)]), v - 128);
  // ResNet-8: int8 scale 1 zp -128 with rescale 1,0.
  b = encode_all_values(Rescale{1, 0}, {0, 0, 0, DType::int8, 1.0, -128});
  for (int v = 0; v < 256; ++v) ASSERT_EQ(int8_t(b[size_t(v)]), v - 128);
  // mobilenet_v2 (ST): rescale 1/127.5,-1 into uint8 scale 1/127.5 zp 127 is
  // a half-step tie everywhere; the rule picks the model's code = pixel.
  b = encode_all_values(Rescale{1 / 127.5, -1}, {0, 0, 0, DType::uint8, 0.00784314, 127});
  for (int v = 0; v < 256; ++v) ASSERT_EQ(b[size_t(v)], v);
  b = encode_all_values(Rescale{1 / 127.5, -1}, {0, 0, 0, DType::int8, 0.00784314, -1});
  for (int v = 0; v < 256; ++v) ASSERT_EQ(int8_t(b[size_t(v)]), v - 128);
}

TEST(DataQuantize, GeneralPathRoundsHalfAwayFromZeroAndClamps) {
  // real = v, scale 2: v/2 ties at odd v.
  const InputSpec s2{0, 0, 0, DType::int8, 2.0, 0};
  EXPECT_EQ(as_int8(encode_values({0, 1, 2, 3, 5}, Rescale{1, 0}, s2)), (std::vector<int>{0, 1, 1, 2, 3}));
  // Negative ties go away from zero too: real = v - 255 -> -0.5 -> -1, -1.5 -> -2.
  EXPECT_EQ(as_int8(encode_values({254, 252, 255}, Rescale{1, -255}, s2)), (std::vector<int>{-1, -2, 0}));
  // Clamp at the int8 edges: q = v - 100 with int8 range.
  const InputSpec s1{0, 0, 0, DType::int8, 1.0, -100};
  EXPECT_EQ(as_int8(encode_values({0, 27, 28, 227, 228, 255}, Rescale{1, 0}, s1)),
            (std::vector<int>{-100, -73, -72, 127, 127, 127}));
  EXPECT_EQ(as_int8(encode_values({0, 255}, Rescale{1, -300}, s1)), (std::vector<int>{-128, -128}));
  // uint8 clamps at 0 and 255.
  const InputSpec u{0, 0, 0, DType::uint8, 0.5, 10};
  EXPECT_EQ(encode_values({0, 100, 122, 123, 200}, Rescale{1, -10}, u), (std::vector<uint8_t>{0, 190, 234, 236, 255}));
  // scale/zp that is not a unit step: q = round(2v/255) + 10.
  const InputSpec h{0, 0, 0, DType::int8, 0.5, 10};
  EXPECT_EQ(as_int8(encode_values({0, 63, 64, 191, 192, 255}, Rescale{1.0 / 255, 0}, h)),
            (std::vector<int>{10, 10, 11, 11, 12, 12}));
}

TEST(DataQuantize, FractionalPixelsFromBilinearRound) {
  // [0, 2] -> 4 wide bilinear = 0, 0.5, 1.5, 2 -> 0, 1, 2, 2 in pixel codes.
  Preprocess pp;
  const InputSpec spec{1, 4, 1, DType::uint8, 1.0 / 255, 0};
  EXPECT_EQ(make_input(grey(2, 1, {0, 2}), pp, spec), (std::vector<uint8_t>{0, 1, 2, 2}));
}

TEST(DataQuantize, Float32IsRescaledLittleEndian) {
  const InputSpec f{0, 0, 0, DType::float32, 0, 0};
  auto floats = [](const std::vector<uint8_t>& b) {
    std::vector<float> v(b.size() / 4);
    std::memcpy(v.data(), b.data(), b.size());
    return v;
  };
  EXPECT_EQ(floats(encode_values({0, 51, 255}, Rescale{1.0 / 255, 0}, f)), (std::vector<float>{0.0f, 0.2f, 1.0f}));
  EXPECT_EQ(floats(encode_values({0, 255}, Rescale{1 / 127.5, -1}, f)), (std::vector<float>{-1.0f, 1.0f}));
  EXPECT_EQ(floats(encode_values({3, 254.5}, std::nullopt, f)), (std::vector<float>{3.0f, 254.5f}));
  EXPECT_EQ(encode_values({1, 2}, std::nullopt, f).size(), 8u);
}

TEST(DataPreprocess, DescribeAndParse) {
  Preprocess pp;
  EXPECT_EQ(pp.describe(), "resize=bilinear aspect=fit colour=auto rescale=pixel-codes");
  pp.resize = parse_resize("Nearest", "--resize");
  pp.aspect = parse_aspect("padding", "--aspect");
  pp.colour = parse_colour("greyscale", "--colour");
  pp.rescale = parse_rescale("1/127.5,-1", "--rescale");
  EXPECT_DOUBLE_EQ(pp.rescale->scale, 1 / 127.5);
  EXPECT_EQ(pp.rescale->offset, -1);
  EXPECT_EQ(pp.describe(), "resize=nearest aspect=pad colour=grayscale rescale=0.00784313725,-1");
  EXPECT_DOUBLE_EQ(parse_number("1/255.0", "x"), 1 / 255.0);
  EXPECT_DOUBLE_EQ(parse_number(" +0.5 ", "x"), 0.5);
  EXPECT_DOUBLE_EQ(parse_rescale("0.25", "x").offset, 0.0);
  try {
    parse_resize("bicubic", "--resize");
    FAIL();
  } catch (const hb::Error& e) {
    EXPECT_STREQ(e.what(), "--resize: unknown value 'bicubic' (expected nearest or bilinear)");
  }
  EXPECT_THROW(parse_number("1/0", "x"), hb::Error);
  EXPECT_THROW(parse_number("abc", "x"), hb::Error);
  EXPECT_THROW(parse_number("", "x"), hb::Error);
  EXPECT_THROW(parse_aspect("stretch", "x"), hb::Error);
}

}  // namespace
