// Preprocess from the `preprocessing:` section of an ST model-zoo config.
// Unknown keys are errors rather than ignored: a key we don't understand may
// change the bytes the model expects, and silently wrong inputs cost more
// than a refused config.
#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <utility>

#include "common/error.h"
#include "data/preprocess.h"

namespace hb::data {
namespace {

struct Ctx {
  const std::string& file;
  std::string key(const std::string& k) const { return file + ": " + k; }
};

std::string where(const Ctx& ctx, const std::string& key, const YAML::Node& n) {
  return ctx.key(key) + " (line " + std::to_string(n.Mark().line + 1) + ")";
}

void check_keys(const Ctx& ctx, const std::string& section, const YAML::Node& map,
                std::initializer_list<const char*> known) {
  if (!map.IsMap()) throw Error(where(ctx, section, map) + ": expected a mapping");
  std::string expected;
  for (const char* k : known) expected += (expected.empty() ? "" : ", ") + std::string(k);
  for (const auto& kv : map) {
    const std::string k = kv.first.Scalar();
    bool ok = false;
    for (const char* kk : known) ok = ok || k == kk;
    if (!ok) throw Error(where(ctx, section + "." + k, kv.first) + ": unknown key (expected " + expected + ")");
  }
}

// The value of a scalar key, or nullopt when absent or empty (`key:`): keep the default.
std::optional<std::string> scalar(const Ctx& ctx, const std::string& key, const YAML::Node& n) {
  if (!n.IsDefined() || n.IsNull()) return std::nullopt;
  if (!n.IsScalar()) throw Error(where(ctx, key, n) + ": expected a single value");
  return n.Scalar();
}

}  // namespace

Preprocess from_st_config(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw Error(path + ": cannot open");
  } catch (const YAML::Exception& e) {
    throw Error(path + ": invalid YAML: " + e.what());
  }
  const Ctx ctx{path};
  const YAML::Node pp = root.IsMap() ? std::as_const(root)["preprocessing"] : YAML::Node();
  if (!pp.IsDefined() || pp.IsNull()) throw Error(path + ": no 'preprocessing' section");
  check_keys(ctx, "preprocessing", pp, {"rescaling", "resizing", "color_mode"});

  Preprocess out;
  try {
    if (const YAML::Node rs = pp["rescaling"]; rs.IsDefined() && !rs.IsNull()) {
      check_keys(ctx, "preprocessing.rescaling", rs, {"scale", "offset"});
      Rescale r;
      const std::string ks = "preprocessing.rescaling.scale", ko = "preprocessing.rescaling.offset";
      if (auto v = scalar(ctx, ks, rs["scale"])) r.scale = parse_number(*v, where(ctx, ks, rs["scale"]));
      if (auto v = scalar(ctx, ko, rs["offset"])) r.offset = parse_number(*v, where(ctx, ko, rs["offset"]));
      out.rescale = r;
    }
    if (const YAML::Node rz = pp["resizing"]; rz.IsDefined() && !rz.IsNull()) {
      check_keys(ctx, "preprocessing.resizing", rz, {"interpolation", "aspect_ratio"});
      const std::string ki = "preprocessing.resizing.interpolation", ka = "preprocessing.resizing.aspect_ratio";
      if (auto v = scalar(ctx, ki, rz["interpolation"]))
        out.resize = parse_resize(*v, where(ctx, ki, rz["interpolation"]));
      if (auto v = scalar(ctx, ka, rz["aspect_ratio"]))
        out.aspect = parse_aspect(*v, where(ctx, ka, rz["aspect_ratio"]));
    }
    const std::string kc = "preprocessing.color_mode";
    if (auto v = scalar(ctx, kc, pp["color_mode"])) out.colour = parse_colour(*v, where(ctx, kc, pp["color_mode"]));
  } catch (const YAML::Exception& e) {
    throw Error(path + ": preprocessing: " + e.what());
  }
  return out;
}

}  // namespace hb::data
