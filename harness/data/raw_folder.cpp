// Raw tensor datasets: .bin files that already hold the model's input tensor
// bytes (all the same size), sent as they are. Two layouts:
//   flat:    root/*.bin, labels from root/labels.csv or root/labels.txt
//            ("file,label" lines; label = class index or class name), class
//            names from root/classes.txt (one per line) when present;
//   classes: root/<class>/**/*.bin, label = index of the sorted class folder.
#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "common/error.h"
#include "common/file_io.h"
#include "common/sha256.h"
#include "data/dataset.h"
#include "data/scan.h"

namespace fs = std::filesystem;

namespace hb::data {
namespace {

bool is_bin(const std::string& name) { return ends_with_ci(name, ".bin"); }

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

bool parse_index(const std::string& s, int& out) {
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() && out >= 0;
}

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw Error(path + ": cannot open");
  std::vector<std::string> lines;
  for (std::string l; std::getline(f, l);) lines.push_back(l);
  return lines;
}

class RawTensors : public Dataset {
 public:
  const char* format() const override { return "raw"; }
  size_t raw_bytes() const override { return bytes_; }

  Item load(size_t i) const override {
    Item it;
    it.is_raw = true;
    const std::string p = file_path(i);
    it.raw = read_file(p);
    if (it.raw.size() != bytes_)  // changed since open
      throw Error(p + ": is " + std::to_string(it.raw.size()) + " bytes, expected " + std::to_string(bytes_));
    return it;
  }

  static std::unique_ptr<RawTensors> open(const std::string& root) {
    std::unique_ptr<RawTensors> ds(new RawTensors);
    ds->path_ = root;
    const auto files = list_files(root);
    if (std::any_of(files.begin(), files.end(), is_bin)) {
      for (const auto& f : files)
        if (is_bin(f)) ds->samples_.push_back({f, -1});
      ds->read_labels();
    } else {
      ds->classes_ = list_subdirs(root);
      for (size_t c = 0; c < ds->classes_.size(); ++c)
        for (const auto& rel : walk_files(join_path(root, ds->classes_[c]), is_bin))
          ds->samples_.push_back({ds->classes_[c] + "/" + rel, int(c)});
      if (ds->samples_.empty()) throw Error(root + ": no .bin files (flat or in class sub-folders)");
    }
    ds->check_sizes();
    return ds;
  }

  static std::unique_ptr<RawTensors> single(const std::string& file) {
    std::unique_ptr<RawTensors> ds(new RawTensors);
    const fs::path p(file);
    ds->path_ = p.parent_path().string();
    ds->samples_.push_back({p.filename().string(), -1});
    ds->check_sizes();
    return ds;
  }

 protected:
  std::array<uint8_t, 32> content_hash(size_t i) const override { return sha256(read_file(file_path(i))); }

 private:
  RawTensors() = default;
  std::string file_path(size_t i) const { return join_path(path_, samples_.at(i).id); }

  void check_sizes() {
    std::string first;
    for (size_t i = 0; i < samples_.size(); ++i) {
      std::error_code ec;
      const std::string p = file_path(i);
      const auto n = fs::file_size(p, ec);
      if (ec) throw Error(p + ": cannot stat: " + ec.message());
      if (n == 0) throw Error(p + ": empty raw tensor file");
      if (i == 0) {
        bytes_ = n;
        first = p;
      } else if (n != bytes_) {
        throw Error(p + ": is " + std::to_string(n) + " bytes but " + first + " is " + std::to_string(bytes_) +
                    " (every raw tensor must be the model's input size)");
      }
    }
  }

  // labels.csv wins over labels.txt; both: "file,label" (labels.txt may also
  // separate with whitespace). A first line whose label field is "label" is a header.
  void read_labels() {
    std::string lpath;
    bool csv = false;
    for (const char* name : {"labels.csv", "labels.txt"}) {
      std::error_code ec;
      if (fs::is_regular_file(join_path(path_, name), ec)) {
        lpath = join_path(path_, name);
        csv = std::string(name) == "labels.csv";
        break;
      }
    }
    const std::string cpath = join_path(path_, "classes.txt");
    std::error_code ec;
    const bool have_classes = fs::is_regular_file(cpath, ec);
    if (have_classes)
      for (const auto& l : read_lines(cpath))
        if (!trim(l).empty()) classes_.push_back(trim(l));
    if (lpath.empty()) return;

    std::map<std::string, size_t> by_id;
    for (size_t i = 0; i < samples_.size(); ++i) by_id[samples_[i].id] = i;
    struct Entry {
      size_t sample;
      std::string label;
      int line;
    };
    std::vector<Entry> entries;
    std::set<size_t> seen;
    const auto lines = read_lines(lpath);
    for (size_t ln = 0; ln < lines.size(); ++ln) {
      const std::string line = trim(lines[ln]);
      if (line.empty() || line[0] == '#') continue;
      const std::string where = lpath + ":" + std::to_string(ln + 1);
      auto sep = line.find(',');
      if (sep == std::string::npos && !csv) sep = line.find_last_of(" \t");
      if (sep == std::string::npos) throw Error(where + ": expected \"file,label\"");
      const std::string file = trim(line.substr(0, sep)), label = trim(line.substr(sep + 1));
      if (entries.empty() && lower(label) == "label") continue;
      const auto it = by_id.find(file);
      if (it == by_id.end()) throw Error(where + ": no raw tensor file '" + file + "' in " + path_);
      if (!seen.insert(it->second).second) throw Error(where + ": second label for '" + file + "'");
      if (label.empty()) throw Error(where + ": empty label for '" + file + "'");
      entries.push_back({it->second, label, int(ln + 1)});
    }

    int index = 0;
    const bool numeric =
        std::all_of(entries.begin(), entries.end(), [&](const Entry& e) { return parse_index(e.label, index); });
    if (!numeric && !have_classes) {
      for (const auto& e : entries)
        if (parse_index(e.label, index))
          throw Error(lpath + ":" + std::to_string(e.line) +
                      ": labels mix class indices and class names; use one kind (or add classes.txt)");
      std::set<std::string> names;
      for (const auto& e : entries) names.insert(e.label);
      classes_.assign(names.begin(), names.end());  // sorted, like ImageFolder's class folders
    }
    if (numeric && !have_classes) {
      int max_label = -1;
      for (const auto& e : entries) {
        parse_index(e.label, index);
        max_label = std::max(max_label, index);
      }
      for (int i = 0; i <= max_label; ++i) classes_.push_back(std::to_string(i));
    }
    for (const auto& e : entries) {
      int label = -1;
      if (parse_index(e.label, label)) {
        if (size_t(label) >= classes_.size())
          throw Error(lpath + ":" + std::to_string(e.line) + ": label " + e.label + " is outside 0.." +
                      std::to_string(classes_.size() - 1) + " (" + cpath + ")");
      } else {
        const auto c = std::find(classes_.begin(), classes_.end(), e.label);
        if (c == classes_.end())
          throw Error(lpath + ":" + std::to_string(e.line) + ": class '" + e.label + "' is not in " + cpath);
        label = int(c - classes_.begin());
      }
      samples_[e.sample].label = label;
    }
  }

  size_t bytes_ = 0;
};

}  // namespace

std::unique_ptr<Dataset> open_raw_folder(const std::string& root) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) throw Error(root + ": not a directory");
  return RawTensors::open(root);
}

std::unique_ptr<Dataset> open_single_raw(const std::string& file) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) throw Error(file + ": no such file");
  return RawTensors::single(file);
}

}  // namespace hb::data
