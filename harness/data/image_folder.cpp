// ImageFolder: root/<class>/**/*.{jpg,jpeg,png}, the layout of flower_photos.tgz
// and of Keras' image_dataset_from_directory. Classes are the non-hidden
// sub-folders sorted by name (label = index); files directly in root (e.g.
// LICENSE.txt) and non-image files are ignored. Images decode on load().
#include <filesystem>

#include "common/error.h"
#include "common/file_io.h"
#include "common/sha256.h"
#include "data/dataset.h"
#include "data/scan.h"

namespace fs = std::filesystem;

namespace hb::data {
namespace {

class FileImages : public Dataset {
 public:
  const char* format() const override { return single_ ? "image" : "imagefolder"; }

  Item load(size_t i) const override {
    Item it;
    it.image = load_image_file(file_path(i));
    return it;
  }

  static std::unique_ptr<FileImages> folder(const std::string& root) {
    std::unique_ptr<FileImages> ds(new FileImages);
    ds->path_ = root;
    ds->classes_ = list_subdirs(root);
    if (ds->classes_.empty())
      throw Error(root + ": no class sub-folders (ImageFolder layout is root/<class>/*.jpg|png)");
    for (size_t c = 0; c < ds->classes_.size(); ++c)
      for (const auto& rel : walk_files(join_path(root, ds->classes_[c]), has_image_extension))
        ds->samples_.push_back({ds->classes_[c] + "/" + rel, int(c)});
    if (ds->samples_.empty()) throw Error(root + ": class sub-folders hold no .jpg/.jpeg/.png images");
    return ds;
  }

  static std::unique_ptr<FileImages> single(const std::string& file) {
    std::unique_ptr<FileImages> ds(new FileImages);
    const fs::path p(file);
    ds->single_ = true;
    ds->path_ = p.parent_path().string();
    ds->samples_.push_back({p.filename().string(), -1});
    return ds;
  }

 protected:
  std::array<uint8_t, 32> content_hash(size_t i) const override { return sha256(read_file(file_path(i))); }

 private:
  FileImages() = default;
  std::string file_path(size_t i) const { return join_path(path_, samples_.at(i).id); }
  bool single_ = false;
};

}  // namespace

std::unique_ptr<Dataset> open_image_folder(const std::string& root) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) throw Error(root + ": not a directory");
  return FileImages::folder(root);
}

std::unique_ptr<Dataset> open_single_image(const std::string& file) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) throw Error(file + ": no such file");
  return FileImages::single(file);
}

}  // namespace hb::data
