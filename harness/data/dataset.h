// Datasets as hilbench streams them: a fixed, ordered list of samples with
// optional labels, each loadable as a decoded image or as raw tensor bytes,
// plus a manifest hash that keys runs by dataset content.
//
// open_dataset() picks the reader from what the path is (see README.md):
//   - directory of class sub-folders holding .jpg/.jpeg/.png  -> ImageFolder
//   - IDX images file (optionally .gz) or a directory holding one -> IDX
//   - directory holding y_labels.csv (MLPerf Tiny EnergyRunner) -> MLPerf Tiny
//   - directory of .bin files (flat or in class sub-folders)   -> raw tensors
//   - a single .jpg/.jpeg/.png or .bin file                    -> one sample
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "data/image.h"

namespace hb::data {

struct Sample {
  std::string id;  // path relative to the dataset root ('/'-separated), or "idx:<n>"
  int label = -1;  // index into class_names(), -1 = unknown
};

// What load() returns: a decoded image for preprocessing, or (raw datasets)
// the exact tensor bytes to send as they are.
struct Item {
  Image image;
  std::vector<uint8_t> raw;
  bool is_raw = false;
};

class Dataset {
 public:
  virtual ~Dataset() = default;
  Dataset(const Dataset&) = delete;
  Dataset& operator=(const Dataset&) = delete;

  virtual const char* format() const = 0;  // "imagefolder", "idx", "raw", "image", "mlperf-tiny"
  const std::string& path() const { return path_; }
  const std::vector<std::string>& class_names() const { return classes_; }
  const std::vector<Sample>& samples() const { return samples_; }
  size_t size() const { return samples_.size(); }

  // Throws hb::Error naming the sample's file (e.g. "root/daisy/x.jpg: corrupt JPEG: ...").
  virtual Item load(size_t i) const = 0;
  // Bytes per sample for raw datasets (all samples have the same size), 0 for images.
  virtual size_t raw_bytes() const { return 0; }

  // sha256 (hex) of the manifest: class names, then every sample's
  // (id, label, sha256 of its content) sorted by id. Content = the file's bytes
  // (image and raw files) or the record's pixel bytes (IDX). Content hashes
  // rather than size+mtime so a copy of the dataset on another machine or CI
  // keys the same. Computed on first call (reads every sample), then cached;
  // not thread-safe. The exact text hashed is manifest_text().
  const std::string& manifest_hash() const;
  std::string manifest_text() const;

 protected:
  Dataset() = default;
  virtual std::array<uint8_t, 32> content_hash(size_t i) const = 0;

  std::string path_;
  std::vector<std::string> classes_;
  std::vector<Sample> samples_;

 private:
  mutable std::string manifest_hash_;
};

// Throws hb::Error naming `path` if nothing fits or the data is malformed.
std::unique_ptr<Dataset> open_dataset(const std::string& path);

// The individual readers, for callers that know the layout.
std::unique_ptr<Dataset> open_image_folder(const std::string& root);
std::unique_ptr<Dataset> open_single_image(const std::string& file);
std::unique_ptr<Dataset> open_idx(const std::string& path);  // images file or directory
std::unique_ptr<Dataset> open_raw_folder(const std::string& root);
std::unique_ptr<Dataset> open_mlperf_tiny(const std::string& root);  // root/y_labels.csv + .bin stimuli
std::unique_ptr<Dataset> open_single_raw(const std::string& file);

}  // namespace hb::data
