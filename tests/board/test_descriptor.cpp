// Board descriptors: every shipped one loads; bad ones name the file and field.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "board/descriptor.h"
#include "common/error.h"

namespace {

using hb::board::parse_descriptor;
using nlohmann::json;

json valid() {
  return json::parse(R"({
    "name": "x", "title": "t", "core": "cortex-m7", "clock_hz": 400000000, "emulated": false, "port": "stm32h747",
    "memory": {"flash": [{"name": "f", "origin": "0x08000000", "bytes": 1048576}],
               "ram": [{"name": "r", "origin": "0x24000000", "bytes": 524288}]},
    "flash": {"method": "openocd", "config": "board/stm32h747i-disco.cfg"},
    "link": {"kind": "serial", "device": "/dev/ttyACM0", "baud": 921600},
    "timer": {"source": "dwt", "unit": "cycles"},
    "plan": {"address": "0x08100000", "max_bytes": 1048576}})");
}

std::string error_of(const json& j) {
  try {
    parse_descriptor(j, "boards/x.json");
  } catch (const hb::Error& e) {
    return e.what();
  }
  return "";
}

TEST(BoardDescriptor, ShippedBoardsLoad) {
  auto all = hb::board::load_all();
  std::set<std::string> names;
  for (auto& d : all) names.insert(d.name);
  for (const char* n : {"sim", "qemu-m7", "qemu-m33", "h747", "f769", "u585", "mp157", "mp157-qemu"})
    EXPECT_TRUE(names.count(n)) << n;
  auto h747 = hb::board::find_board("h747");
  EXPECT_EQ(h747.clock_hz, 400000000u);
  EXPECT_EQ(h747.plan_address, 0x08120000u);  // bank 2, after the M4 parking sector
  EXPECT_EQ(h747.flash_method(), "openocd");
  EXPECT_EQ(h747.timer_source, "dwt");
}

TEST(BoardDescriptor, ParsesHexAndNumbers) {
  auto d = parse_descriptor(valid(), "boards/x.json");
  EXPECT_EQ(d.flash.at(0).origin, 0x08000000u);
  EXPECT_EQ(d.ram.at(0).bytes, 524288u);
  EXPECT_EQ(d.total_ram(), 524288u);
  EXPECT_EQ(d.link_kind(), "serial");
}

TEST(BoardDescriptor, ErrorsNameFileAndField) {
  json j = valid();
  j["link"]["baud"] = "fast";
  EXPECT_EQ(error_of(j), "boards/x.json: field 'link.baud': expected a non-negative integer or a \"0x...\" string");
  j = valid();
  j.erase("timer");
  EXPECT_EQ(error_of(j), "boards/x.json: field 'timer': missing");
  j = valid();
  j["flash"]["method"] = "jtag-magic";
  EXPECT_NE(error_of(j).find("field 'flash.method'"), std::string::npos);
  j = valid();
  j["memory"]["ram"][0].erase("bytes");
  EXPECT_EQ(error_of(j), "boards/x.json: field 'memory.ram[0].bytes': missing");
  j = valid();
  j["colour"] = "blue";
  EXPECT_EQ(error_of(j), "boards/x.json: field 'colour': unknown field");
  j = valid();
  j["timer"]["unit"] = "ms";
  EXPECT_NE(error_of(j).find("field 'timer.unit'"), std::string::npos);
  j = valid();
  j["flash"] = {{"method", "exec"}, {"program", "hb-fw-linux"}, {"wrapper", "qemu-arm -cpu cortex-a7"}};
  EXPECT_EQ(error_of(j), "boards/x.json: field 'flash.wrapper': expected an array of non-empty strings");
  j["flash"]["wrapper"] = {"qemu-arm", ""};
  EXPECT_EQ(error_of(j), "boards/x.json: field 'flash.wrapper': expected an array of non-empty strings");
}

TEST(BoardDescriptor, UnknownBoardListsKnownOnes) {
  try {
    hb::board::find_board("nope");
    FAIL() << "expected an error";
  } catch (const hb::Error& e) {
    EXPECT_NE(std::string(e.what()).find("unknown board 'nope'"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("sim"), std::string::npos);
  }
}

TEST(BoardDescriptor, InvalidJsonNamesFile) {
  auto dir = std::filesystem::temp_directory_path() / "hb_desc_test";
  std::filesystem::create_directories(dir);
  auto p = dir / "broken.json";
  std::ofstream(p) << "{ \"name\": ";
  try {
    hb::board::load_descriptor(p.string());
    FAIL();
  } catch (const hb::Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind(p.string() + ": invalid JSON", 0), 0u) << e.what();
  }
  std::filesystem::remove_all(dir);
}

// "exclusive" (board locks): physical boards by default, emulated ones not;
// the file may say otherwise; every shipped descriptor says it explicitly.
TEST(BoardDescriptor, ExclusiveDefaultsToPhysical) {
  json j = valid();
  EXPECT_TRUE(parse_descriptor(j, "boards/x.json").exclusive);
  EXPECT_EQ(parse_descriptor(j, "boards/x.json").instance, "x");
  j["emulated"] = true;
  EXPECT_FALSE(parse_descriptor(j, "boards/x.json").exclusive);
  j["exclusive"] = true;
  EXPECT_TRUE(parse_descriptor(j, "boards/x.json").exclusive);
  j["exclusive"] = "yes";
  EXPECT_EQ(error_of(j), "boards/x.json: field 'exclusive': expected true or false");
  for (const auto& d : hb::board::load_all()) {
    std::ifstream f(d.file);
    EXPECT_TRUE(json::parse(f).contains("exclusive")) << d.file;
    EXPECT_EQ(d.exclusive, !d.emulated) << d.file;
  }
}

}  // namespace
