// Dataset folders: the input is split into up to 4 files (by 0xFF 0x00
// separators) written as an ImageFolder class folder and as a raw folder;
// both are opened and every sample loaded (decode + manifest).
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "common/error.h"
#include "data/dataset.h"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const fs::path root = fs::temp_directory_path() / ("hb_fuzz_ds_" + std::to_string(getpid()));
  std::error_code ec;
  fs::remove_all(root, ec);
  fs::create_directories(root / "img" / "a", ec);
  fs::create_directories(root / "raw" / "a", ec);
  size_t start = 0;
  int k = 0;
  for (size_t i = 0; i <= size && k < 4; ++i) {
    if (i == size || (i + 1 < size && data[i] == 0xFF && data[i + 1] == 0x00)) {
      const std::string n = std::to_string(k++);
      for (const char* dir : {"img/a/", "raw/a/"}) {
        const std::string ext = dir[0] == 'i' ? (k % 2 ? ".png" : ".jpg") : ".bin";
        std::ofstream(root / (dir + n + ext), std::ios::binary)
            .write(reinterpret_cast<const char*>(data + start), static_cast<std::streamsize>(i - start));
      }
      start = i + 2;
      ++i;
    }
  }
  for (const char* sub : {"img", "raw"}) {
    try {
      auto ds = hb::data::open_dataset((root / sub).string());
      for (size_t i = 0; i < ds->size(); ++i) (void)ds->load(i);
    } catch (const hb::Error&) {
    }
  }
  return 0;
}
