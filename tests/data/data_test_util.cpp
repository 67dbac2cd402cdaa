#include "data/data_test_util.h"

#include <jpeglib.h>
#include <png.h>
#include <stdlib.h>
#include <zlib.h>

#include <csetjmp>
#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace hb::test {

void write_bytes(const fs::path& p, const std::vector<uint8_t>& bytes) {
  fs::create_directories(p.parent_path());
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
  if (!f) throw std::runtime_error("cannot write " + p.string());
}

std::vector<uint8_t> read_bytes(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), {}};
}

void write_png(const fs::path& p, int w, int h, int color_type, int bit_depth, const std::vector<uint16_t>& samples,
               const std::vector<uint8_t>& palette_rgb, bool interlaced) {
  fs::create_directories(p.parent_path());
  FILE* f = std::fopen(p.c_str(), "wb");
  if (!f) throw std::runtime_error("cannot write " + p.string());
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    std::fclose(f);
    throw std::runtime_error("libpng failed writing " + p.string());
  }
  png_init_io(png, f);
  png_set_IHDR(png, info, png_uint_32(w), png_uint_32(h), bit_depth, color_type,
               interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  std::vector<png_color> pal;
  for (size_t i = 0; i + 2 < palette_rgb.size(); i += 3)
    pal.push_back({palette_rgb[i], palette_rgb[i + 1], palette_rgb[i + 2]});
  if (!pal.empty()) png_set_PLTE(png, info, pal.data(), int(pal.size()));
  png_write_info(png, info);
  if (bit_depth < 8) png_set_packing(png);  // we hand libpng one sample per byte
  const int ch = color_type == PNG_COLOR_TYPE_GRAY || color_type == PNG_COLOR_TYPE_PALETTE ? 1
                 : color_type == PNG_COLOR_TYPE_GRAY_ALPHA                                 ? 2
                 : color_type == PNG_COLOR_TYPE_RGB                                        ? 3
                                                                                           : 4;
  const size_t per_sample = bit_depth == 16 ? 2 : 1;
  std::vector<uint8_t> buf(size_t(w) * h * ch * per_sample);
  for (size_t i = 0; i < samples.size() && i < size_t(w) * h * ch; ++i) {
    if (per_sample == 2) {
      buf[2 * i] = uint8_t(samples[i] >> 8);  // PNG is big-endian
      buf[2 * i + 1] = uint8_t(samples[i]);
    } else {
      buf[i] = uint8_t(samples[i]);
    }
  }
  std::vector<png_bytep> rows(static_cast<size_t>(h));
  for (int y = 0; y < h; ++y) rows[size_t(y)] = buf.data() + size_t(y) * w * ch * per_sample;
  png_write_image(png, rows.data());
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  std::fclose(f);
}

void write_png8(const fs::path& p, int w, int h, int channels, const std::vector<uint8_t>& pixels) {
  write_png(p, w, h, channels == 1 ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGB, 8,
            std::vector<uint16_t>(pixels.begin(), pixels.end()));
}

void write_jpeg(const fs::path& p, int w, int h, int channels, const std::vector<uint8_t>& pixels, int quality) {
  fs::create_directories(p.parent_path());
  FILE* f = std::fopen(p.c_str(), "wb");
  if (!f) throw std::runtime_error("cannot write " + p.string());
  jpeg_compress_struct c;
  jpeg_error_mgr err;
  c.err = jpeg_std_error(&err);  // encoding known-good pixels cannot fail
  jpeg_create_compress(&c);
  jpeg_stdio_dest(&c, f);
  c.image_width = JDIMENSION(w);
  c.image_height = JDIMENSION(h);
  c.input_components = channels;
  c.in_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&c);
  jpeg_set_quality(&c, quality, TRUE);
  // 4:4:4: no chroma subsampling, so pixel checks only see quantization error.
  for (int i = 0; i < c.num_components; ++i) c.comp_info[i].h_samp_factor = c.comp_info[i].v_samp_factor = 1;
  jpeg_start_compress(&c, TRUE);
  while (c.next_scanline < c.image_height) {
    JSAMPROW row = const_cast<uint8_t*>(pixels.data()) + size_t(c.next_scanline) * w * channels;
    jpeg_write_scanlines(&c, &row, 1);
  }
  jpeg_finish_compress(&c);
  jpeg_destroy_compress(&c);
  std::fclose(f);
}

std::vector<uint8_t> idx_bytes(const std::vector<uint32_t>& dims, const std::vector<uint8_t>& data) {
  std::vector<uint8_t> b = {0, 0, 0x08, uint8_t(dims.size())};
  for (uint32_t d : dims)
    for (int s = 24; s >= 0; s -= 8) b.push_back(uint8_t(d >> s));
  b.insert(b.end(), data.begin(), data.end());
  return b;
}

void write_gzip(const fs::path& p, const std::vector<uint8_t>& bytes) {
  fs::create_directories(p.parent_path());
  gzFile g = gzopen(p.c_str(), "wb");
  if (!g) throw std::runtime_error("cannot write " + p.string());
  gzwrite(g, bytes.data(), unsigned(bytes.size()));
  gzclose(g);
}

std::vector<uint8_t> gunzip_file(const fs::path& p) {
  gzFile g = gzopen(p.c_str(), "rb");
  if (!g) throw std::runtime_error("cannot open " + p.string());
  std::vector<uint8_t> out;
  uint8_t buf[1 << 16];
  for (int n; (n = gzread(g, buf, sizeof buf)) > 0;) out.insert(out.end(), buf, buf + n);
  gzclose(g);
  return out;
}

}  // namespace hb::test
