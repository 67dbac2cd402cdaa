// The JUnit report: well-formed XML with one test case per board x model,
// counts that add up, and failures for an unfinished latest run, a run that
// is not bit-exact, and a regression `hilbench check` finds.
#include <gtest/gtest.h>

#include <set>

#include "report/junit_report.h"
#include "report/regression_checks.h"
#include "report/report_data.h"
#include "report/report_fixture.h"
#include "report/xml_check.h"

namespace hb::report::test {
namespace {

std::string junit_of(const std::string& db_path) {
  auto db = store::RunStore::open(db_path, store::OpenMode::ReadOnly);
  const Report rep = collect(db, {});
  return junit_report(rep, regression_checks(db, rep));
}

const XmlNode* testcase(const XmlNode& root, const std::string& name) {
  for (const XmlNode* c : root.all("testcase"))
    if (c->attrs.at("name") == name) return c;
  return nullptr;
}

TEST(JUnitReport, WellFormedWithCountsThatAddUp) {
  TempDir tmp;
  Fixture fx;
  fx.write(tmp.file("runs.db"));
  const std::string xml = junit_of(tmp.file("runs.db"));
  ASSERT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 0), 0u);
  XmlNode root;
  ASSERT_NO_THROW(root = parse_xml(xml)) << xml;
  EXPECT_EQ(root.name, "testsuites");
  const auto suites = root.all("testsuite");
  ASSERT_EQ(suites.size(), 1u);
  const auto cases = root.all("testcase");
  const auto failures = root.all("failure");
  ASSERT_EQ(cases.size(), 4u);
  EXPECT_EQ(failures.size(), 2u) << xml;
  for (const XmlNode* n : std::vector<const XmlNode*>{&root, suites[0]}) {
    EXPECT_EQ(n->attrs.at("tests"), "4");
    EXPECT_EQ(n->attrs.at("failures"), "2");
    EXPECT_EQ(n->attrs.at("errors"), "0");
  }
  std::set<std::string> names;
  for (const XmlNode* c : cases) {
    names.insert(c->attrs.at("name"));
    EXPECT_TRUE(c->attrs.count("classname"));
    EXPECT_LE(c->all("failure").size(), 1u);
    EXPECT_NO_THROW(std::stod(c->attrs.at("time")));
  }
  EXPECT_EQ(names, (std::set<std::string>{"h747/resnet8-int8", "h747/effnet-lc-128", "qemu-m7/resnet8-int8",
                                          "sim/resnet8-int8"}));
  // Durations: h747/A night 2 ran 20.5 s.
  EXPECT_EQ(testcase(root, "h747/resnet8-int8")->attrs.at("time"), "20.500");
}

TEST(JUnitReport, FailsNotBitExactAndUnfinishedLatestRuns) {
  TempDir tmp;
  Fixture fx;
  fx.write(tmp.file("runs.db"));
  const XmlNode root = parse_xml(junit_of(tmp.file("runs.db")));

  const XmlNode* q = testcase(root, "qemu-m7/resnet8-int8");
  ASSERT_NE(q, nullptr);
  ASSERT_EQ(q->all("failure").size(), 1u);
  const std::string qmsg = q->all("failure")[0]->attrs.at("message");
  EXPECT_NE(qmsg.find("3 of 4 outputs bit-exact"), std::string::npos) << qmsg;
  EXPECT_NE(qmsg.find("first mismatch sample 3 (img_3.png)"), std::string::npos) << qmsg;

  const XmlNode* s = testcase(root, "sim/resnet8-int8");
  ASSERT_NE(s, nullptr);
  ASSERT_EQ(s->all("failure").size(), 1u);
  const std::string smsg = s->all("failure")[0]->attrs.at("message");
  EXPECT_NE(smsg.find("is failed: board sim stopped answering"), std::string::npos) << smsg;

  for (const char* ok : {"h747/resnet8-int8", "h747/effnet-lc-128"}) {
    const XmlNode* c = testcase(root, ok);
    ASSERT_NE(c, nullptr);
    EXPECT_TRUE(c->all("failure").empty()) << ok << ": " << c->all("failure")[0]->attrs.at("message");
    ASSERT_EQ(c->all("system-out").size(), 1u);
  }
  // h747/A was checked against night 1 (and got faster); h747/B has no earlier run.
  EXPECT_NE(testcase(root, "h747/resnet8-int8")
                ->all("system-out")[0]
                ->text.find("check against run " + std::to_string(fx.ids[0])),
            std::string::npos);
  EXPECT_EQ(testcase(root, "h747/effnet-lc-128")->all("system-out")[0]->text.find("check against"), std::string::npos);
}

TEST(JUnitReport, TimingRegressionAgainstThePreviousRunFails) {
  TempDir tmp;
  Fixture fx;
  fx.write(tmp.file("runs.db"));
  {
    auto db = store::RunStore::open(tmp.file("runs.db"));
    RunSpec slow = fx.runs[1];  // h747/A night 2, 50 % slower on night 3
    slow.started = kNight3;
    slow.finished = "2025-03-03T02:00:30.000Z";
    for (auto& t : slow.ticks) t = t * 3 / 2;
    add_run(db, slow);
  }
  const XmlNode root = parse_xml(junit_of(tmp.file("runs.db")));
  EXPECT_EQ(root.attrs.at("failures"), "3");
  const XmlNode* h = testcase(root, "h747/resnet8-int8");
  ASSERT_NE(h, nullptr);
  ASSERT_EQ(h->all("failure").size(), 1u);
  const std::string msg = h->all("failure")[0]->attrs.at("message");
  EXPECT_NE(msg.find("regression against run " + std::to_string(fx.ids[1])), std::string::npos) << msg;
  EXPECT_NE(msg.find("timing"), std::string::npos) << msg;
}

TEST(JUnitReport, EscapesTextFromTheDatabase) {
  TempDir tmp;
  {
    auto db = store::RunStore::open(tmp.file("evil.db"));
    RunSpec r{kSim,
              kModelA,
              kNight1,
              "2025-03-01T02:01:00.000Z",
              {100, 200},
              {true, true},
              -1,
              store::RunStatus::Failed,
              "bad \"<b>\" & 'worse' ]]> \x01",
              {}};
    r.model.name = "<m&m's \"model\">";
    add_run(db, r);
  }
  const std::string xml = junit_of(tmp.file("evil.db"));
  XmlNode root;
  ASSERT_NO_THROW(root = parse_xml(xml)) << xml;
  const auto cases = root.all("testcase");
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(cases[0]->attrs.at("name"), "sim/<m&m's \"model\">");
  EXPECT_NE(cases[0]->all("failure")[0]->attrs.at("message").find("bad \"<b>\" & 'worse' ]]>"), std::string::npos);
  EXPECT_EQ(xml.find('\x01'), std::string::npos);  // not allowed anywhere in XML 1.0
}

TEST(XmlCheck, RejectsMalformedDocuments) {
  for (const char* bad : {"<a><b></a></b>", "<a x=1/>", "<a>&nbsp;</a>", "<a>x < y</a>", "<a/><b/>", "<a x='1' x='2'/>",
                          "<a>", "<a>&amp</a>"})
    EXPECT_THROW(parse_xml(bad), std::runtime_error) << bad;
  EXPECT_NO_THROW(parse_xml("<?xml version=\"1.0\"?>\n<a x=\"&lt;&#39;\"><!-- c --><b/>t&amp;</a>\n"));
}

}  // namespace
}  // namespace hb::report::test
