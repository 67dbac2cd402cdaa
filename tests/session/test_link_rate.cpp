// The link at line rate: `hilbench run` on a paced sim board (the pty moves
// bytes like a UART at the descriptor's baud), at 921,600 Bd and raised to
// 3,000,000 Bd by SET_BAUD, and the fallback when a rate fails. Asserts on
// what the run stored: payload share of the line rate, the rate used,
// bit-exactness.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>

#include "cli/cli_util.h"
#include "temp_dir.h"
#include "test_paths.h"

namespace fs = std::filesystem;
using hb::test::hilbench;

namespace {

const char* kVww = "vww_96_int8.tflite";  // 96x96x3 input: 27,648 bytes per image

bool have_sim() { return fs::exists(std::string(HB_TEST_BIN_DIR) + "/target-fw/hb-fw-sim"); }

// A sim board whose link is paced at `baud`, with optional SET_BAUD rates
// and firmware arguments.
std::string write_board(const fs::path& dir, unsigned baud, const nlohmann::json& bauds,
                        const std::vector<std::string>& args = {}) {
  nlohmann::json d = {{"name", "sim-paced"},
                      {"title", "sim board on a paced pty"},
                      {"core", "host"},
                      {"clock_hz", 0},
                      {"emulated", true},
                      {"port", "sim"},
                      {"memory",
                       {{"flash", {{{"name", "plan"}, {"origin", "0x0"}, {"bytes", 67108864}}}},
                        {"ram", {{{"name", "ram"}, {"origin", "0x0"}, {"bytes", 67108864}}}}}},
                      {"flash", {{"method", "exec"}, {"program", "hb-fw-sim"}}},
                      {"link", {{"kind", "pty"}, {"baud", baud}, {"paced", true}}},
                      {"timer", {{"source", "clock"}, {"unit", "ns"}}},
                      {"plan", {{"address", "0x0"}, {"max_bytes", 67108864}}}};
  if (!bauds.is_null()) d["link"]["bauds"] = bauds;
  if (!args.empty()) d["flash"]["args"] = args;
  const fs::path p = dir / "sim-paced.json";
  std::ofstream(p) << d.dump(2);
  return p.string();
}

// `copies` copies of the vww golden inputs (9 images each).
std::string write_inputs(const fs::path& dir, int copies) {
  const fs::path data = dir / "inputs";
  fs::create_directories(data);
  for (int c = 0; c < copies; ++c)
    for (auto& e : fs::directory_iterator(hb::test::shared_dir() / "golden" / "vww_96_int8"))
      if (e.path().extension() == ".bin")
        fs::copy(e.path(), data / (std::to_string(c) + "_" + e.path().filename().string()));
  return data.string();
}

struct Stored {
  nlohmann::json show;
  std::string err;
};

Stored run(const std::string& board, const std::string& data, const std::string& db) {
  auto r = hilbench(
      {"run", "--board", board, "--model", hb::test::shared_model(kVww), "--dataset", data, "--db", db, "--json"}, 300);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  auto show = hilbench({"show", std::to_string(j["run_id"].get<int64_t>()), "--db", db, "--json"});
  EXPECT_EQ(show.exit_code, 0) << show.err;
  return {nlohmann::json::parse(show.out), r.err};
}

// Checks one run's link figures; returns its payload share of the line rate.
double check_link(const nlohmann::json& s, int images, unsigned baud) {
  EXPECT_EQ(s["images"], images);
  EXPECT_EQ(s["bit_exact"], images);
  if (!s.contains("link")) {
    ADD_FAILURE() << s.dump();
    return 0;
  }
  const auto& l = s["link"];
  EXPECT_EQ(l["baud"], baud);
  EXPECT_EQ(s["metrics"]["link_baud"], baud);
  const double share = l["payload_share"].get<double>();
  std::printf("%u Bd: payload %.2f %% of the line rate, wall %.3f ms/image vs transfer %.3f ms (%.3fx)\n", baud,
              share * 100, l["wall_per_image_s"].get<double>() * 1e3, l["transfer_per_image_s"].get<double>() * 1e3,
              l["wall_vs_bound"].get<double>());
  // A paced line never carries more than its rate (unpaced, the pty is ~26x faster).
  EXPECT_LE(share, 1.0);
  return share;
}

// The link's capacity, not the host's load: the sim's line threads share two
// cores with whatever else runs (ctest -j2 runs another test beside this one),
// and a starved thread lowers one run's share. So the best of up to three
// runs must carry >= 95 % of the line rate, with wall <= 1.06x the bound.
Stored expect_line_rate(const std::function<Stored()>& one_run, int images, unsigned baud) {
  Stored best;
  double best_share = -1;
  for (int attempt = 0; attempt < 3 && best_share < 0.95; ++attempt) {
    Stored s = one_run();
    const double share = check_link(s.show, images, baud);
    if (share > best_share) {
      best_share = share;
      best = std::move(s);
    }
  }
  EXPECT_GE(best_share, 0.95);
  if (best.show.contains("link")) {
    EXPECT_LE(best.show["link"]["wall_vs_bound"].get<double>(), 1.06);
  }
  return best;
}

TEST(LinkRate, PacedSimAt921600CarriesTheLineRateAsPayload) {
  HB_REQUIRE_SHARED();
  ASSERT_TRUE(have_sim());
  hb::test::TempDir tmp;
  const std::string board = write_board(tmp.path(), 921600, nullptr), data = write_inputs(tmp.path(), 1);
  const Stored s = expect_line_rate([&] { return run(board, data, (tmp / "r.db").string()); }, 9, 921600);
  // The payload took at least its time on the wire: pacing is real.
  EXPECT_GE(s.show["metrics"]["stream_seconds"].get<double>(), 9 * 27648 / 92160.0);
}

TEST(LinkRate, NegotiatedTo3000000CarriesTheLineRateAsPayload) {
  HB_REQUIRE_SHARED();
  ASSERT_TRUE(have_sim());
  hb::test::TempDir tmp;
  // 45 images (4.1 s on the wire): the run's fixed start and end (first
  // frames, last inference and result) stay small against the stream.
  const std::string board = write_board(tmp.path(), 921600, {921600, 2000000, 3000000});
  const std::string data = write_inputs(tmp.path(), 5);
  expect_line_rate([&] { return run(board, data, (tmp / "r.db").string()); }, 45, 3000000);
}

TEST(LinkRate, FailingRateFallsBackToTheLastThatWorked) {
  HB_REQUIRE_SHARED();
  ASSERT_TRUE(have_sim());
  hb::test::TempDir tmp;
  // The board garbles everything above 2,000,000 Bd: 3,000,000 must fail
  // (no PONG), both ends return to 921,600, then 2,000,000 works.
  const Stored s = run(write_board(tmp.path(), 921600, {3000000, 2000000}, {"--max-baud", "2000000"}),
                       write_inputs(tmp.path(), 1), (tmp / "r.db").string());
  EXPECT_NE(s.err.find("3000000 Bd did not work"), std::string::npos) << s.err;
  EXPECT_EQ(s.show["bit_exact"], 9);
  EXPECT_EQ(s.show["metrics"]["link_baud"], 2000000);
}

}  // namespace
