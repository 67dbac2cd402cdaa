// The manifest hash keys runs by dataset: stable for the same content, and it
// must move when a label, a file's bytes, or the set of files changes.
#include <gtest/gtest.h>

#include "common/sha256.h"
#include "data/data_test_util.h"
#include "data/dataset.h"

namespace {

using hb::test::TempDir;

std::string hash_of(const std::string& path) { return hb::data::open_dataset(path)->manifest_hash(); }

TEST(DataManifest, ImageFolderStableAndSensitive) {
  TempDir d;
  hb::test::write_png8(d / "a/1.png", 2, 2, 1, {1, 2, 3, 4});
  hb::test::write_png8(d / "b/2.png", 2, 2, 1, {5, 6, 7, 8});
  auto ds = hb::data::open_dataset(d.str());
  const std::string h0 = ds->manifest_hash();
  EXPECT_EQ(h0.size(), 64u);
  EXPECT_EQ(ds->manifest_hash(), h0);  // cached
  EXPECT_EQ(hash_of(d.str()), h0);     // re-opened

  // The text covers each file's content hash, computed independently here.
  const std::string text = ds->manifest_text();
  EXPECT_NE(text.find("a/1.png\t0\t" + hb::sha256_file_hex((d / "a/1.png").string())), std::string::npos) << text;
  EXPECT_EQ(hb::sha256_hex({reinterpret_cast<const uint8_t*>(text.data()), text.size()}), h0);

  // Same bytes, new mtime: no change.
  hb::test::write_bytes(d / "a/1.png", hb::test::read_bytes(d / "a/1.png"));
  EXPECT_EQ(hash_of(d.str()), h0);

  // Content change.
  hb::test::write_png8(d / "a/1.png", 2, 2, 1, {1, 2, 3, 9});
  const std::string h1 = hash_of(d.str());
  EXPECT_NE(h1, h0);

  // Label change: same file moved to the other class.
  std::filesystem::rename(d / "a/1.png", d / "b/1.png");
  hb::test::write_png8(d / "a/keep.png", 1, 1, 1, {0});  // keep class a alive
  const std::string h2 = hash_of(d.str());
  std::filesystem::rename(d / "b/1.png", d / "a/1.png");
  const std::string h3 = hash_of(d.str());
  EXPECT_NE(h2, h3);
  EXPECT_NE(h3, h1);  // a file was added
}

TEST(DataManifest, RawLabelsFileChangesHash) {
  TempDir d;
  hb::test::write_bytes(d / "a.bin", {1, 2});
  hb::test::write_bytes(d / "b.bin", {3, 4});
  hb::test::write_bytes(d / "labels.csv", {'a', '.', 'b', 'i', 'n', ',', '0', '\n'});
  const std::string h0 = hash_of(d.str());
  hb::test::write_bytes(d / "labels.csv", {'a', '.', 'b', 'i', 'n', ',', '1', '\n'});
  EXPECT_NE(hash_of(d.str()), h0);
}

TEST(DataManifest, IdxLabelChangeChangesHash) {
  TempDir d;
  hb::test::write_bytes(d / "x-images-idx3-ubyte", hb::test::idx_bytes({2, 1, 2}, {1, 2, 3, 4}));
  hb::test::write_bytes(d / "x-labels-idx1-ubyte", hb::test::idx_bytes({2}, {0, 1}));
  const std::string h0 = hash_of(d.str());
  EXPECT_EQ(hash_of(d.str()), h0);
  hb::test::write_bytes(d / "x-labels-idx1-ubyte", hb::test::idx_bytes({2}, {1, 1}));
  const std::string h1 = hash_of(d.str());
  EXPECT_NE(h1, h0);
  hb::test::write_bytes(d / "x-images-idx3-ubyte", hb::test::idx_bytes({2, 1, 2}, {1, 2, 3, 5}));
  EXPECT_NE(hash_of(d.str()), h1);
  // Gzipping the same records does not change what the dataset is.
  hb::test::write_gzip(d / "gz/x-images-idx3-ubyte.gz", hb::test::idx_bytes({2, 1, 2}, {1, 2, 3, 5}));
  hb::test::write_gzip(d / "gz/x-labels-idx1-ubyte.gz", hb::test::idx_bytes({2}, {1, 1}));
  EXPECT_EQ(hash_of((d / "gz").string()), hash_of(d.str()));
}

}  // namespace
