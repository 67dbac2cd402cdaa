// PNG decoding with libpng. libpng's default error handler aborts via its own
// longjmp to a jmp_buf we must set; we record the message and return. As in
// decode_jpeg.cpp, all state the setjmp function touches lives behind a pointer.
#include <png.h>

#include <algorithm>
#include <csetjmp>
#include <cstdio>
#include <cstring>

#include "common/error.h"
#include "data/image.h"

namespace hb::data {
namespace {

struct PngJob {
  const uint8_t* data;
  size_t size;
  size_t pos;
  Image* out;
  std::vector<png_bytep>* rows;
  char message[256];
};

extern "C" void png_on_error(png_structp png, png_const_charp msg) {
  auto* job = static_cast<PngJob*>(png_get_error_ptr(png));
  std::snprintf(job->message, sizeof job->message, "%s", msg);
  png_longjmp(png, 1);
}

// Ancillary-chunk complaints (e.g. "iCCP: known incorrect sRGB profile") don't
// affect pixels; keep them off stderr.
extern "C" void png_on_warning(png_structp, png_const_charp) {}

extern "C" void png_read_mem(png_structp png, png_bytep dst, png_size_t n) {
  auto* job = static_cast<PngJob*>(png_get_io_ptr(png));
  if (job->size - job->pos < n) png_error(png, "unexpected end of file (truncated)");
  std::memcpy(dst, job->data + job->pos, n);
  job->pos += n;
}

bool run_png(PngJob* job, png_structp png, png_infop info) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_set_read_fn(png, job, png_read_mem);
  png_read_info(png, info);
  const int color_type = png_get_color_type(png, info);
  const int bit_depth = png_get_bit_depth(png, info);
  if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
  if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
  if (bit_depth == 16) png_set_scale_16(png);
  if (color_type & PNG_COLOR_MASK_ALPHA) png_set_strip_alpha(png);
  png_set_interlace_handling(png);
  png_read_update_info(png, info);

  Image& img = *job->out;
  img.width = static_cast<int>(png_get_image_width(png, info));
  img.height = static_cast<int>(png_get_image_height(png, info));
  img.channels = png_get_channels(png, info);
  const size_t stride = size_t(img.width) * img.channels;
  if ((img.channels != 1 && img.channels != 3) || png_get_rowbytes(png, info) != stride)
    png_error(png, "unexpected pixel layout after conversion");
  // libpng's default user limit is 1,000,000 x 1,000,000; refuse absurd sizes before allocating.
  if (img.width <= 0 || img.height <= 0 || stride * img.height > (size_t(1) << 31))
    png_error(png, "image dimensions too large");
  img.pixels.assign(stride * img.height, 0);
  job->rows->resize(size_t(img.height));
  for (int y = 0; y < img.height; ++y) (*job->rows)[size_t(y)] = img.pixels.data() + stride * y;
  png_read_image(png, job->rows->data());
  // No png_read_end: trailing chunks after the image data don't change pixels,
  // and TF's decoder ignores them too.
  return true;
}

}  // namespace

Image decode_png(std::span<const uint8_t> file, const std::string& name) {
  Image img;
  std::vector<png_bytep> rows;
  PngJob job{};
  job.data = file.data();
  job.size = file.size();
  job.out = &img;
  job.rows = &rows;
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &job, png_on_error, png_on_warning);
  if (!png) throw Error(name + ": cannot initialise libpng");
  png_infop info = png_create_info_struct(png);
  if (!info) {
    png_destroy_read_struct(&png, nullptr, nullptr);
    throw Error(name + ": cannot initialise libpng");
  }
  const bool ok = run_png(&job, png, info);
  png_destroy_read_struct(&png, &info, nullptr);
  if (!ok) throw Error(name + ": corrupt PNG: " + job.message);
  return img;
}

}  // namespace hb::data
