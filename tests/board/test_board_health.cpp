// Board health: flash/connect/recovery outcomes in a real store file, the
// "suspect" rule, and `hilbench boards` / `run --skip-suspect` on a board
// whose flash really fails (its firmware program does not exist).
#include <gtest/gtest.h>

#include "board_test_env.h"
#include "cli/cli_util.h"
#include "store/board_events.h"
#include "temp_dir.h"

namespace {

using hb::store::BoardEvent;

BoardEvent ev(const char* kind, const char* outcome) {
  return {0, "h747-a", "h747", std::nullopt, kind, outcome, "", ""};
}

TEST(BoardHealth, AttemptsAndSuspectRule) {
  // Newest first. A successful flash is part of its connect's attempt; a
  // failed recovery fails the attempt its connect began.
  std::vector<BoardEvent> e = {ev("flash", "failed"),    ev("connect", "failed"), ev("flash", "ok"),
                               ev("recovery", "failed"), ev("recovery", "ok"),    ev("connect", "ok"),
                               ev("flash", "ok"),        ev("connect", "ok"),     ev("flash", "ok")};
  EXPECT_EQ(hb::store::attempt_outcomes(e), (std::vector<bool>{false, false, false, true}));
  EXPECT_TRUE(hb::store::is_suspect(e, 3));
  EXPECT_FALSE(hb::store::is_suspect(e, 4));
  EXPECT_FALSE(hb::store::is_suspect({ev("flash", "failed"), ev("flash", "failed")}, 3)) << "too few attempts";
  EXPECT_FALSE(hb::store::is_suspect({ev("connect", "ok"), ev("flash", "failed"), ev("flash", "failed")}, 2));
}

TEST(BoardHealth, StoredEventsReadBackNewestFirst) {
  hb::test::TempDir tmp;
  auto db = hb::store::RunStore::open(tmp.file("h.db"));
  for (const char* o : {"ok", "failed", "failed", "failed"}) {
    BoardEvent e = ev("flash", o);
    e.cause = std::string("cause ") + o;
    hb::store::add_board_event(db, e);
  }
  const auto back = hb::store::board_events(db, "h747-a");
  ASSERT_EQ(back.size(), 4u);
  EXPECT_EQ(back[0].outcome, "failed");
  EXPECT_EQ(back[3].cause, "cause ok");
  EXPECT_EQ(back[0].at.size(), 24u) << back[0].at;
  EXPECT_EQ(hb::store::suspect_instances(db, {"h747-a", "h747-b"}), (std::set<std::string>{"h747-a"}));
  // The recovery API 10a's recovery uses: one row per recovery.
  BoardEvent r = ev("recovery", "ok");
  r.cause = "inference timeout at sample 7: sim restarted";
  const int64_t id = hb::store::add_board_event(db, r);
  EXPECT_EQ(hb::store::board_events(db, "h747-a", 1).at(0).id, id);
  BoardEvent bad = ev("reboot", "ok");
  EXPECT_THROW(hb::store::add_board_event(db, bad), std::exception) << "kind is checked by the schema";
}

TEST(BoardHealth, FailingFlashMakesTheBoardSuspectAndSkipSuspectLeavesItOut) {
  hb::test::TempDir tmp;
  hb::test::write_boards(tmp / "boards",
                         {{"simbad", {{"flash", {{"method", "exec"}, {"program", "no-such-firmware"}}}}}});
  hb::test::ScopedEnv boards{"HILBENCH_BOARDS", tmp.file("boards")};
  hb::test::ScopedEnv locks{"HILBENCH_LOCK_DIR", tmp.file("locks")};
  const std::string db = tmp.file("runs.db");
  const std::string root = HB_SOURCE_DIR;
  const std::vector<std::string> run = {"run",
                                        "--board",
                                        "simbad",
                                        "--model",
                                        root + "/models/mlperf-tiny/pretrainedResnet_quant.tflite",
                                        "--dataset",
                                        root + "/models/mlperf-tiny/samples",
                                        "--db",
                                        db,
                                        "--no-progress"};
  for (int i = 0; i < 3; ++i) {
    const auto r = hb::test::hilbench(run, 60);
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("no-such-firmware"), std::string::npos) << r.err;
  }
  const auto list = hb::test::hilbench({"boards", "--json", "--db", db}, 60);
  ASSERT_EQ(list.exit_code, 0) << list.err;
  for (const auto& b : nlohmann::json::parse(list.out)) {
    if (b["name"] == "simbad") {
      EXPECT_TRUE(b["suspect"]) << b.dump();
      EXPECT_EQ(b["recent_events"].size(), 3u);
      EXPECT_EQ(b["recent_events"][0]["kind"], "flash");
      EXPECT_EQ(b["recent_events"][0]["outcome"], "failed");
      EXPECT_NE(b["health"].get<std::string>().find("SUSPECT"), std::string::npos) << b.dump();
    }
    if (b["name"] == "sim") {
      EXPECT_FALSE(b["suspect"]) << b.dump();
    }
  }
  const auto text = hb::test::hilbench({"boards", "--db", db}, 60);
  EXPECT_NE(text.out.find("SUSPECT (last 3 attempts failed); last failure"), std::string::npos) << text.out;

  auto skip = run;
  skip.push_back("--skip-suspect");
  const auto r = hb::test::hilbench(skip, 60);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("board simbad: suspect (its last 3 attempts failed), skipped"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no board left to run"), std::string::npos) << r.err;
  // Skipping tried nothing: still three attempts on record.
  const auto again = hb::test::hilbench({"boards", "--json", "--db", db}, 60);
  for (const auto& b : nlohmann::json::parse(again.out))
    if (b["name"] == "simbad") {
      EXPECT_EQ(b["recent_events"].size(), 3u);
    }
}

}  // namespace
