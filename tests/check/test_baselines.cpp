// Baselines in the store and how `check` picks the run to compare with.
#include <gtest/gtest.h>

#include "check/baselines.h"
#include "check/check.h"
#include "check_fixture.h"
#include "common/error.h"
#include "store/schema.h"

namespace hb::check::test {
namespace {

TEST(CheckBaselines, StoredInTheNewestSchema) {
  TempDir tmp;
  auto s = store::RunStore::open(tmp.file("r.db"));
  store::Stmt q = s.db().prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'baselines'");
  q.step();
  EXPECT_EQ(q.int64(0), 1);
  // Version 3 made the table; later versions only add to the store.
  const auto m = store::migrations();
  ASSERT_GE(m.size(), 3u);
  EXPECT_STREQ(m[2].what, "baselines");
  EXPECT_EQ(m[2].version, 3);
}

TEST(CheckBaselines, SetListReplaceRemove) {
  TempDir tmp;
  auto s = store::RunStore::open(tmp.file("r.db"));
  RunSpec spec;
  spec.ticks = constant(4, 100);
  const int64_t r1 = add_run(s, spec), r2 = add_run(s, spec);
  RunSpec other = spec;
  other.board = "nucleo-u575zi";
  const int64_t r3 = add_run(s, other);

  const SetResult a = set_baseline(s, r1);
  EXPECT_EQ(a.baseline.name, "nucleo-h743zi/model-a@dddddddd");
  EXPECT_EQ(a.baseline.run_id, r1);
  EXPECT_FALSE(a.replaced);
  EXPECT_EQ(a.baseline.key.firmware_config, "arm-gcc-13 -O2");

  // Same key again: replaces, keeps the name.
  const SetResult b = set_baseline(s, r2);
  EXPECT_EQ(b.baseline.name, a.baseline.name);
  ASSERT_TRUE(b.replaced);
  EXPECT_EQ(b.replaced->run_id, r1);
  EXPECT_EQ(list_baselines(s).size(), 1u);
  EXPECT_EQ(baseline_for_key(s, run_key(s, r1))->run_id, r2);

  // Another key, explicit name; the name of another key's baseline is refused.
  EXPECT_EQ(set_baseline(s, r3, "u5-nightly").baseline.name, "u5-nightly");
  EXPECT_THROW(set_baseline(s, r1, "u5-nightly"), hb::Error);
  EXPECT_EQ(list_baselines(s).size(), 2u);

  EXPECT_TRUE(remove_baseline(s, "u5-nightly"));
  EXPECT_FALSE(remove_baseline(s, "u5-nightly"));
  EXPECT_EQ(list_baselines(s).size(), 1u);
}

TEST(CheckBaselines, OnlyCompleteRunsAreBaselines) {
  TempDir tmp;
  auto s = store::RunStore::open(tmp.file("r.db"));
  RunSpec spec;
  spec.ticks = constant(4, 100);
  spec.status = store::RunStatus::Failed;
  const int64_t failed = add_run(s, spec);
  EXPECT_THROW(set_baseline(s, failed), hb::Error);
  EXPECT_TRUE(list_baselines(s).empty());
}

TEST(CheckBaselines, PreviousIsTheLatestEarlierCompleteRunWithTheSameKey) {
  TempDir tmp;
  auto s = store::RunStore::open(tmp.file("r.db"));
  RunSpec spec;
  spec.ticks = constant(4, 100);
  const int64_t r1 = add_run(s, spec);
  RunSpec failed = spec;
  failed.status = store::RunStatus::Failed;
  add_run(s, failed);  // not complete: never a baseline
  RunSpec other_board = spec;
  other_board.board = "nucleo-u575zi";
  add_run(s, other_board);  // other key
  RunSpec other_fw_config = spec;
  other_fw_config.fw_build = fw_identity("00000009");
  other_fw_config.fw_config = "arm-gcc-13 -Os";
  add_run(s, other_fw_config);  // other key
  RunSpec new_fw_build = spec;
  new_fw_build.fw_build = fw_identity("00000002");  // same config, new revision: same key
  const int64_t r5 = add_run(s, new_fw_build);
  const int64_t r6 = add_run(s, spec);

  EXPECT_EQ(previous_run(s, r6), r5);
  EXPECT_EQ(previous_run(s, r5), r1);
  EXPECT_EQ(previous_run(s, r1), std::nullopt);

  ChosenBaseline c = choose_baseline(s, r6, "");
  EXPECT_EQ(c.run, r5);
  EXPECT_EQ(c.how, "previous run with the same key");
  // A stored baseline wins over 'previous' by default, not when asked for 'previous'.
  set_baseline(s, r1, "ref");
  c = choose_baseline(s, r6, "");
  EXPECT_EQ(c.run, r1);
  EXPECT_EQ(c.how, "baseline 'ref'");
  EXPECT_EQ(choose_baseline(s, r6, "previous").run, r5);
  EXPECT_EQ(choose_baseline(s, r6, "ref").run, r1);
  EXPECT_EQ(choose_baseline(s, r6, std::to_string(r5)).run, r5);
  EXPECT_THROW(choose_baseline(s, r6, "no-such-name"), hb::Error);
}

TEST(CheckBaselines, GivenRunWithAnotherKeyIsNotComparableAndSaysWhy) {
  TempDir tmp;
  auto s = store::RunStore::open(tmp.file("r.db"));
  RunSpec a;
  a.ticks = constant(4, 100);
  RunSpec b = a;
  b.model = 'c';
  const int64_t ra = add_run(s, a);
  const int64_t rb = add_run(s, b);
  const ChosenBaseline c = choose_baseline(s, rb, std::to_string(ra));
  EXPECT_EQ(c.run, ra);
  const CheckReport r = run_check(s, rb, c, {});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.rules[0].summary.find("not comparable: model sha256 ('aaaaaaaaaaaa' vs 'cccccccccccc') differs"),
            std::string::npos)
      << r.rules[0].summary;
}

TEST(CheckBaselines, IncompleteRunsAreNotChecked) {
  TempDir tmp;
  auto s = store::RunStore::open(tmp.file("r.db"));
  RunSpec spec;
  spec.ticks = constant(4, 100);
  const int64_t ok = add_run(s, spec);
  spec.status = store::RunStatus::Aborted;
  const int64_t aborted = add_run(s, spec);
  ChosenBaseline b;
  b.run = ok;
  try {
    run_check(s, aborted, b, {});
    FAIL() << "an aborted run was checked";
  } catch (const hb::Error& e) {
    EXPECT_EQ(e.exit_code(), 2);
    EXPECT_NE(std::string(e.what()).find("is aborted"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace hb::check::test
