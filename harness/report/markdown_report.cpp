#include "report/markdown_report.h"

#include "report/model_card_tables.h"
#include "report/text_escape.h"

namespace hb::report {

namespace {

std::string md_row(const std::vector<std::string>& cells) {
  std::string o = "|";
  for (const auto& c : cells) o += " " + md_cell(c) + " |";
  return o + "\n";
}

std::string md_table(const Table& t) {
  std::string o = "## " + md_cell(t.title) + "\n\n";
  if (t.rows.empty()) return o + "(no complete runs)\n\n";
  o += md_row(t.header);
  o += "|";
  for (size_t i = 0; i < t.header.size(); ++i) o += "---|";
  o += "\n";
  for (const auto& r : t.rows) o += md_row(r);
  o += "\n";
  for (const auto& n : t.notes) o += md_cell(n) + "\n\n";
  return o;
}

}  // namespace

std::string markdown_report(const Report& rep) {
  std::string o = "# hilbench report\n\n";
  o += "Generated " + rep.generated_at + " from " + md_cell(rep.db_path) + ": " + std::to_string(rep.n_runs) +
       " runs, " + std::to_string(rep.keys.size()) + " board x model pairs.\n\n";
  for (const Table& t : model_card_tables(rep)) o += md_table(t);
  // Boards that needed a reset: visible, not hidden by the retries.
  Table rec;
  rec.id = "recoveries";
  rec.title = "Board recoveries";
  rec.header = {"board", "run", "sample", "cause", "attempt", "board back", "at"};
  for (const KeyReport& k : rep.keys)
    for (const RunPoint& r : k.runs)
      for (const auto& x : r.recoveries)
        rec.rows.push_back({k.board.name, std::to_string(r.id), std::to_string(x.sample_idx), x.cause,
                            std::to_string(x.attempt), x.ok ? "yes" : "no", x.at});
  if (!rec.rows.empty()) o += md_table(rec);
  return o;
}

}  // namespace hb::report
