// MLPerf Tiny dataset folders as the EnergyRunner uses them: root/y_labels.csv
// ("file, classes, label" per line: the stimulus file name, the number of
// classes, the class index) beside the .bin stimuli it names. The stimulus
// layout is fixed per benchmark and known from the file size:
//   ic01  (CIFAR-10, ResNet-8)        32x32 RGB, uint8 interleaved (HWC): 3072 bytes
//   vww01 (Visual Wake Words)         96x96 RGB, uint8 interleaved:       27648 bytes
//   kws01 (keyword spotting, DS-CNN)  49x10 MFCC, int8:                     490 bytes
// Image stimuli load as images, so preprocessing applies as for any image
// (pixel codes by default: v - 128 for int8 inputs, what the MLPerf Tiny
// reference firmware does to them); MFCC stimuli are already the input tensor
// and go to the board as they are. Samples keep y_labels.csv's order.
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/error.h"
#include "common/file_io.h"
#include "common/sha256.h"
#include "data/dataset.h"
#include "data/scan.h"

namespace fs = std::filesystem;

namespace hb::data {
namespace {

struct StimulusKind {
  size_t bytes;
  int width, height, channels;  // 0: a raw tensor, sent as it is
  const char* benchmark;
};
constexpr StimulusKind kKinds[] = {
    {32 * 32 * 3, 32, 32, 3, "ic01"},
    {96 * 96 * 3, 96, 96, 3, "vww01"},
    {49 * 10, 0, 0, 0, "kws01"},
};

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

bool parse_count(const std::string& s, int& out) {
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() && out >= 0;
}

class MlperfTiny : public Dataset {
 public:
  const char* format() const override { return "mlperf-tiny"; }
  size_t raw_bytes() const override { return kind_->channels ? 0 : kind_->bytes; }

  Item load(size_t i) const override {
    const std::string p = file_path(i);
    std::vector<uint8_t> bytes = read_file(p);
    if (bytes.size() != kind_->bytes)  // changed since open
      throw Error(p + ": is " + std::to_string(bytes.size()) + " bytes, expected " + std::to_string(kind_->bytes) +
                  " (" + kind_->benchmark + " stimulus)");
    Item it;
    if (kind_->channels == 0) {
      it.is_raw = true;
      it.raw = std::move(bytes);
      return it;
    }
    it.image = Image(kind_->width, kind_->height, kind_->channels);
    it.image.pixels = std::move(bytes);
    return it;
  }

  static std::unique_ptr<MlperfTiny> open(const std::string& root) {
    std::unique_ptr<MlperfTiny> ds(new MlperfTiny);
    ds->path_ = root;
    const std::string csv = join_path(root, "y_labels.csv");
    std::ifstream f(csv);
    if (!f) throw Error(csv + ": cannot open");
    int classes = -1;
    int line_no = 0;
    for (std::string line; std::getline(f, line);) {
      ++line_no;
      if (trim(line).empty()) continue;
      const std::string where = csv + ":" + std::to_string(line_no);
      std::vector<std::string> fields;
      std::stringstream ss(line);
      for (std::string field; std::getline(ss, field, ',');) fields.push_back(trim(field));
      if (fields.size() != 3) throw Error(where + ": expected 'file, classes, label', got '" + trim(line) + "'");
      int n = 0, label = 0;
      if (!parse_count(fields[1], n) || n == 0) throw Error(where + ": classes '" + fields[1] + "' is not a count");
      if (!parse_count(fields[2], label) || label >= n)
        throw Error(where + ": label '" + fields[2] + "' is not a class index below " + std::to_string(n));
      if (classes >= 0 && n != classes)
        throw Error(where + ": " + std::to_string(n) + " classes, earlier lines say " + std::to_string(classes));
      classes = n;
      if (fields[0].empty() || fields[0].find('/') != std::string::npos || fields[0][0] == '.')
        throw Error(where + ": '" + fields[0] + "' is not a file name in " + root);
      ds->samples_.push_back({fields[0], label});
    }
    if (ds->samples_.empty()) throw Error(csv + ": no samples listed");
    for (int c = 0; c < classes; ++c) ds->classes_.push_back(std::to_string(c));
    ds->check_files();
    return ds;
  }

 protected:
  std::array<uint8_t, 32> content_hash(size_t i) const override { return sha256(read_file(file_path(i))); }

 private:
  MlperfTiny() = default;
  std::string file_path(size_t i) const { return join_path(path_, samples_.at(i).id); }

  // Every listed stimulus present, all of one known size: the layout follows.
  void check_files() {
    std::string missing;
    size_t n_missing = 0;
    for (size_t i = 0; i < samples_.size(); ++i) {
      std::error_code ec;
      const auto n = fs::file_size(file_path(i), ec);
      if (ec) {
        if (n_missing++ < 5) missing += (missing.empty() ? "" : ", ") + samples_[i].id;
        continue;
      }
      if (!kind_) {
        for (const auto& k : kKinds)
          if (k.bytes == n) kind_ = &k;
        if (!kind_)
          throw Error(file_path(i) + ": " + std::to_string(n) +
                      " bytes is no MLPerf Tiny stimulus size (ic01 3072, vww01 27648, kws01 490)");
      } else if (n != kind_->bytes) {
        throw Error(file_path(i) + ": is " + std::to_string(n) + " bytes but the other stimuli are " +
                    std::to_string(kind_->bytes) + " (" + kind_->benchmark + ")");
      }
    }
    if (n_missing)
      throw Error(join_path(path_, "y_labels.csv") + ": " + std::to_string(n_missing) +
                  " listed file(s) missing: " + missing + (n_missing > 5 ? ", ..." : ""));
  }

  const StimulusKind* kind_ = nullptr;
};

}  // namespace

std::unique_ptr<Dataset> open_mlperf_tiny(const std::string& root) { return MlperfTiny::open(root); }

}  // namespace hb::data
