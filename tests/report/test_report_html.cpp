// The HTML report is one self-contained page: inline CSS and SVG only,
// nothing fetched, every database text escaped; and it renders in headless
// Chromium without script errors, with the plots in the DOM.
#include <gtest/gtest.h>

#include <chrono>
#include <regex>

#include "common/file_io.h"
#include "common/subprocess.h"
#include "report/html_report.h"
#include "report/report_data.h"
#include "report/report_fixture.h"

namespace hb::report::test {
namespace {

size_t count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + what.size())) ++n;
  return n;
}

std::string html_of(const std::string& db_path) {
  auto db = store::RunStore::open(db_path, store::OpenMode::ReadOnly);
  return html_report(collect(db, {}));
}

// Nothing in the page may make a browser fetch anything. (Escaped text may
// say "src=" or "http://"; markup may not.)
void expect_self_contained(const std::string& html) {
  EXPECT_EQ(html.find("http://"), std::string::npos);  // the fixtures have no URLs in their text either
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);  // no script at all, inline or not
  // Walks whole attributes, so escaped text inside a quoted value ("&lt;img src=x") is not an attribute.
  const std::regex fetching(
      R"re(<[A-Za-z][\w:-]*(?:\s+[\w:-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*\s+(src|srcset|data|poster|background|xlink:href)\s*=)re");
  std::smatch fm;
  EXPECT_FALSE(std::regex_search(html, fm, fetching)) << fm.str();
  const std::regex href(R"re(<[A-Za-z][^>]*\shref\s*=\s*"([^"]*)")re");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), href); it != std::sregex_iterator(); ++it)
    EXPECT_EQ((*it)[1].str().rfind("#", 0), 0u) << "non-local link " << (*it)[1].str();
  const size_t s = html.find("<style>"), e = html.find("</style>");
  ASSERT_NE(s, std::string::npos);
  ASSERT_NE(e, std::string::npos);
  const std::string css = html.substr(s, e - s);
  for (const char* fetch : {"url(", "@import", "@font-face"}) EXPECT_EQ(css.find(fetch), std::string::npos) << fetch;
}

class HtmlReport : public ::testing::Test {
 protected:
  void SetUp() override {
    fx.write(tmp.file("runs.db"));
    html = html_of(tmp.file("runs.db"));
  }
  TempDir tmp;
  Fixture fx;
  std::string html;
};

TEST_F(HtmlReport, IsSelfContained) {
  ASSERT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  expect_self_contained(html);
  EXPECT_NE(html.find("<style>"), std::string::npos);
}

TEST_F(HtmlReport, HasEveryPlotWithOneMarkPerRun) {
  // Time trends are split by unit: real boards/sim in ms, QEMU in instructions.
  for (const char* chart :
       {"trend-ms", "trend-instructions", "latency-ms", "latency-instructions", "op-share", "accuracy"})
    EXPECT_EQ(count(html, "data-chart=\"" + std::string(chart) + "\""), 1u) << chart;
  // One point per complete run in the time trends (2+1+2+2) and in the accuracy trend (7).
  EXPECT_EQ(count(html, "class=\"point\""), 14u);
  // One box per board x model with a complete run; one stacked bar per key with per-op timings.
  EXPECT_EQ(count(html, "class=\"box\""), 4u);
  EXPECT_EQ(count(html, "class=\"stack\""), 2u);
  // h747/A has 4 op kinds, sim/A 2.
  EXPECT_EQ(count(html, "class=\"seg\""), 6u);
  EXPECT_NE(html.find("data-op=\"DEPTHWISE_CONV_2D\""), std::string::npos);
  // The model-card tables are there too.
  EXPECT_EQ(count(html, "<table class=\"model-card\""), 4u);
}

TEST(HtmlReportEscaping, DatabaseTextCannotInjectMarkup) {
  TempDir tmp;
  {
    auto db = store::RunStore::open(tmp.file("evil.db"));
    RunSpec r{kSim,       kModelA,
              kNight1,    "2025-03-01T02:01:00.000Z",
              {100, 200}, {true, false},
              -1,         store::RunStatus::Complete,
              "",         {{"<img src=x onerror=alert(1)>", 5}}};
    r.model.name = "<script>alert(1)</script>";
    add_run(db, r);
  }
  const std::string html = html_of(tmp.file("evil.db"));
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  expect_self_contained(html);
}

TEST_F(HtmlReport, RendersInHeadlessChromiumWithoutErrors) {
  if (!have_program("chromium")) GTEST_SKIP() << "chromium not installed (apt-get install chromium)";
  const std::string page = tmp.file("report.html");
  write_file_atomic(page, html.data(), html.size());
  const RunResult r = run_command(
      {"chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
       "--disable-background-networking", "--disable-component-update", "--disable-sync",
       "--user-data-dir=" + tmp.file("profile"), "--enable-logging=stderr", "--v=0", "--dump-dom", "file://" + page},
      std::chrono::seconds(240));
  ASSERT_FALSE(r.timed_out) << r.err;
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("Uncaught"), std::string::npos) << r.err;
  // The browser built the SVG elements (the DOM, serialised back).
  EXPECT_EQ(count(r.out, "<svg class=\"hb-chart\""), 6u) << r.out.substr(0, 2000);
  EXPECT_EQ(count(r.out, "<polyline"), 8u);  // 4 time series (3 in ms, 1 in instructions) + 4 accuracy series
  EXPECT_EQ(count(r.out, "class=\"point\""), 14u);
  EXPECT_EQ(count(r.out, "class=\"seg\""), 6u);
  EXPECT_NE(r.out.find("Reference inference time"), std::string::npos);
}

}  // namespace
}  // namespace hb::report::test
