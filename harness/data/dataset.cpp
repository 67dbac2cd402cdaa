#include "data/dataset.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "common/sha256.h"
#include "data/idx_file.h"
#include "data/scan.h"

namespace fs = std::filesystem;

namespace hb::data {

std::string Dataset::manifest_text() const {
  std::vector<size_t> order(samples_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return samples_[a].id < samples_[b].id; });
  std::string t = "hilbench dataset manifest v1\nclasses " + std::to_string(classes_.size()) + "\n";
  for (const auto& c : classes_) t += c + "\n";
  t += "samples " + std::to_string(samples_.size()) + "\n";
  for (size_t i : order) {
    const auto h = content_hash(i);
    t += samples_[i].id + "\t" + std::to_string(samples_[i].label) + "\t" + to_hex(h) + "\n";
  }
  return t;
}

const std::string& Dataset::manifest_hash() const {
  if (manifest_hash_.empty()) {
    const std::string t = manifest_text();
    manifest_hash_ = sha256_hex({reinterpret_cast<const uint8_t*>(t.data()), t.size()});
  }
  return manifest_hash_;
}

namespace {

std::vector<uint8_t> read_head(const std::string& path, size_t n) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error(path + ": cannot open");
  std::vector<uint8_t> head(n);
  f.read(reinterpret_cast<char*>(head.data()), static_cast<std::streamsize>(n));
  head.resize(static_cast<size_t>(f.gcount()));
  return head;
}

bool subdirs_hold(const std::string& root, bool (*keep)(const std::string&)) {
  for (const auto& d : list_subdirs(root))
    if (!walk_files(join_path(root, d), keep).empty()) return true;
  return false;
}

bool is_bin(const std::string& name) { return ends_with_ci(name, ".bin"); }

}  // namespace

std::unique_ptr<Dataset> open_dataset(const std::string& path) {
  std::error_code ec;
  const auto st = fs::status(path, ec);
  if (!fs::exists(st)) throw Error(path + ": no such file or directory");

  if (fs::is_regular_file(st)) {
    const auto head = read_head(path, 8);
    if (sniff_image(head) != ImageFormat::unknown || has_image_extension(path)) return open_single_image(path);
    if (is_bin(path)) return open_single_raw(path);
    // By name too, so a damaged IDX file gets the IDX reader's precise complaint.
    if (looks_like_idx(head) || lower(path).find("-ubyte") != std::string::npos) return open_idx(path);
    throw Error(path + ": not a dataset file: expected a JPEG/PNG image, a raw .bin tensor or an IDX file");
  }
  if (!fs::is_directory(st)) throw Error(path + ": not a regular file or directory");

  if (!find_idx_images(path).empty()) return open_idx(path);
  if (fs::is_regular_file(join_path(path, "y_labels.csv"), ec)) return open_mlperf_tiny(path);
  const auto files = list_files(path);
  if (std::any_of(files.begin(), files.end(), is_bin)) return open_raw_folder(path);
  if (subdirs_hold(path, has_image_extension)) return open_image_folder(path);
  if (subdirs_hold(path, is_bin)) return open_raw_folder(path);
  throw Error(path +
              ": no dataset found: expected class sub-folders of .jpg/.jpeg/.png images (ImageFolder), "
              "an IDX *-images-idx3-ubyte[.gz] file, raw .bin tensors (flat or in class sub-folders), or an MLPerf "
              "Tiny folder (y_labels.csv beside .bin stimuli)");
}

}  // namespace hb::data
