// Turning a decoded image into the exact bytes of a model's input tensor.
//
// Pipeline (each step is also exposed on its own, for tests and reuse):
//   1. colour:  convert_colour() to RGB / BGR / grey (uint8)
//   2. aspect:  fit = stretch; crop = centre crop to the target aspect
//               (crop_window); pad = zero-pad to the target aspect, centred
//               (pad_to_aspect) — both as Keras' smart_resize / Resizing layer
//               do, i.e. before resizing
//   3. resize:  resize() to W x H, nearest or bilinear, half-pixel centres; the
//               result stays in double (not rounded to uint8)
//   4. encode:  encode_tensor() — rescale and quantize to uint8 / int8, or
//               float32 (see encode_tensor for the exact arithmetic)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "data/dataset.h"
#include "data/image.h"

namespace hb::data {

enum class ResizeMethod { nearest, bilinear };
enum class AspectMode { fit, crop, pad };
enum class ColourMode { rgb, bgr, grayscale };
enum class DType { uint8, int8, float32 };

// real = pixel * scale + offset, as Keras' Rescaling layer.
struct Rescale {
  double scale = 1.0;
  double offset = 0.0;
};

struct Preprocess {
  ResizeMethod resize = ResizeMethod::bilinear;  // Keras' default
  AspectMode aspect = AspectMode::fit;
  std::optional<ColourMode> colour;  // unset: grayscale for 1-channel inputs, rgb for 3-channel
  std::optional<Rescale> rescale;    // unset: "pixel codes", see encode_tensor
  std::string describe() const;      // canonical one-liner, for logs and run keys
};

// The model input tensor, NHWC with N = 1.
struct InputSpec {
  int height = 0;
  int width = 0;
  int channels = 0;
  DType dtype = DType::uint8;
  double scale = 0.0;  // quantization scale; 0 = not quantized
  int32_t zero_point = 0;
  size_t bytes() const;
};

// --- steps -------------------------------------------------------------------

// Grey from RGB uses ITU-R BT.601 luma (the weights of libjpeg's own
// RGB->grey): Y = (299 R + 587 G + 114 B + 500) / 1000, integer division, i.e.
// rounded half up. Grey to RGB/BGR replicates the channel.
Image convert_colour(const Image& src, ColourMode mode);

struct Window {
  int x = 0, y = 0, width = 0, height = 0;
};
// Largest centred window of the target aspect ratio (Keras smart_resize):
// h' = min(H, W*dst_h/dst_w), w' = min(W, H*dst_w/dst_h) (integer division),
// x = (W - w')/2, y = (H - h')/2.
Window crop_window(int src_w, int src_h, int dst_w, int dst_h);
Image crop(const Image& src, const Window& w);
// Zero-padded canvas of the target aspect ratio, image centred (Keras
// pad_to_aspect_ratio): H' = max(H, W*dst_h/dst_w), W' = max(W, H*dst_w/dst_h),
// image at ((W'-W)/2, (H'-H)/2).
Image pad_to_aspect(const Image& src, int dst_w, int dst_h);

struct FloatImage {
  int width = 0, height = 0, channels = 0;
  std::vector<double> values;  // HWC
  double at(int x, int y, int c) const { return values[(size_t(y) * width + x) * channels + c]; }
};
// Half-pixel centres, no antialiasing (TF2 tf.image.resize antialias=False,
// OpenCV INTER_LINEAR / INTER_NEAREST_EXACT). Per axis, output index o maps to
// source coordinate s = (o + 0.5) * in/out - 0.5, computed exactly as the
// rational ((2o+1)*in - out) / (2*out) and rounded once to double.
//   nearest:  source index floor(s + 0.5) = floor((2o+1)*in / (2*out)), integer
//             arithmetic, clamped to in-1.
//   bilinear: i0 = floor(s), f = s - i0, neighbours clamp(i0), clamp(i0+1) to
//             [0, in-1]; top = p(x0,y0) + (p(x1,y0) - p(x0,y0))*fx, likewise
//             bottom, value = top + (bottom - top)*fy, in double.
FloatImage resize(const Image& src, int dst_w, int dst_h, ResizeMethod method);

// Steps 1-3 for `spec`'s size and channel count; throws hb::Error on a channel mismatch.
FloatImage prepare_pixels(const Image& src, const Preprocess& pp, const InputSpec& spec);

// Step 4. With v a resized pixel value (0..255, maybe fractional):
//  float32: the float nearest to (rescale ? v*scale + offset : v), little-endian.
//  uint8/int8, rescale unset ("pixel codes", the convention of the ST model zoo
//    and MLPerf Tiny int8 models): q = round(v) for uint8, round(v) - 128 for int8;
//    the tensor's quantization is not consulted.
//  uint8/int8, rescale set: real = v*scale + offset, q = round(real / spec.scale)
//    + zero_point, clamped to the type's range (spec.scale == 0: q = round(real)).
//    Unit-step rule: if real/spec.scale + zero_point is v + k with |k - k0| <= 0.5
//    (k0 = 0 for uint8, -128 for int8; checked as |scale/spec.scale - 1| <= 1e-4
//    and |offset/spec.scale + zero_point - k0| <= 0.5 + 1e-6), q = round(v) + k0
//    exactly. This keeps float noise out of the identity mappings (1/255 vs the
//    stored 0.003921569) and picks the model's intended code when the converter
//    rounded a zero point of 127.5 to 127 (rescale 1/127.5,-1 with uint8 input
//    scale 1/127.5 zp 127, as ST's mobilenet_v2 models have).
//  round() is half away from zero (std::round), as TFLite's TfLiteRound. (TFLM's
//  reference AffineQuantize computes (int)(x + 0.5) instead, which differs for
//  negative ties; it does not run on inputs we send.)
std::vector<uint8_t> encode_tensor(const FloatImage& px, const std::optional<Rescale>& rescale, const InputSpec& spec);

// Steps 1-4. For a raw Item, checks its size against spec.bytes() and returns
// it unchanged (raw tensors bypass preprocessing). `name` labels errors.
std::vector<uint8_t> make_input(const Image& src, const Preprocess& pp, const InputSpec& spec);
std::vector<uint8_t> make_input(const Item& item, const Preprocess& pp, const InputSpec& spec,
                                const std::string& name = "sample");

// --- parsing (CLI flags, config files) -----------------------------------------
// `what` names the flag or file:key in the hb::Error thrown for unknown values.
ResizeMethod parse_resize(std::string_view v, const std::string& what);  // nearest|bilinear
AspectMode parse_aspect(std::string_view v, const std::string& what);    // fit|crop|pad|padding
ColourMode parse_colour(std::string_view v, const std::string& what);    // rgb|bgr|grayscale|greyscale
double parse_number(std::string_view v, const std::string& what);        // "0.5", "-1", "1/255.0"
Rescale parse_rescale(std::string_view v, const std::string& what);      // "SCALE[,OFFSET]"
const char* to_string(ResizeMethod m);
const char* to_string(AspectMode m);
const char* to_string(ColourMode m);

// The `preprocessing:` section of an ST model-zoo *_config.yaml:
//   rescaling: {scale: 1/255.0, offset: 0}
//   resizing: {interpolation: nearest|bilinear, aspect_ratio: fit|crop|padding}
//   color_mode: rgb|bgr|grayscale
// Missing keys keep Preprocess defaults; unknown keys or values -> hb::Error
// naming the file and key.
Preprocess from_st_config(const std::string& yaml_path);

}  // namespace hb::data
