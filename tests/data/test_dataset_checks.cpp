// Datasets checked before a board is touched (data/validate.h), and MLPerf
// Tiny's EnergyRunner folders (data/mlperf_tiny.cpp), with files the tests
// write: real PNG/JPEG encoders, stimuli in the benchmarks' byte layouts.
#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "common/error.h"
#include "data/data_test_util.h"
#include "data/dataset.h"
#include "data/preprocess.h"
#include "data/validate.h"

namespace fs = std::filesystem;

namespace hb::test {

// A good JPEG cut short, as a failed download leaves it.
void write_truncated_jpeg(const fs::path& p) {
  std::vector<uint8_t> px(24 * 24 * 3, 90);
  write_jpeg(p, 24, 24, 3, px);
  std::vector<uint8_t> b = read_bytes(p);
  b.resize(b.size() / 2);
  write_bytes(p, b);
}

// A PNG signature followed by garbage.
void write_bad_png(const fs::path& p) {
  std::vector<uint8_t> b{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  b.resize(200, 0x55);
  write_bytes(p, b);
}

// ImageFolder: 2 classes x 3 good PNGs, plus one truncated JPEG and one bad PNG.
void write_folder_with_bad_files(const fs::path& root) {
  std::mt19937 rng(5);
  for (const char* c : {"cat", "dog"})
    for (int k = 0; k < 3; ++k) {
      std::vector<uint8_t> px(20 * 20 * 3);
      for (auto& v : px) v = static_cast<uint8_t>(rng());
      write_png8(root / c / ("ok" + std::to_string(k) + ".png"), 20, 20, 3, px);
    }
  write_truncated_jpeg(root / "cat" / "cut.jpg");
  write_bad_png(root / "dog" / "junk.png");
}

}  // namespace hb::test

namespace {

using hb::data::DType;
using hb::data::InputSpec;

InputSpec int8_spec(int h, int w, int c) {
  InputSpec s;
  s.height = h;
  s.width = w;
  s.channels = c;
  s.dtype = DType::int8;
  return s;
}

std::vector<size_t> all(const hb::data::Dataset& ds) {
  std::vector<size_t> v(ds.size());
  for (size_t i = 0; i < v.size(); ++i) v[i] = i;
  return v;
}

TEST(DatasetChecks, FindsEveryUnreadableFileInOnePass) {
  hb::test::TempDir tmp;
  hb::test::write_folder_with_bad_files(tmp / "ds");
  auto ds = hb::data::open_dataset((tmp / "ds").string());
  ASSERT_EQ(ds->size(), 8u);
  for (unsigned threads : {1u, 3u}) {
    const auto bad = hb::data::find_unreadable(*ds, all(*ds), {}, int8_spec(32, 32, 3), threads);
    ASSERT_EQ(bad.size(), 2u);
    EXPECT_EQ(bad[0].id, "cat/cut.jpg");
    EXPECT_NE(bad[0].reason.find("JPEG"), std::string::npos) << bad[0].reason;
    EXPECT_EQ(bad[0].reason.find(tmp.str()), std::string::npos) << "reason repeats the path: " << bad[0].reason;
    EXPECT_EQ(bad[1].id, "dog/junk.png");
    EXPECT_NE(bad[1].reason.find("PNG"), std::string::npos) << bad[1].reason;
    EXPECT_EQ(ds->samples()[bad[1].index].id, "dog/junk.png");
  }
  const std::string msg =
      hb::data::unreadable_message("DS", hb::data::find_unreadable(*ds, all(*ds), {}, int8_spec(32, 32, 3)), 8);
  EXPECT_EQ(msg.rfind("DS: 2 of 8 samples cannot be read", 0), 0u) << msg;
  EXPECT_NE(msg.find("\n  cat/cut.jpg: "), std::string::npos) << msg;
  EXPECT_NE(msg.find("\n  dog/junk.png: "), std::string::npos) << msg;
}

TEST(DatasetChecks, PreprocessingFailuresCountToo) {
  // A raw tensor of the wrong size for the model is as unusable as a corrupt image.
  hb::test::TempDir tmp;
  hb::test::write_bytes(tmp / "raw/a.bin", std::vector<uint8_t>(12, 1));
  auto ds = hb::data::open_dataset((tmp / "raw").string());
  const auto bad = hb::data::find_unreadable(*ds, all(*ds), {}, int8_spec(2, 2, 1));
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_NE(bad[0].reason.find("12"), std::string::npos) << bad[0].reason;
  EXPECT_TRUE(hb::data::find_unreadable(*ds, all(*ds), {}, int8_spec(2, 2, 3)).empty());
}

void write_labels(const fs::path& dir, const std::string& text) { std::ofstream(dir / "y_labels.csv") << text; }

TEST(MlperfTiny, Ic01StimuliAreLabelledRgbImages) {
  hb::test::TempDir tmp;
  const fs::path d = tmp / "ic01";
  std::mt19937 rng(7);
  std::vector<std::vector<uint8_t>> stimuli;
  std::string csv;
  for (int k = 0; k < 4; ++k) {
    std::vector<uint8_t> b(32 * 32 * 3);
    for (auto& v : b) v = static_cast<uint8_t>(rng());
    const std::string name = "emu_s_00" + std::to_string(k) + ".bin";
    hb::test::write_bytes(d / name, b);
    stimuli.push_back(b);
    csv += name + ", 10, " + std::to_string((k * 3) % 10) + "\n";
  }
  write_labels(d, csv);
  auto ds = hb::data::open_dataset(d.string());
  EXPECT_STREQ(ds->format(), "mlperf-tiny");
  ASSERT_EQ(ds->size(), 4u);
  EXPECT_EQ(ds->class_names().size(), 10u);
  EXPECT_EQ(ds->samples()[0].id, "emu_s_000.bin");  // y_labels.csv order
  EXPECT_EQ(ds->samples()[3].label, 9);
  const hb::data::Item it = ds->load(1);
  ASSERT_FALSE(it.is_raw);
  EXPECT_EQ(it.image.width, 32);
  EXPECT_EQ(it.image.height, 32);
  EXPECT_EQ(it.image.channels, 3);
  // Interleaved RGB: pixel (x=5, y=2) channel 1 is byte (2*32+5)*3+1.
  EXPECT_EQ(it.image.at(5, 2, 1), stimuli[1][(2 * 32 + 5) * 3 + 1]);
  // Into an int8 [32,32,3] input exactly as the MLPerf Tiny firmware does: v - 128.
  const auto bytes = hb::data::make_input(it, {}, int8_spec(32, 32, 3), "x");
  ASSERT_EQ(bytes.size(), 3072u);
  for (size_t i = 0; i < bytes.size(); ++i)
    ASSERT_EQ(static_cast<int8_t>(bytes[i]), static_cast<int>(stimuli[1][i]) - 128) << i;
}

TEST(MlperfTiny, Vww01AndKws01Layouts) {
  hb::test::TempDir tmp;
  hb::test::write_bytes(tmp / "vww/a.bin", std::vector<uint8_t>(96 * 96 * 3, 200));
  write_labels(tmp / "vww", "a.bin, 2, 1\n");
  auto vww = hb::data::open_dataset((tmp / "vww").string());
  const auto img = vww->load(0);
  EXPECT_EQ(img.image.width, 96);
  EXPECT_EQ(img.image.channels, 3);
  EXPECT_EQ(vww->samples()[0].label, 1);

  std::vector<uint8_t> mfcc(49 * 10);
  for (size_t i = 0; i < mfcc.size(); ++i) mfcc[i] = static_cast<uint8_t>(i * 7);
  hb::test::write_bytes(tmp / "kws/tst_000000_Stop_7.bin", mfcc);
  hb::test::write_bytes(tmp / "kws/tst_000001_Left_2.bin", mfcc);
  write_labels(tmp / "kws", "tst_000000_Stop_7.bin, 12, 7\ntst_000001_Left_2.bin, 12, 2\n");
  auto kws = hb::data::open_dataset((tmp / "kws").string());
  EXPECT_EQ(kws->raw_bytes(), 490u);
  const auto raw = kws->load(0);
  ASSERT_TRUE(raw.is_raw);
  EXPECT_EQ(raw.raw, mfcc);  // int8 MFCC goes to the board as it is
  EXPECT_EQ(hb::data::make_input(raw, {}, int8_spec(49, 10, 1), "x"), mfcc);
  EXPECT_EQ(kws->samples()[1].label, 2);
}

TEST(MlperfTiny, MalformedFoldersAreRefusedNamingTheLine) {
  hb::test::TempDir tmp;
  const fs::path d = tmp / "m";
  hb::test::write_bytes(d / "a.bin", std::vector<uint8_t>(3072));
  auto expect_error = [&](const std::string& csv, const std::string& what) {
    write_labels(d, csv);
    try {
      hb::data::open_dataset(d.string());
      ADD_FAILURE() << "accepted: " << csv;
    } catch (const hb::Error& e) {
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    }
  };
  expect_error("a.bin, 10\n", "y_labels.csv:1: expected 'file, classes, label'");
  expect_error("a.bin, 10, 10\n", "y_labels.csv:1: label '10' is not a class index below 10");
  expect_error("a.bin, 10, 1\nb.bin, 10, 2\n", "1 listed file(s) missing: b.bin");
  expect_error("a.bin, 10, 1\na.bin, 12, 2\n", "y_labels.csv:2: 12 classes, earlier lines say 10");
  hb::test::write_bytes(d / "odd.bin", std::vector<uint8_t>(100));
  expect_error("odd.bin, 10, 1\n", "100 bytes is no MLPerf Tiny stimulus size");
}

}  // namespace
