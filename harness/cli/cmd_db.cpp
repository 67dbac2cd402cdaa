// `hilbench db merge OUT.db A.db B.db ...`: copy every finished run (and the
// baselines) of the sources into OUT. Runs travel by uuid, so merging the
// same file again adds nothing.
#include <cstdio>

#include "check/baselines.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "common/error.h"
#include "store/merge.h"

namespace hb::cli {

const CommandSpec kDbSpec{
    "db",
    {"merge OUT.db SRC.db [SRC.db ...] [--json]"},
    "merge run stores: copy every finished run and the baselines of the sources into OUT",
    "Runs travel by uuid, so merging the same file again adds nothing.",
    {
        flag("json", "print what was merged as JSON"),
    },
    {"merge"},
    {},
    {"hilbench db merge all.db lab1.db lab2.db"},
};

namespace {

constexpr const char* kUsage = "usage: hilbench db merge OUT.db SRC.db [SRC.db ...] [--json]";

}  // namespace

int cmd_db(const Argv& argv) {
  Args a(argv, kDbSpec);
  const auto& pos = a.positional();
  if (pos.empty() || pos[0] != "merge" || pos.size() < 3) throw Error(kUsage);
  auto out = store::RunStore::open(pos[1]);
  nlohmann::json all = nlohmann::json::array();
  for (size_t i = 2; i < pos.size(); ++i) {
    // One transaction per source: its runs and baselines arrive together or not at all.
    store::Transaction tx(out.db());
    const store::MergeStats m = store::merge_into(out, pos[i]);
    const check::BaselineMergeStats b = check::merge_baselines(out, pos[i]);
    tx.commit();
    all.push_back({{"source", pos[i]},
                   {"runs_added", m.runs_added},
                   {"runs_already_present", m.runs_already_present},
                   {"runs_in_progress_skipped", m.runs_in_progress},
                   {"samples", m.samples},
                   {"op_timings", m.op_timings},
                   {"metrics", m.metrics},
                   {"baselines_added", b.added},
                   {"baselines_already_present", b.already_present},
                   {"baselines_conflicting_kept_out", b.conflicts},
                   {"baselines_without_run", b.run_missing}});
    if (!a.flag("json")) {
      std::printf("%s: %lld runs added (%lld samples, %lld op timings, %lld metrics), %lld already present",
                  pos[i].c_str(), static_cast<long long>(m.runs_added), static_cast<long long>(m.samples),
                  static_cast<long long>(m.op_timings), static_cast<long long>(m.metrics),
                  static_cast<long long>(m.runs_already_present));
      if (m.runs_in_progress)
        std::printf(", %lld still running (not copied)", static_cast<long long>(m.runs_in_progress));
      std::printf("; baselines: %lld added", static_cast<long long>(b.added));
      if (b.conflicts)
        std::printf(", %lld kept out (%s already has a baseline of that name or key)",
                    static_cast<long long>(b.conflicts), pos[1].c_str());
      std::printf("\n");
    }
  }
  if (a.flag("json")) std::printf("%s\n", all.dump(2).c_str());
  return kExitOk;
}

}  // namespace hb::cli
