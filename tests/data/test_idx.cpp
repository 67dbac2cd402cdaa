// IDX reading: Debian's Fashion-MNIST (checked against an independent zlib
// decode and the known class balance), synthetic files, malformed files.
#include <gtest/gtest.h>

#include <array>
#include <filesystem>

#include "common/error.h"
#include "data/data_test_util.h"
#include "data/dataset.h"

namespace fs = std::filesystem;

namespace {

using hb::test::TempDir;

const fs::path kFashion = "/usr/share/datasets/fashion-mnist";

#define REQUIRE_FASHION()                                                                       \
  do {                                                                                          \
    if (!fs::exists(kFashion / "t10k-images-idx3-ubyte.gz")) GTEST_SKIP() << "no " << kFashion; \
  } while (0)

std::string error_of(const std::string& path) {
  try {
    auto ds = hb::data::open_dataset(path);
  } catch (const hb::Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(DataIdx, FashionMnistTestSplitFromDirectory) {
  REQUIRE_FASHION();
  auto ds = hb::data::open_dataset(kFashion.string());  // directory: picks t10k over train
  EXPECT_STREQ(ds->format(), "idx");
  EXPECT_EQ(ds->path(), (kFashion / "t10k-images-idx3-ubyte.gz").string());
  ASSERT_EQ(ds->size(), 10000u);
  ASSERT_EQ(ds->class_names().size(), 10u);
  EXPECT_EQ(ds->class_names()[0], "T-shirt/top");
  EXPECT_EQ(ds->class_names()[9], "Ankle boot");
  EXPECT_EQ(ds->samples()[0].id, "idx:0");
  EXPECT_EQ(ds->samples()[0].label, 9);
  std::array<int, 10> per_class{};
  for (const auto& s : ds->samples()) {
    ASSERT_GE(s.label, 0);
    ASSERT_LT(s.label, 10);
    ++per_class[size_t(s.label)];
  }
  for (int n : per_class) EXPECT_EQ(n, 1000);

  // Independent decode: zlib's gzread and the IDX layout (16-byte header for
  // images, 8 for labels).
  const auto images = hb::test::gunzip_file(kFashion / "t10k-images-idx3-ubyte.gz");
  const auto labels = hb::test::gunzip_file(kFashion / "t10k-labels-idx1-ubyte.gz");
  ASSERT_EQ(images.size(), 16u + 10000u * 784u);
  for (size_t i : {size_t(0), size_t(1), size_t(4321), size_t(9999)}) {
    const auto it = ds->load(i);
    ASSERT_EQ(it.image.width, 28);
    ASSERT_EQ(it.image.height, 28);
    ASSERT_EQ(it.image.channels, 1);
    EXPECT_TRUE(std::equal(it.image.pixels.begin(), it.image.pixels.end(), images.begin() + 16 + long(i) * 784))
        << "record " << i;
    EXPECT_EQ(ds->samples()[i].label, labels[8 + i]);
  }
}

TEST(DataIdx, FashionMnistImagesFileDirectly) {
  REQUIRE_FASHION();
  auto ds = hb::data::open_dataset((kFashion / "t10k-images-idx3-ubyte.gz").string());
  EXPECT_EQ(ds->size(), 10000u);
  EXPECT_EQ(ds->samples()[0].label, 9);
}

TEST(DataIdx, SyntheticPlainAndGzip) {
  TempDir d;
  // 3 images of 2x3 (H=2, W=3): pixel value = 10*record + index.
  std::vector<uint8_t> px(3 * 6);
  for (size_t i = 0; i < px.size(); ++i) px[i] = uint8_t(10 * (i / 6) + i % 6);
  hb::test::write_bytes(d / "plain/my-images-idx3-ubyte", hb::test::idx_bytes({3, 2, 3}, px));
  hb::test::write_bytes(d / "plain/my-labels-idx1-ubyte", hb::test::idx_bytes({3}, {2, 0, 11}));
  hb::test::write_gzip(d / "gz/my-images-idx3-ubyte.gz", hb::test::idx_bytes({3, 2, 3}, px));
  hb::test::write_gzip(d / "gz/my-labels-idx1-ubyte.gz", hb::test::idx_bytes({3}, {2, 0, 11}));
  for (const char* sub : {"plain", "gz"}) {
    auto ds = hb::data::open_dataset((d / sub).string());
    ASSERT_EQ(ds->size(), 3u) << sub;
    EXPECT_EQ(ds->samples()[2].label, 11);
    // Not Fashion-MNIST: classes are the label numbers up to the largest.
    ASSERT_EQ(ds->class_names().size(), 12u);
    EXPECT_EQ(ds->class_names()[11], "11");
    const auto img = ds->load(1).image;
    EXPECT_EQ(img.width, 3);
    EXPECT_EQ(img.height, 2);
    EXPECT_EQ(img.pixels, (std::vector<uint8_t>{10, 11, 12, 13, 14, 15}));
  }
}

TEST(DataIdx, ImagesWithoutLabelsAreUnlabelled) {
  TempDir d;
  hb::test::write_bytes(d / "x-images-idx3-ubyte", hb::test::idx_bytes({2, 1, 1}, {5, 6}));
  auto ds = hb::data::open_dataset((d / "x-images-idx3-ubyte").string());
  ASSERT_EQ(ds->size(), 2u);
  EXPECT_EQ(ds->samples()[1].label, -1);
  EXPECT_TRUE(ds->class_names().empty());
}

TEST(DataIdx, MalformedFilesGiveClearErrors) {
  TempDir d;
  auto put = [&](const std::string& name, const std::vector<uint8_t>& b) {
    hb::test::write_bytes(d / name, b);
    return (d / name).string();
  };
  auto good = hb::test::idx_bytes({2, 2, 2}, std::vector<uint8_t>(8, 1));

  auto bad_magic = good;
  bad_magic[0] = 1;
  std::string p = put("a/bm-images-idx3-ubyte", bad_magic);
  EXPECT_NE(error_of(p).find("not an IDX file"), std::string::npos) << error_of(p);

  auto bad_type = good;
  bad_type[2] = 0x0D;  // float
  p = put("b/bt-images-idx3-ubyte", bad_type);
  EXPECT_NE(error_of(p).find("unsupported IDX element type"), std::string::npos) << error_of(p);

  auto short_data = good;
  short_data.pop_back();
  p = put("c/sd-images-idx3-ubyte", short_data);
  EXPECT_NE(error_of(p).find("(truncated)"), std::string::npos) << error_of(p);

  auto long_data = good;
  long_data.push_back(0);
  p = put("d/ld-images-idx3-ubyte", long_data);
  EXPECT_NE(error_of(p).find("(trailing bytes)"), std::string::npos) << error_of(p);

  p = put("e/two-images-idx3-ubyte", hb::test::idx_bytes({2, 4}, std::vector<uint8_t>(8)));
  EXPECT_NE(error_of(p).find("must have 3 dimensions"), std::string::npos) << error_of(p);

  p = put("f/n-images-idx3-ubyte", good);
  put("f/n-labels-idx1-ubyte", hb::test::idx_bytes({3}, {0, 1, 2}));
  EXPECT_NE(error_of(p).find("3 labels for 2 images"), std::string::npos) << error_of(p);

  p = put("g/n-images-idx3-ubyte", good);
  put("g/n-labels-idx1-ubyte", hb::test::idx_bytes({2, 1}, {0, 1}));
  EXPECT_NE(error_of(p).find("labels must have 1 dimension"), std::string::npos) << error_of(p);

  // A Fashion-MNIST path knows its 10 classes, so label 10 is out of range.
  p = put("fashion-x/t10k-images-idx3-ubyte", good);
  put("fashion-x/t10k-labels-idx1-ubyte", hb::test::idx_bytes({2}, {3, 10}));
  EXPECT_NE(error_of(p).find("label 10 of record 1 is outside 0..9"), std::string::npos) << error_of(p);
}

TEST(DataIdx, BrokenGzip) {
  TempDir d;
  hb::test::write_gzip(d / "t/a-images-idx3-ubyte.gz",
                       hb::test::idx_bytes({1, 200, 200}, std::vector<uint8_t>(40000, 3)));
  auto bytes = hb::test::read_bytes(d / "t/a-images-idx3-ubyte.gz");
  auto cut = bytes;
  cut.resize(cut.size() / 2);
  hb::test::write_bytes(d / "t/a-images-idx3-ubyte.gz", cut);
  std::string e = error_of((d / "t").string());
  EXPECT_NE(e.find("truncated gzip"), std::string::npos) << e;

  for (size_t i = 12; i < 30 && i < bytes.size(); ++i) bytes[i] ^= 0xA5;  // inside the deflate stream
  hb::test::write_bytes(d / "c/a-images-idx3-ubyte.gz", bytes);
  e = error_of((d / "c").string());
  EXPECT_NE(e.find((d / "c/a-images-idx3-ubyte.gz").string() + ": "), std::string::npos) << e;
  EXPECT_NE(e.find("gzip"), std::string::npos) << e;
}

TEST(DataIdx, DirectoryWithSeveralSplitsAndNoT10k) {
  TempDir d;
  const auto b = hb::test::idx_bytes({1, 1, 1}, {0});
  hb::test::write_bytes(d / "a-images-idx3-ubyte", b);
  hb::test::write_bytes(d / "b-images-idx3-ubyte", b);
  const std::string e = error_of(d.str());
  EXPECT_NE(e.find("pass one of: a-images-idx3-ubyte, b-images-idx3-ubyte"), std::string::npos) << e;
}

}  // namespace
