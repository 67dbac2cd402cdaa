// The nightly pipeline definitions (ci/github, ci/gitlab) parse as YAML and
// cover every board in boards/: one self-hosted job per physical board, one
// ordinary-runner job for the emulated boards, and a merge/publish job that
// depends on all of them. Scripts they call must exist.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>

#include "board/descriptor.h"

namespace {

namespace fs = std::filesystem;

const std::string kRoot = HB_SOURCE_DIR;

std::set<std::string> boards(bool emulated) {
  std::set<std::string> out;
  for (const auto& d : hb::board::load_all())
    if (d.emulated == emulated) out.insert(d.name);
  return out;
}

// Every scalar below `n`, concatenated (for "which scripts does this job run").
void scalars(const YAML::Node& n, std::string& out) {
  if (n.IsScalar()) out += n.as<std::string>() + "\n";
  if (n.IsSequence())
    for (const auto& c : n) scalars(c, out);
  if (n.IsMap())
    for (const auto& kv : n) scalars(kv.second, out);
}

std::string text_of(const YAML::Node& n) {
  std::string s;
  scalars(n, s);
  return s;
}

void expect_scripts_exist(const std::string& text) {
  const std::regex script(R"(\bci/[A-Za-z0-9_.-]+\.sh\b)");
  int n = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), script); it != std::sregex_iterator(); ++it, ++n) {
    const fs::path p = fs::path(kRoot) / it->str();
    struct stat st {};
    ASSERT_EQ(stat(p.c_str(), &st), 0) << p;
    EXPECT_TRUE(st.st_mode & S_IXUSR) << p << " is not executable";
  }
  EXPECT_GT(n, 0);
}

std::set<std::string> as_set(const YAML::Node& seq) {
  std::set<std::string> s;
  for (const auto& x : seq) s.insert(x.as<std::string>());
  return s;
}

TEST(CiPipelines, GitHubActionsNightly) {
  YAML::Node y;
  ASSERT_NO_THROW(y = YAML::LoadFile(kRoot + "/ci/github/nightly.yml"));
  // Scheduled: a five-field cron.
  const std::string cron = y["on"]["schedule"][0]["cron"].as<std::string>();
  EXPECT_EQ(std::count(cron.begin(), cron.end(), ' '), 4) << cron;
  const YAML::Node jobs = y["jobs"];
  ASSERT_TRUE(jobs.IsMap());

  // One matrix job per physical board, each on a self-hosted HIL runner with its own label.
  const YAML::Node hw = jobs["hardware"];
  const std::string runs_on = text_of(hw["runs-on"]);
  EXPECT_NE(runs_on.find("self-hosted"), std::string::npos);
  EXPECT_NE(runs_on.find("hil"), std::string::npos);
  EXPECT_NE(runs_on.find("matrix.label"), std::string::npos);
  std::set<std::string> hw_boards, labels;
  for (const auto& e : hw["strategy"]["matrix"]["include"]) {
    hw_boards.insert(e["board"].as<std::string>());
    EXPECT_TRUE(labels.insert(e["label"].as<std::string>()).second) << "duplicate runner label";
  }
  EXPECT_EQ(hw_boards, boards(false));
  EXPECT_FALSE(hw["strategy"]["fail-fast"].as<bool>());

  // The emulated boards on an ordinary runner, in Debian 12.
  const YAML::Node em = jobs["emulated"];
  EXPECT_EQ(em["runs-on"].as<std::string>(), "ubuntu-latest");
  EXPECT_EQ(em["container"].as<std::string>(), "debian:12");
  const std::string em_text = text_of(em["steps"]);
  EXPECT_NE(em_text.find("ci/setup.sh"), std::string::npos);
  const std::smatch m = [&] {
    std::smatch r;
    std::regex_search(em_text, r, std::regex(R"(ci/nightly\.sh[^\n]*?\b([a-z0-9-]+(,[a-z0-9-]+)+))"));
    return r;
  }();
  ASSERT_FALSE(m.empty()) << em_text;
  std::set<std::string> em_boards;
  std::stringstream ss(m[1].str());
  for (std::string b; std::getline(ss, b, ',');) em_boards.insert(b);
  EXPECT_EQ(em_boards, boards(true));

  // Store + reports uploaded even when a job fails; publish merges them all.
  for (const char* j : {"hardware", "emulated"}) {
    bool uploads = false;
    for (const auto& st : jobs[j]["steps"])
      if (st["uses"] && st["uses"].as<std::string>().rfind("actions/upload-artifact", 0) == 0)
        uploads = st["if"].as<std::string>() == "always()";
    EXPECT_TRUE(uploads) << j;
  }
  const YAML::Node pub = jobs["publish"];
  EXPECT_EQ(as_set(pub["needs"]), (std::set<std::string>{"hardware", "emulated"}));
  EXPECT_NE(pub["if"].as<std::string>().find("always()"), std::string::npos);
  EXPECT_NE(text_of(pub["steps"]).find("ci/nightly.sh --merge"), std::string::npos);
  expect_scripts_exist(text_of(jobs));
}

TEST(CiPipelines, GitLabNightly) {
  YAML::Node y;
  ASSERT_NO_THROW(y = YAML::LoadFile(kRoot + "/ci/gitlab/nightly.gitlab-ci.yml"));
  EXPECT_NE(text_of(y["workflow"]).find("schedule"), std::string::npos);
  const YAML::Node tmpl = y[".hil-board"];
  ASSERT_TRUE(tmpl.IsMap());
  EXPECT_NE(text_of(tmpl["script"]).find("ci/nightly.sh"), std::string::npos);

  std::set<std::string> hw_boards, hw_jobs, tags_seen;
  for (const auto& kv : y) {
    const std::string name = kv.first.as<std::string>();
    if (name.rfind("hil:", 0) != 0) continue;
    const YAML::Node j = kv.second;
    EXPECT_EQ(j["extends"].as<std::string>(), ".hil-board") << name;
    const std::string board = j["variables"]["BOARD"].as<std::string>();
    EXPECT_EQ(name, "hil:" + board);
    hw_boards.insert(board);
    hw_jobs.insert(name);
    const auto tags = as_set(j["tags"]);
    EXPECT_TRUE(tags.count("hil")) << name;
    EXPECT_EQ(tags.size(), 2u) << name;
    for (const auto& t : tags) {
      if (t != "hil") {
        EXPECT_TRUE(tags_seen.insert(t).second) << "runner tag " << t << " used twice";
      }
    }
    EXPECT_EQ(j["resource_group"].as<std::string>(), "hil-" + board);
  }
  EXPECT_EQ(hw_boards, boards(false));

  const YAML::Node em = y["emulated"];
  EXPECT_EQ(em["image"].as<std::string>(), "debian:12");
  EXPECT_FALSE(em["tags"]);  // ordinary shared runners
  const std::string em_script = text_of(em["script"]);
  EXPECT_NE(em_script.find("ci/setup.sh"), std::string::npos);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(em_script, m, std::regex(R"(ci/nightly\.sh[^\n]*?\b([a-z0-9-]+(,[a-z0-9-]+)+))")));
  std::set<std::string> em_boards;
  std::stringstream ss(m[1].str());
  for (std::string b; std::getline(ss, b, ',');) em_boards.insert(b);
  EXPECT_EQ(em_boards, boards(true));
  EXPECT_EQ(y[".hil-artifacts"]["artifacts"]["when"].as<std::string>(), "always");
  EXPECT_TRUE(y[".hil-artifacts"]["artifacts"]["reports"]["junit"]);

  const YAML::Node pages = y["pages"];
  std::set<std::string> needs;
  for (const auto& n : pages["needs"]) needs.insert(n["job"].as<std::string>());
  hw_jobs.insert("emulated");
  EXPECT_EQ(needs, hw_jobs);
  EXPECT_EQ(pages["when"].as<std::string>(), "always");
  EXPECT_NE(text_of(pages["script"]).find("ci/nightly.sh --merge"), std::string::npos);
  EXPECT_TRUE(pages["artifacts"]["reports"]["junit"]);
  expect_scripts_exist(text_of(y));
}

}  // namespace
