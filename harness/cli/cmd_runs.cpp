// `hilbench runs` (list stored runs) and `hilbench show RUN` (one run).
#include <cstdio>

#include "check/op_profile.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/defaults.h"
#include "common/error.h"
#include "report/run_summary.h"
#include "store/run_store.h"

namespace hb::cli {

const CommandSpec kRunsSpec{
    "runs",
    {"[options]"},
    "list stored runs, newest first",
    "",
    {
        opt("db", "FILE", "run store (SQLite)", kDbDefault),
        opt("limit", "N", "show at most N runs", "20"),
        opt("board", "BOARD", "only runs on this board", "every board"),
        opt("model", "NAME", "only runs of this model (name or sha256 prefix)", "every model"),
        flag("json", "print the runs' summaries as a JSON array"),
    },
    {},
    {},
    {"hilbench runs", "hilbench runs --board qemu-m7 --limit 5 --json"},
};

const CommandSpec kShowSpec{
    "show",
    {"RUN|last [options]"},
    "one stored run: accuracy, bit-exactness, timing, wire bytes, skipped dataset files",
    "RUN is a run id, a uuid prefix, or 'last'.",
    {
        opt("db", "FILE", "run store (SQLite)", kDbDefault),
        flag("json", "print the summary as JSON"),
        flag("samples", "list every sample: label, device and host prediction, bit-exactness, ticks"),
        flag("ops", "per-op time profile (runs made with run --per-op)"),
        opt("top", "N", "ops listed by --ops", "15"),
        opt("vs", "RUN", "compare the per-op profile with another run (needs --ops)", "none"),
    },
    {"last"},
    {},
    {"hilbench show last", "hilbench show 12 --ops --vs 11"},
};
namespace {

int64_t resolve_run(const store::RunStore& db, const std::string& ref) {
  if (ref == "last" || ref == "latest") {
    store::RunFilter f;
    f.limit = 1;
    auto runs = db.list_runs(f);
    if (runs.empty()) throw Error(db.path() + ": no runs stored yet");
    return runs[0].id;
  }
  if (!ref.empty() && ref.find_first_not_of("0123456789") == std::string::npos) return std::stoll(ref);
  if (auto id = db.find_run_by_uuid(ref)) return *id;
  throw Error(db.path() + ": no run '" + ref + "' (give a run id, a uuid prefix, or 'last')");
}

}  // namespace

int cmd_runs(const Argv& argv) {
  Args a(argv, kRunsSpec);
  const std::string path = a.get_or("db", default_db_path());
  auto db = store::RunStore::open(path, store::OpenMode::ReadOnly);
  store::RunFilter f;
  f.limit = static_cast<int>(a.get_int("limit", 20));
  if (auto b = a.get("board")) f.board = *b;
  if (auto m = a.get("model")) f.model = *m;
  const auto runs = db.list_runs(f);
  if (a.flag("json")) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& r : runs) j.push_back(report::run_summary_json(db, r.id));
    std::printf("%s\n", j.dump(2).c_str());
    return kExitOk;
  }
  std::printf("%5s  %-9s %-9s %-24s %-24s %6s %9s %9s  %s\n", "run", "status", "board", "model", "started (UTC)",
              "images", "top1-dev", "bitexact", "median time");
  for (const auto& r : runs) {
    const nlohmann::json s = report::run_summary_json(db, r.id);
    char top1[16] = "-", med[48] = "-";
    if (!s["top1_device"].is_null()) std::snprintf(top1, sizeof top1, "%.2f%%", s["top1_device"].get<double>() * 100);
    if (!s["time_median"].is_null())
      std::snprintf(med, sizeof med, "%.0f %s (%s)", s["time_median"].get<double>(), r.time_unit.c_str(),
                    r.timer_source.c_str());
    const std::string be =
        std::to_string(s["bit_exact"].get<int64_t>()) + "/" + std::to_string(s["compared"].get<int64_t>());
    std::printf("%5lld  %-9s %-9s %-24.24s %-24.24s %6lld %9s %9s  %s\n", static_cast<long long>(r.id),
                std::string(store::to_string(r.status)).c_str(), r.board_name.c_str(), r.model_name.c_str(),
                r.started_at.c_str(), static_cast<long long>(r.n_samples), top1, be.c_str(), med);
  }
  if (runs.empty()) std::printf("(no runs in %s)\n", path.c_str());
  return kExitOk;
}

int cmd_show(const Argv& argv) {
  Args a(argv, kShowSpec);
  if (a.positional().size() != 1)
    throw Error("usage: hilbench show RUN [--json] [--samples] [--ops [--top N] [--vs OTHER_RUN]] [--db FILE]");
  if (a.get("vs") && !a.flag("ops")) throw Error("--vs compares per-op profiles: give --ops too");
  auto db = store::RunStore::open(a.get_or("db", default_db_path()), store::OpenMode::ReadOnly);
  const int64_t id = resolve_run(db, a.positional()[0]);
  nlohmann::json s = report::run_summary_json(db, id);
  // Dataset files `run --skip-unreadable` left out, with why (the run's config).
  if (const auto info = db.find_run(id); info && info->config.contains("skipped_unreadable"))
    s["skipped_unreadable"] = info->config["skipped_unreadable"];
  if (a.flag("samples")) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& st : db.sample_stats(id))
      rows.push_back({{"idx", st.idx},
                      {"sample", st.sample_id},
                      {"label", st.label},
                      {"device_pred", st.device_pred ? nlohmann::json(*st.device_pred) : nlohmann::json(nullptr)},
                      {"host_pred", st.host_pred ? nlohmann::json(*st.host_pred) : nlohmann::json(nullptr)},
                      {"bit_exact", st.bit_exact ? nlohmann::json(*st.bit_exact) : nlohmann::json(nullptr)},
                      {"ticks", st.ticks ? nlohmann::json(*st.ticks) : nlohmann::json(nullptr)}});
    s["samples"] = rows;
  }
  std::vector<check::OpStat> ops;
  if (a.flag("ops")) {
    ops = check::op_profile(db.op_timings(id));
    s["ops"] = check::op_profile_json(ops);
  }
  if (a.flag("json")) {
    std::printf("%s\n", s.dump(2).c_str());
    return kExitOk;
  }
  std::printf("%s", report::run_summary_text(s).c_str());
  if (s.contains("skipped_unreadable")) {
    std::printf("skipped (unreadable): %zu dataset file(s)\n", s["skipped_unreadable"].size());
    for (const auto& u : s["skipped_unreadable"])
      std::printf("  %s: %s\n", u["file"].get<std::string>().c_str(), u["reason"].get<std::string>().c_str());
  }
  if (a.flag("samples"))
    for (const auto& r : s["samples"])
      std::printf("  %5lld %-40s label %3lld device %3s host %3s %s ticks %s\n", r["idx"].get<long long>(),
                  r["sample"].get<std::string>().c_str(), r["label"].get<long long>(), r["device_pred"].dump().c_str(),
                  r["host_pred"].dump().c_str(), r["bit_exact"] == true ? "exact   " : "MISMATCH",
                  r["ticks"].dump().c_str());
  const auto top = static_cast<size_t>(a.get_int("top", 15));
  if (a.flag("ops")) std::printf("%s", check::op_profile_text(ops, top, s["time_unit"].get<std::string>()).c_str());
  if (auto vs = a.get("vs")) {
    const int64_t other = resolve_run(db, *vs);
    const nlohmann::json so = report::run_summary_json(db, other);
    const auto name = [](const nlohmann::json& j, int64_t run) {
      return "run " + std::to_string(run) + " (" + j["board"].get<std::string>() + ")";
    };
    std::string why;
    const std::string text = check::op_compare_text(ops, name(s, id), s["time_unit"].get<std::string>(),
                                                    check::op_profile(db.op_timings(other)), name(so, other),
                                                    so["time_unit"].get<std::string>(), top, &why);
    if (text.empty()) throw Error("cannot compare per-op profiles: " + why);
    std::printf("\n%s", text.c_str());
  }
  return kExitOk;
}

}  // namespace hb::cli
