// Names of the preprocessing options, shared by CLI flags and config files.
#include <charconv>
#include <cmath>

#include "common/error.h"
#include "data/preprocess.h"
#include "data/scan.h"

namespace hb::data {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

[[noreturn]] void unknown(std::string_view v, const std::string& what, const char* expected) {
  throw Error(what + ": unknown value '" + std::string(v) + "' (expected " + expected + ")");
}

bool plain_number(std::string_view s, double& out) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return !s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size() && std::isfinite(out);
}

}  // namespace

ResizeMethod parse_resize(std::string_view v, const std::string& what) {
  const std::string l = lower(std::string(trim(v)));
  if (l == "nearest") return ResizeMethod::nearest;
  if (l == "bilinear") return ResizeMethod::bilinear;
  unknown(v, what, "nearest or bilinear");
}

AspectMode parse_aspect(std::string_view v, const std::string& what) {
  const std::string l = lower(std::string(trim(v)));
  if (l == "fit") return AspectMode::fit;
  if (l == "crop") return AspectMode::crop;
  if (l == "pad" || l == "padding") return AspectMode::pad;
  unknown(v, what, "fit, crop or padding");
}

ColourMode parse_colour(std::string_view v, const std::string& what) {
  const std::string l = lower(std::string(trim(v)));
  if (l == "rgb") return ColourMode::rgb;
  if (l == "bgr") return ColourMode::bgr;
  if (l == "grayscale" || l == "greyscale") return ColourMode::grayscale;
  unknown(v, what, "rgb, bgr or grayscale");
}

// "x" or "x/y": model-zoo configs write scales as Python expressions like 1/255.0.
double parse_number(std::string_view v, const std::string& what) {
  double num = 0, den = 1;
  const auto slash = v.find('/');
  const bool ok = slash == std::string_view::npos
                      ? plain_number(v, num)
                      : plain_number(v.substr(0, slash), num) && plain_number(v.substr(slash + 1), den) && den != 0;
  if (!ok) throw Error(what + ": '" + std::string(v) + "' is not a number (expected e.g. 0.5, -1 or 1/255.0)");
  return num / den;
}

Rescale parse_rescale(std::string_view v, const std::string& what) {
  Rescale r;
  const auto comma = v.find(',');
  r.scale = parse_number(v.substr(0, comma), what);
  if (comma != std::string_view::npos) r.offset = parse_number(v.substr(comma + 1), what);
  return r;
}

const char* to_string(ResizeMethod m) { return m == ResizeMethod::nearest ? "nearest" : "bilinear"; }
const char* to_string(AspectMode m) { return m == AspectMode::fit ? "fit" : m == AspectMode::crop ? "crop" : "pad"; }
const char* to_string(ColourMode m) {
  return m == ColourMode::rgb ? "rgb" : m == ColourMode::bgr ? "bgr" : "grayscale";
}

}  // namespace hb::data
