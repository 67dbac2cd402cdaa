// `hilbench report`: the stored runs as Markdown model-card tables, a
// self-contained HTML page with trend charts, JSON for tooling, or JUnit XML
// for CI (one test case per board x model).
#include <cstdio>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/defaults.h"
#include "common/error.h"
#include "common/file_io.h"
#include "report/html_report.h"
#include "report/json_report.h"
#include "report/junit_report.h"
#include "report/markdown_report.h"
#include "report/regression_checks.h"
#include "report/report_data.h"
#include "store/run_store.h"

namespace hb::cli {

const CommandSpec kReportSpec{
    "report",
    {"[--runs ID,..|--last N|--board BOARD|--model NAME] [--format md|html|json|junit] [--out FILE]"},
    "reports of stored runs: Markdown model-card tables, an HTML page with trend charts, JSON, or JUnit XML",
    "",
    {
        opt("db", "FILE", "run store (SQLite)", kDbDefault),
        opt("runs", "ID,..", "these runs", "all runs"),
        opt("last", "N", "the last N runs", "all"),
        opt("board", "BOARD", "only runs on this board", "every board"),
        opt("model", "NAME", "only runs of this model", "every model"),
        opt("format", "md|html|json|junit", "output format", "md"),
        opt("out", "FILE", "write to FILE", "stdout"),
    },
    {},
    {},
    {"hilbench report --format html --out report.html", "hilbench report --last 10 --format junit"},
};

int cmd_report(const Argv& argv) {
  Args a(argv, kReportSpec);
  if (!a.positional().empty()) throw Error("unexpected argument '" + a.positional()[0] + "'");
  const std::string format = a.get_or("format", "md");
  if (format != "md" && format != "html" && format != "json" && format != "junit")
    throw Error("--format must be md, html, json or junit (got '" + format + "')");
  report::Selection sel;
  if (auto r = a.get("runs")) sel.run_ids = report::parse_run_ids(*r);
  const long last = a.get_int("last", 0);
  if (last < 0) throw Error("--last must be a positive number of runs");
  sel.last = static_cast<int>(last);
  if (auto b = a.get("board")) sel.board = *b;
  if (auto m = a.get("model")) sel.model = *m;

  auto db = store::RunStore::open(a.get_or("db", default_db_path()), store::OpenMode::ReadOnly);
  const report::Report rep = report::collect(db, sel);
  std::string out;
  if (format == "md")
    out = report::markdown_report(rep);
  else if (format == "html")
    out = report::html_report(rep);
  else if (format == "json")
    out = report::json_report(rep).dump(2) + "\n";
  else
    out = report::junit_report(rep, report::regression_checks(db, rep));

  if (auto path = a.get("out")) {
    write_file_atomic(*path, out.data(), out.size());
    std::fprintf(stderr, "hilbench report: wrote %s (%s, %zu board x model pairs, %lld runs)\n", path->c_str(),
                 format.c_str(), rep.keys.size(), static_cast<long long>(rep.n_runs));
  } else {
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  return kExitOk;
}

}  // namespace hb::cli
