// Decoded images as the readers hand them to preprocessing: 8-bit, HWC,
// 1 (grey) or 3 (RGB) channels. Decoders keep the file's own channel count;
// colour conversion is preprocessing's job so it happens once, one way.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace hb::data {

struct Image {
  int width = 0;
  int height = 0;
  int channels = 0;             // 1 = grey, 3 = RGB
  std::vector<uint8_t> pixels;  // row-major HWC, width*height*channels bytes

  Image() = default;
  Image(int w, int h, int c) : width(w), height(h), channels(c), pixels(size_t(w) * h * c) {}
  uint8_t at(int x, int y, int c) const { return pixels[(size_t(y) * width + x) * channels + c]; }
  uint8_t& at(int x, int y, int c) { return pixels[(size_t(y) * width + x) * channels + c]; }
};

// `name` is only used in error messages ("name: corrupt JPEG: ...").
// JPEG: grey files decode to 1 channel, everything else to RGB (CMYK is rejected).
// PNG: grey and grey+alpha decode to 1 channel, palette/RGB/RGBA to RGB; alpha is
// dropped (not composited, as TF's decode_png(channels=3) does); 16-bit samples are
// scaled to 8 bits with rounding; tRNS transparency is ignored.
Image decode_jpeg(std::span<const uint8_t> file, const std::string& name);
Image decode_png(std::span<const uint8_t> file, const std::string& name);

enum class ImageFormat { unknown, jpeg, png };
ImageFormat sniff_image(std::span<const uint8_t> file);  // by magic bytes, not by extension

// Picks the decoder from the content's magic bytes; throws hb::Error naming `name`.
Image decode_image(std::span<const uint8_t> file, const std::string& name);
Image load_image_file(const std::string& path);

bool has_image_extension(const std::string& filename);  // .jpg .jpeg .png, any case

}  // namespace hb::data
