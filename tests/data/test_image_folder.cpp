// ImageFolder reading: class order, labels, ids, ignored files, pixels, and
// errors that name the bad file.
#include <gtest/gtest.h>

#include "common/error.h"
#include "data/data_test_util.h"
#include "data/dataset.h"

namespace {

using hb::test::TempDir;

std::vector<uint8_t> solid(int w, int h, int c, uint8_t base) {
  std::vector<uint8_t> v(size_t(w) * h * c);
  for (size_t i = 0; i < v.size(); ++i) v[i] = uint8_t(base + i);
  return v;
}

// root/{tulip,ant,cat}/..., created out of order on purpose.
void build_folder(const TempDir& d) {
  hb::test::write_png8(d / "tulip/t1.png", 3, 2, 3, solid(3, 2, 3, 100));
  hb::test::write_jpeg(d / "tulip/t0.jpg", 8, 8, 3, std::vector<uint8_t>(8 * 8 * 3, 60));
  hb::test::write_png8(d / "ant/b.png", 2, 2, 1, solid(2, 2, 1, 7));
  hb::test::write_png8(d / "ant/A.PNG", 2, 2, 3, solid(2, 2, 3, 1));
  hb::test::write_png8(d / "ant/deeper/n.png", 1, 1, 3, {9, 8, 7});
  hb::test::write_jpeg(d / "cat/c.jpeg", 16, 8, 1, std::vector<uint8_t>(16 * 8, 200));
  hb::test::write_bytes(d / "cat/notes.txt", {'x'});
  hb::test::write_bytes(d / "cat/.hidden.png", {'x'});
  hb::test::write_bytes(d / "LICENSE.txt", {'x'});
  hb::test::write_png8(d / ".git/ignored/z.png", 1, 1, 1, {0});
}

TEST(DataImageFolder, ClassesSortedLabelsAndIds) {
  TempDir d;
  build_folder(d);
  auto ds = hb::data::open_dataset(d.str());
  EXPECT_STREQ(ds->format(), "imagefolder");
  EXPECT_EQ(ds->class_names(), (std::vector<std::string>{"ant", "cat", "tulip"}));
  const std::vector<std::pair<std::string, int>> want = {{"ant/A.PNG", 0},        {"ant/b.png", 0},
                                                         {"ant/deeper/n.png", 0}, {"cat/c.jpeg", 1},
                                                         {"tulip/t0.jpg", 2},     {"tulip/t1.png", 2}};
  ASSERT_EQ(ds->size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(ds->samples()[i].id, want[i].first);
    EXPECT_EQ(ds->samples()[i].label, want[i].second);
  }
}

TEST(DataImageFolder, LoadsPixels) {
  TempDir d;
  build_folder(d);
  auto ds = hb::data::open_image_folder(d.str());
  auto it = ds->load(5);  // tulip/t1.png
  EXPECT_FALSE(it.is_raw);
  EXPECT_EQ(it.image.width, 3);
  EXPECT_EQ(it.image.height, 2);
  EXPECT_EQ(it.image.pixels, solid(3, 2, 3, 100));
  it = ds->load(1);  // grey PNG stays grey
  EXPECT_EQ(it.image.channels, 1);
  EXPECT_EQ(it.image.pixels, solid(2, 2, 1, 7));
  it = ds->load(3);  // grey JPEG
  EXPECT_EQ(it.image.channels, 1);
  EXPECT_EQ(it.image.width, 16);
  for (uint8_t v : it.image.pixels) EXPECT_NEAR(v, 200, 2);
  it = ds->load(4);
  EXPECT_EQ(it.image.channels, 3);
  for (uint8_t v : it.image.pixels) EXPECT_NEAR(v, 60, 2);
}

TEST(DataImageFolder, CorruptFileFailsOnLoadNamingIt) {
  TempDir d;
  build_folder(d);
  auto bytes = hb::test::read_bytes(d / "tulip/t0.jpg");
  bytes.resize(bytes.size() - 40);
  hb::test::write_bytes(d / "tulip/t0.jpg", bytes);
  auto ds = hb::data::open_dataset(d.str());  // opening does not decode
  EXPECT_NO_THROW(ds->load(5));
  try {
    ds->load(4);
    FAIL() << "truncated JPEG loaded";
  } catch (const hb::Error& e) {
    const std::string want = (d / "tulip/t0.jpg").string() + ": corrupt JPEG: ";
    EXPECT_EQ(std::string(e.what()).rfind(want, 0), 0u) << e.what();
  }
}

TEST(DataImageFolder, SingleImageFile) {
  TempDir d;
  hb::test::write_png8(d / "one.png", 2, 1, 1, {3, 4});
  auto ds = hb::data::open_dataset((d / "one.png").string());
  EXPECT_STREQ(ds->format(), "image");
  ASSERT_EQ(ds->size(), 1u);
  EXPECT_EQ(ds->samples()[0].id, "one.png");
  EXPECT_EQ(ds->samples()[0].label, -1);
  EXPECT_EQ(ds->load(0).image.pixels, (std::vector<uint8_t>{3, 4}));
}

TEST(DataOpenDataset, ErrorsNameThePath) {
  TempDir d;
  auto msg_of = [](const std::string& p) -> std::string {
    try {
      hb::data::open_dataset(p);
    } catch (const hb::Error& e) {
      return e.what();
    }
    return "(no error)";
  };
  const std::string missing = (d / "nope").string();
  EXPECT_EQ(msg_of(missing), missing + ": no such file or directory");
  hb::test::write_bytes(d / "empty_class/readme.txt", {'x'});
  std::string m = msg_of(d.str());
  EXPECT_EQ(m.rfind(d.str() + ": no dataset found", 0), 0u) << m;
  hb::test::write_bytes(d / "data.csv", {'x'});
  m = msg_of((d / "data.csv").string());
  EXPECT_EQ(m.rfind((d / "data.csv").string() + ": not a dataset file", 0), 0u) << m;
}

}  // namespace
