#include "data/image.h"

#include <algorithm>
#include <cctype>

#include "common/error.h"
#include "common/file_io.h"

namespace hb::data {

ImageFormat sniff_image(std::span<const uint8_t> f) {
  if (f.size() >= 3 && f[0] == 0xFF && f[1] == 0xD8 && f[2] == 0xFF) return ImageFormat::jpeg;
  static const uint8_t kPng[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  if (f.size() >= 8 && std::equal(kPng, kPng + 8, f.begin())) return ImageFormat::png;
  return ImageFormat::unknown;
}

Image decode_image(std::span<const uint8_t> file, const std::string& name) {
  switch (sniff_image(file)) {
    case ImageFormat::jpeg:
      return decode_jpeg(file, name);
    case ImageFormat::png:
      return decode_png(file, name);
    case ImageFormat::unknown:
      break;
  }
  throw Error(name + (file.empty() ? ": empty file, expected a JPEG or PNG image"
                                   : ": not a JPEG or PNG image (unrecognised signature)"));
}

Image load_image_file(const std::string& path) { return decode_image(read_file(path), path); }

bool has_image_extension(const std::string& filename) {
  const auto dot = filename.rfind('.');
  if (dot == std::string::npos) return false;
  std::string ext = filename.substr(dot + 1);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return ext == "jpg" || ext == "jpeg" || ext == "png";
}

}  // namespace hb::data
