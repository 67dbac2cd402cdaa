#include "data/preprocess.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "common/error.h"

namespace hb::data {

static_assert(std::endian::native == std::endian::little, "float32 tensors are written in host order");

size_t InputSpec::bytes() const {
  const size_t elem = dtype == DType::float32 ? 4 : 1;
  return size_t(height) * width * channels * elem;
}

std::string Preprocess::describe() const {
  char buf[160];
  std::string r = "pixel-codes";
  if (rescale) {
    std::snprintf(buf, sizeof buf, "%.9g,%.9g", rescale->scale, rescale->offset);
    r = buf;
  }
  return std::string("resize=") + to_string(resize) + " aspect=" + to_string(aspect) +
         " colour=" + (colour ? to_string(*colour) : "auto") + " rescale=" + r;
}

Image convert_colour(const Image& src, ColourMode mode) {
  if (src.channels != 1 && src.channels != 3)
    throw Error("image has " + std::to_string(src.channels) + " channels, expected 1 or 3");
  const int out_c = mode == ColourMode::grayscale ? 1 : 3;
  Image dst(src.width, src.height, out_c);
  const size_t n = size_t(src.width) * src.height;
  const uint8_t* s = src.pixels.data();
  uint8_t* d = dst.pixels.data();
  for (size_t i = 0; i < n; ++i) {
    if (src.channels == 1) {
      std::fill_n(d + i * out_c, out_c, s[i]);
    } else if (mode == ColourMode::grayscale) {
      const unsigned r = s[3 * i], g = s[3 * i + 1], b = s[3 * i + 2];
      d[i] = uint8_t((299 * r + 587 * g + 114 * b + 500) / 1000);
    } else {
      const bool swap = mode == ColourMode::bgr;
      d[3 * i] = s[3 * i + (swap ? 2 : 0)];
      d[3 * i + 1] = s[3 * i + 1];
      d[3 * i + 2] = s[3 * i + (swap ? 0 : 2)];
    }
  }
  return dst;
}

namespace {
const uint8_t* px(const Image& im, int x, int y) { return im.pixels.data() + (size_t(y) * im.width + x) * im.channels; }
}  // namespace

Window crop_window(int src_w, int src_h, int dst_w, int dst_h) {
  const int64_t h = std::clamp<int64_t>(int64_t(src_w) * dst_h / dst_w, 1, src_h);
  const int64_t w = std::clamp<int64_t>(int64_t(src_h) * dst_w / dst_h, 1, src_w);
  return {int((src_w - w) / 2), int((src_h - h) / 2), int(w), int(h)};
}

Image crop(const Image& src, const Window& w) {
  if (w.x < 0 || w.y < 0 || w.width <= 0 || w.height <= 0 || w.x + w.width > src.width || w.y + w.height > src.height)
    throw Error("crop window outside the image");
  Image dst(w.width, w.height, src.channels);
  const size_t row = size_t(w.width) * src.channels;
  for (int y = 0; y < w.height; ++y) std::memcpy(&dst.at(0, y, 0), px(src, w.x, w.y + y), row);
  return dst;
}

Image pad_to_aspect(const Image& src, int dst_w, int dst_h) {
  const int64_t h = std::max<int64_t>(src.height, int64_t(src.width) * dst_h / dst_w);
  const int64_t w = std::max<int64_t>(src.width, int64_t(src.height) * dst_w / dst_h);
  if (h * w * src.channels > (int64_t(1) << 31)) throw Error("padded image too large");
  Image dst(int(w), int(h), src.channels);  // zero-filled
  const int x0 = int((w - src.width) / 2), y0 = int((h - src.height) / 2);
  const size_t row = size_t(src.width) * src.channels;
  for (int y = 0; y < src.height; ++y) std::memcpy(&dst.at(x0, y0 + y, 0), px(src, 0, y), row);
  return dst;
}

namespace {

struct Tap {
  int lo, hi;
  double frac;
};

// Per-axis sampling positions for one output axis (see resize() in the header).
std::vector<Tap> taps(int in, int out, ResizeMethod m) {
  std::vector<Tap> t(static_cast<size_t>(out));
  for (int o = 0; o < out; ++o) {
    if (m == ResizeMethod::nearest) {
      const int64_t i = std::min<int64_t>((2 * int64_t(o) + 1) * in / (2 * int64_t(out)), in - 1);
      t[size_t(o)] = {int(i), int(i), 0.0};
    } else {
      const double s = double((2 * int64_t(o) + 1) * in - out) / double(2 * int64_t(out));
      const double f = std::floor(s);
      const int i0 = int(f);
      t[size_t(o)] = {std::clamp(i0, 0, in - 1), std::clamp(i0 + 1, 0, in - 1), s - f};
    }
  }
  return t;
}

}  // namespace

FloatImage resize(const Image& src, int dst_w, int dst_h, ResizeMethod method) {
  if (src.width <= 0 || src.height <= 0 || dst_w <= 0 || dst_h <= 0)
    throw Error("cannot resize " + std::to_string(src.width) + "x" + std::to_string(src.height) + " to " +
                std::to_string(dst_w) + "x" + std::to_string(dst_h));
  const auto tx = taps(src.width, dst_w, method), ty = taps(src.height, dst_h, method);
  FloatImage dst{dst_w, dst_h, src.channels, std::vector<double>(size_t(dst_w) * dst_h * src.channels)};
  const int C = src.channels;
  for (int y = 0; y < dst_h; ++y) {
    const Tap& a = ty[size_t(y)];
    for (int x = 0; x < dst_w; ++x) {
      const Tap& b = tx[size_t(x)];
      double* out = &dst.values[(size_t(y) * dst_w + x) * C];
      for (int c = 0; c < C; ++c) {
        const double tl = src.at(b.lo, a.lo, c), tr = src.at(b.hi, a.lo, c);
        const double bl = src.at(b.lo, a.hi, c), br = src.at(b.hi, a.hi, c);
        const double top = tl + (tr - tl) * b.frac;
        const double bottom = bl + (br - bl) * b.frac;
        out[c] = top + (bottom - top) * a.frac;
      }
    }
  }
  return dst;
}

FloatImage prepare_pixels(const Image& src, const Preprocess& pp, const InputSpec& spec) {
  if (spec.height <= 0 || spec.width <= 0 || (spec.channels != 1 && spec.channels != 3))
    throw Error("model input " + std::to_string(spec.height) + "x" + std::to_string(spec.width) + "x" +
                std::to_string(spec.channels) + " is not an image (need HxWx1 or HxWx3)");
  const ColourMode mode = pp.colour.value_or(spec.channels == 1 ? ColourMode::grayscale : ColourMode::rgb);
  const int want = mode == ColourMode::grayscale ? 1 : 3;
  if (want != spec.channels)
    throw Error(std::string("colour mode ") + to_string(mode) + " gives " + std::to_string(want) +
                " channel(s) but the model input has " + std::to_string(spec.channels));
  Image img = convert_colour(src, mode);
  if (pp.aspect == AspectMode::crop)
    img = crop(img, crop_window(img.width, img.height, spec.width, spec.height));
  else if (pp.aspect == AspectMode::pad)
    img = pad_to_aspect(img, spec.width, spec.height);
  return resize(img, spec.width, spec.height, pp.resize);
}

std::vector<uint8_t> encode_tensor(const FloatImage& px, const std::optional<Rescale>& rescale, const InputSpec& spec) {
  if (px.width != spec.width || px.height != spec.height || px.channels != spec.channels)
    throw Error("pixels do not match the model input shape");
  const size_t n = px.values.size();
  std::vector<uint8_t> out(spec.bytes());
  if (spec.dtype == DType::float32) {
    for (size_t i = 0; i < n; ++i) {
      const double v = px.values[i];
      const float f = float(rescale ? v * rescale->scale + rescale->offset : v);
      std::memcpy(&out[4 * i], &f, 4);
    }
    return out;
  }
  const bool is_int8 = spec.dtype == DType::int8;
  const double lo = is_int8 ? -128 : 0, hi = is_int8 ? 127 : 255, k0 = is_int8 ? -128 : 0;
  bool unit_step = !rescale;
  if (rescale && spec.scale > 0) {
    const double a = rescale->scale / spec.scale, b = rescale->offset / spec.scale + spec.zero_point;
    unit_step = std::abs(a - 1.0) <= 1e-4 && std::abs(b - k0) <= 0.5 + 1e-6;
  }
  for (size_t i = 0; i < n; ++i) {
    const double v = px.values[i];
    double q;
    if (unit_step) {
      q = std::round(v) + k0;
    } else {
      const double real = v * rescale->scale + rescale->offset;
      q = spec.scale > 0 ? std::round(real / spec.scale) + spec.zero_point : std::round(real);
    }
    q = std::clamp(q, lo, hi);
    out[i] = is_int8 ? uint8_t(int8_t(q)) : uint8_t(q);
  }
  return out;
}

std::vector<uint8_t> make_input(const Image& src, const Preprocess& pp, const InputSpec& spec) {
  return encode_tensor(prepare_pixels(src, pp, spec), pp.rescale, spec);
}

std::vector<uint8_t> make_input(const Item& item, const Preprocess& pp, const InputSpec& spec,
                                const std::string& name) {
  if (!item.is_raw) {
    try {
      return make_input(item.image, pp, spec);
    } catch (const Error& e) {
      throw Error(name + ": " + e.what());
    }
  }
  if (item.raw.size() != spec.bytes())
    throw Error(name + ": raw tensor is " + std::to_string(item.raw.size()) + " bytes but the model input needs " +
                std::to_string(spec.bytes()));
  return item.raw;
}

}  // namespace hb::data
