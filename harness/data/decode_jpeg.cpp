// JPEG decoding with libjpeg(-turbo). libjpeg reports fatal errors by calling
// error_exit, whose default calls exit(); we longjmp back instead. The setjmp
// lives in a function whose only state is reached through pointers, so no
// automatic variable changes between setjmp and longjmp (C11 7.13.2.1).
#include <csetjmp>
#include <cstdio>  // jpeglib.h needs FILE and size_t declared first

#include <jerror.h>
#include <jpeglib.h>

#include "common/error.h"
#include "data/image.h"

namespace hb::data {
namespace {

struct JpegErr {
  jpeg_error_mgr mgr;  // first member: libjpeg hands us a jpeg_error_mgr*
  jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

extern "C" void jpeg_on_error(j_common_ptr cinfo) {
  auto* err = reinterpret_cast<JpegErr*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, err->message);
  std::longjmp(err->jump, 1);
}

// Warnings are silent, except a premature end of data: libjpeg would pad the
// image with grey and carry on, but a truncated dataset file is an error to us
// (TF's decode_jpeg fails on it too, unless try_recover_truncated).
extern "C" void jpeg_on_message(j_common_ptr cinfo, int level) {
  if (level < 0 && cinfo->err->msg_code == JWRN_JPEG_EOF) jpeg_on_error(cinfo);
}

struct JpegJob {
  const uint8_t* data;
  size_t size;
  Image* out;
  jpeg_decompress_struct cinfo;
  JpegErr err;
};

// Returns false with job->err.message set on failure.
bool run_jpeg(JpegJob* job) {
  job->cinfo.err = jpeg_std_error(&job->err.mgr);
  job->err.mgr.error_exit = jpeg_on_error;
  job->err.mgr.emit_message = jpeg_on_message;
  job->err.message[0] = '\0';
  if (setjmp(job->err.jump)) {
    jpeg_destroy_decompress(&job->cinfo);
    return false;
  }
  jpeg_create_decompress(&job->cinfo);
  jpeg_mem_src(&job->cinfo, job->data, static_cast<unsigned long>(job->size));
  jpeg_read_header(&job->cinfo, TRUE);
  const J_COLOR_SPACE cs = job->cinfo.jpeg_color_space;
  if (cs == JCS_CMYK || cs == JCS_YCCK) {
    std::snprintf(job->err.message, sizeof job->err.message, "CMYK/YCCK JPEGs are not supported");
    jpeg_destroy_decompress(&job->cinfo);
    return false;
  }
  job->cinfo.out_color_space = cs == JCS_GRAYSCALE ? JCS_GRAYSCALE : JCS_RGB;
  job->cinfo.dct_method = JDCT_ISLOW;  // the accurate integer IDCT, libjpeg's own default
  jpeg_start_decompress(&job->cinfo);
  Image& img = *job->out;
  img.width = static_cast<int>(job->cinfo.output_width);
  img.height = static_cast<int>(job->cinfo.output_height);
  img.channels = job->cinfo.output_components;
  // libjpeg caps dimensions at 65500, so this cannot overflow size_t; refuse
  // sizes no dataset image has rather than throw bad_alloc past libjpeg state.
  if (size_t(img.width) * img.height * img.channels > (size_t(1) << 31)) {
    std::snprintf(job->err.message, sizeof job->err.message, "image dimensions too large");
    jpeg_destroy_decompress(&job->cinfo);
    return false;
  }
  img.pixels.assign(size_t(img.width) * img.height * img.channels, 0);
  const size_t stride = size_t(img.width) * img.channels;
  while (job->cinfo.output_scanline < job->cinfo.output_height) {
    JSAMPROW row = img.pixels.data() + stride * job->cinfo.output_scanline;
    jpeg_read_scanlines(&job->cinfo, &row, 1);
  }
  jpeg_finish_decompress(&job->cinfo);
  jpeg_destroy_decompress(&job->cinfo);
  return true;
}

}  // namespace

Image decode_jpeg(std::span<const uint8_t> file, const std::string& name) {
  Image img;
  JpegJob job{};
  job.data = file.data();
  job.size = file.size();
  job.out = &img;
  if (!run_jpeg(&job)) throw Error(name + ": corrupt JPEG: " + job.err.message);
  return img;
}

}  // namespace hb::data
