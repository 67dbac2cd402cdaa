// Raw tensor folders: flat with labels files, class sub-folders, size checks,
// and passing raw bytes through make_input unchanged.
#include <gtest/gtest.h>

#include "common/error.h"
#include "data/data_test_util.h"
#include "data/dataset.h"
#include "data/preprocess.h"

namespace {

using hb::test::TempDir;

std::string text_of(const std::string& s) { return s; }
std::vector<uint8_t> bytes_of(const std::string& s) { return {s.begin(), s.end()}; }

std::string error_of(const std::string& path) {
  try {
    auto ds = hb::data::open_dataset(path);
  } catch (const hb::Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(DataRawFolder, FlatWithNamedLabelsCsv) {
  TempDir d;
  hb::test::write_bytes(d / "b.bin", {1, 2, 3, 4});
  hb::test::write_bytes(d / "a.bin", {5, 6, 7, 8});
  hb::test::write_bytes(d / "c.bin", {9, 9, 9, 9});
  hb::test::write_bytes(d / "labels.csv", bytes_of("file,label\nb.bin,zebra\na.bin, cat\n"));
  auto ds = hb::data::open_dataset(d.str());
  EXPECT_STREQ(ds->format(), "raw");
  EXPECT_EQ(ds->raw_bytes(), 4u);
  EXPECT_EQ(ds->class_names(), (std::vector<std::string>{"cat", "zebra"}));
  ASSERT_EQ(ds->size(), 3u);
  EXPECT_EQ(ds->samples()[0].id, "a.bin");
  EXPECT_EQ(ds->samples()[0].label, 0);
  EXPECT_EQ(ds->samples()[1].label, 1);
  EXPECT_EQ(ds->samples()[2].label, -1);  // not listed: unknown
  const auto it = ds->load(1);
  EXPECT_TRUE(it.is_raw);
  EXPECT_EQ(it.raw, (std::vector<uint8_t>{1, 2, 3, 4}));
}

TEST(DataRawFolder, LabelsTxtWithIndicesAndClassesTxt) {
  TempDir d;
  hb::test::write_bytes(d / "x.bin", {0, 0});
  hb::test::write_bytes(d / "y.bin", {1, 1});
  hb::test::write_bytes(d / "labels.txt", bytes_of("# comment\nx.bin 2\r\ny.bin\t0\n"));
  auto ds = hb::data::open_dataset(d.str());
  EXPECT_EQ(ds->class_names(), (std::vector<std::string>{"0", "1", "2"}));
  EXPECT_EQ(ds->samples()[0].label, 2);
  EXPECT_EQ(ds->samples()[1].label, 0);

  hb::test::write_bytes(d / "classes.txt", bytes_of("airplane\nautomobile\nbird\n"));
  ds = hb::data::open_dataset(d.str());
  EXPECT_EQ(ds->class_names(), (std::vector<std::string>{"airplane", "automobile", "bird"}));
  EXPECT_EQ(ds->samples()[0].label, 2);

  hb::test::write_bytes(d / "classes.txt", bytes_of("airplane\nautomobile\n"));
  const std::string e = error_of(d.str());
  EXPECT_NE(e.find((d / "labels.txt").string() + ":2: label 2 is outside 0..1"), std::string::npos) << e;
}

TEST(DataRawFolder, ClassSubfolders) {
  TempDir d;
  hb::test::write_bytes(d / "dog/1.bin", {1, 1, 1});
  hb::test::write_bytes(d / "cat/2.bin", {2, 2, 2});
  hb::test::write_bytes(d / "cat/3.bin", {3, 3, 3});
  auto ds = hb::data::open_dataset(d.str());
  EXPECT_STREQ(ds->format(), "raw");
  EXPECT_EQ(ds->class_names(), (std::vector<std::string>{"cat", "dog"}));
  ASSERT_EQ(ds->size(), 3u);
  EXPECT_EQ(ds->samples()[2].id, "dog/1.bin");
  EXPECT_EQ(ds->samples()[2].label, 1);
  EXPECT_EQ(ds->load(2).raw, (std::vector<uint8_t>{1, 1, 1}));
}

TEST(DataRawFolder, Errors) {
  TempDir d;
  hb::test::write_bytes(d / "s/a.bin", {1, 2, 3});
  hb::test::write_bytes(d / "s/b.bin", {1, 2});
  std::string e = error_of((d / "s").string());
  EXPECT_NE(e.find((d / "s/b.bin").string() + ": is 2 bytes but"), std::string::npos) << e;

  hb::test::write_bytes(d / "m/a.bin", {1});
  hb::test::write_bytes(d / "m/labels.csv", bytes_of("a.bin,0\nghost.bin,1\n"));
  e = error_of((d / "m").string());
  EXPECT_NE(e.find((d / "m/labels.csv").string() + ":2: no raw tensor file 'ghost.bin'"), std::string::npos) << e;

  hb::test::write_bytes(d / "x/a.bin", {1});
  hb::test::write_bytes(d / "x/b.bin", {1});
  hb::test::write_bytes(d / "x/labels.csv", bytes_of("a.bin,0\nb.bin,cat\n"));
  e = error_of((d / "x").string());
  EXPECT_NE(e.find("mix class indices and class names"), std::string::npos) << e;

  hb::test::write_bytes(d / "e/a.bin", {});
  e = error_of((d / "e").string());
  EXPECT_NE(e.find("empty raw tensor file"), std::string::npos) << e;
}

TEST(DataRawFolder, MakeInputPassesBytesThroughAndChecksSize) {
  TempDir d;
  std::vector<uint8_t> t(2 * 2 * 3);
  for (size_t i = 0; i < t.size(); ++i) t[i] = uint8_t(250 - i);
  hb::test::write_bytes(d / "t.bin", t);
  auto ds = hb::data::open_dataset((d / "t.bin").string());  // single raw file
  EXPECT_STREQ(ds->format(), "raw");
  hb::data::InputSpec spec{2, 2, 3, hb::data::DType::int8, 1.0, -128};
  hb::data::Preprocess pp;
  pp.rescale = hb::data::Rescale{0.5, 3};  // ignored for raw tensors
  EXPECT_EQ(hb::data::make_input(ds->load(0), pp, spec, "t.bin"), t);
  spec.width = 3;
  try {
    hb::data::make_input(ds->load(0), pp, spec, "t.bin");
    FAIL();
  } catch (const hb::Error& e) {
    EXPECT_EQ(text_of(e.what()), "t.bin: raw tensor is 12 bytes but the model input needs 18");
  }
}

}  // namespace
