// ci/nightly.sh, as the pipelines call it, on the emulated sim board: two
// nights into one store (the first pins the baseline, the second is checked
// against it), a third night that cannot be compared, then the publish
// step's merge. Uses the real hilbench binary and hb-fw-sim.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/subprocess.h"
#include "report/md_tables.h"
#include "report/xml_check.h"
#include "temp_dir.h"
#include "test_paths.h"

namespace hb::report::test {

using ::hb::test::TempDir;
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

RunResult nightly(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"env", std::string("HILBENCH=") + HB_HILBENCH_EXE, "bash",
                                   std::string(HB_SOURCE_DIR) + "/ci/nightly.sh"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, std::chrono::seconds(600));
}

TEST(CiNightlyScript, UsageErrorsExitTwo) {
  EXPECT_EQ(nightly({}).exit_code, 2);
  EXPECT_EQ(nightly({"sim", "x.db"}).exit_code, 2);
  EXPECT_EQ(nightly({"--bogus", "sim", "x.db", "out"}).exit_code, 2);
  EXPECT_EQ(nightly({"--merge", "m.db", "out"}).exit_code, 2);
  TempDir tmp;
  EXPECT_EQ(nightly({"bad/name", tmp.file("x.db"), tmp.file("out")}).exit_code, 2);
}

TEST(CiNightlyScript, SimTwoNightsThenMerge) {
  HB_REQUIRE_SHARED();
  const std::string model = hb::test::shared_model("pretrainedResnet_quant.tflite");
  if (model.empty()) GTEST_SKIP() << "ResNet-8 not in ../shared";
  if (!fs::exists(std::string(HB_TEST_BIN_DIR) + "/target-fw/hb-fw-sim")) GTEST_SKIP() << "hb-fw-sim not built";
  TempDir tmp;
  const fs::path data = tmp.path() / "inputs";
  fs::create_directories(data);
  int n = 0;
  for (auto& e : fs::directory_iterator(hb::test::shared_dir() / "golden" / "pretrainedResnet_quant"))
    if (e.path().extension() == ".bin" && n++ < 9) fs::copy(e.path(), data / e.path().filename());
  const std::string db = tmp.file("lab/sim.db");
  const fs::path out = tmp.path() / "out";

  for (int night = 1; night <= 2; ++night) {
    const RunResult r = nightly(
        {"--limit", "8", "--confirm", "3", "--model", model, "--dataset", data.string(), "sim", db, out.string()});
    ASSERT_EQ(r.exit_code, 0) << "night " << night << "\n" << r.err;
  }
  // Each night's run JSON, the check of night 2 against night 1, and the reports.
  const auto run = nlohmann::json::parse(slurp(out / "runs" / "sim.json"));
  EXPECT_EQ(run["board"], "sim");
  EXPECT_EQ(run["images"], 8);  // 7 timed after the warm-up: a median, not one noisy sample
  // Night 1 pinned the baseline; night 2 was checked against it.
  const std::string check = slurp(out / "check-sim.txt");
  EXPECT_NE(check.find(", baseline 'sim/pretrainedResnet_quant@"), std::string::npos) << check;
  const std::string summary = slurp(out / "summary.md");
  EXPECT_NE(summary.find("- sim, run 2: pass"), std::string::npos) << summary;
  ASSERT_TRUE(fs::exists(out / "check-sim.xml"));
  ASSERT_TRUE(fs::exists(out / "hilbench.db"));
  for (const char* f : {"report.md", "report.html", "report.json", "junit.xml"})
    EXPECT_GT(fs::file_size(out / f), 100u) << f;
  const auto tables = md_tables(slurp(out / "report.md"));
  ASSERT_EQ(tables.at("Reference inference time").size(), 1u);
  EXPECT_EQ(tables.at("Reference inference time")[0].at("Board"), "sim (host-native firmware on a pseudo-terminal)");
  const XmlNode junit = parse_xml(slurp(out / "junit.xml"));
  EXPECT_EQ(junit.attrs.at("tests"), "1");
  EXPECT_EQ(junit.attrs.at("failures"), "0");
  EXPECT_EQ(nlohmann::json::parse(slurp(out / "report.json"))["runs_selected"], 2);

  // A night whose sample set differs from the pinned baseline's: nothing can
  // be compared, which does not fail the job but is loud in the summary.
  const fs::path out3 = tmp.path() / "out3";
  const RunResult third =
      nightly({"--limit", "1", "--model", model, "--dataset", data.string(), "sim", db, out3.string()});
  EXPECT_EQ(third.exit_code, 0) << third.err;
  EXPECT_NE(third.err.find("NOT COMPARABLE"), std::string::npos) << third.err;
  const std::string summary3 = slurp(out3 / "summary.md");
  EXPECT_NE(summary3.find("**NOT COMPARABLE**"), std::string::npos) << summary3;
  EXPECT_NE(slurp(out3 / "check-sim.txt").find("not comparable: sample set"), std::string::npos);

  // The publish job: merge two hosts' snapshots (the same one twice adds nothing).
  const fs::path merged_out = tmp.path() / "merged";
  const RunResult m = nightly({"--merge", tmp.file("merged.db"), merged_out.string(), (out / "hilbench.db").string(),
                               (out / "hilbench.db").string(), tmp.file("missing-host.db")});
  ASSERT_EQ(m.exit_code, 0) << m.err;
  EXPECT_EQ(nlohmann::json::parse(slurp(merged_out / "report.json"))["runs_selected"], 2);
  EXPECT_TRUE(fs::exists(merged_out / "report.html"));
}

}  // namespace
}  // namespace hb::report::test
