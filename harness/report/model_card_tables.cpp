#include "report/model_card_tables.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>

#include "check/tick_quality.h"
#include "report/time_units.h"

namespace hb::report {

namespace {

std::string pct(double fraction) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", fraction * 100.0);
  return buf;
}

Table memory_table(const Report& rep) {
  Table t{"memory",
          "Reference memory footprint",
          {"Model", "Format", "Resolution", "Series", "Activation RAM", "Runtime RAM", "Weights Flash", "Code Flash",
           "Total RAM", "Total Flash"},
          {},
          {}};
  std::vector<std::string> sources;
  for (const KeyReport& k : rep.keys) {
    if (!k.latest_complete()) continue;
    const Footprint& f = k.footprint;
    t.rows.push_back({k.model.name, k.model.format, k.model.resolution, k.board.series + " (" + k.board.name + ")",
                      format_kib(f.activation_ram), format_kib(f.runtime_ram), format_kib(f.weights_flash),
                      format_kib(f.code_flash), format_kib(f.total_ram), format_kib(f.total_flash)});
    if (std::find(sources.begin(), sources.end(), f.source) == sources.end()) sources.push_back(f.source);
  }
  for (const auto& s : sources) t.notes.push_back("Figures from " + s + "; n/a: not measured.");
  return t;
}

Table time_table(const Report& rep) {
  Table t{"time",
          "Reference inference time",
          {"Model", "Format", "Resolution", "Board", "Execution Engine", "Frequency", "Inference time (median)", "p90",
           "Timer"},
          {},
          {}};
  bool emulated = false;
  for (const KeyReport& k : rep.keys) {
    const RunPoint* r = k.latest_complete();
    if (!r) continue;
    const auto& tk = r->summary.ticks;
    t.rows.push_back({k.model.name, k.model.format, k.model.resolution, k.board.display, k.board.engine,
                      k.board.frequency, tk ? format_ticks(tk->median, r->time_unit, r->timer_hz) : "n/a",
                      tk ? format_ticks(tk->p90, r->time_unit, r->timer_hz) : "n/a",
                      timer_label(r->timer_source) + ", " + std::to_string(tk ? tk->n : 0) + " samples"});
    emulated = emulated || k.board.emulated;
    // Warm-up and bad ticks of that run, flagged rather than silently averaged.
    std::vector<store::SampleStat> ss;
    for (size_t i = 0; i < k.latest_ticks.size(); ++i) {
      store::SampleStat x;
      x.idx = static_cast<int64_t>(i);
      x.ticks = k.latest_ticks[i];
      ss.push_back(x);
    }
    const check::TickQuality q = check::assess_ticks(ss);
    if (!q.clean())
      t.notes.push_back("Timing flags, " + k.board.display + " run " + std::to_string(r->id) + ": " +
                        q.summary(r->time_unit) + ".");
  }
  t.notes.push_back(
      "Median and p90 over the run's samples, device-side timer only (no link time). Times are converted to ms only "
      "when the timer counts time (cycles of a known clock, or ns).");
  if (emulated)
    t.notes.push_back(
        "Emulated boards: QEMU instruction counts are not time and are not comparable with real boards; the sim "
        "board uses the host clock.");
  return t;
}

std::vector<Table> accuracy_tables(const Report& rep) {
  std::map<std::string, Table> by_dataset;
  for (const KeyReport& k : rep.keys) {
    const RunPoint* r = k.latest_complete();
    if (!r) continue;
    auto [it, fresh] = by_dataset.try_emplace(r->dataset);
    Table& t = it->second;
    if (fresh) {
      t.title = "Accuracy with " + dataset_name(r->dataset);
      t.header = {"Model", "Format", "Resolution", "Board", "Top 1 Accuracy (%)", "Bit-exact", "Images"};
      t.notes.push_back("Dataset: " + (r->dataset.empty() ? std::string("synthetic inputs") : r->dataset) +
                        ". Top 1 is the device's answer; bit-exact counts device outputs equal to the host engine's.");
    }
    t.rows.push_back({k.model.name, k.model.format, k.model.resolution, k.board.display, top1_text(*r),
                      bit_exact_text(*r), std::to_string(r->summary.samples)});
  }
  std::vector<Table> out;
  int n = 0;
  for (auto& entry : by_dataset) {  // ordered by dataset path
    entry.second.id = "accuracy-" + std::to_string(++n);
    out.push_back(std::move(entry.second));
  }
  return out;
}

Table runs_table(const Report& rep) {
  Table t{"runs",
          "Runs",
          {"Board", "Model", "Latest run", "Status", "Started (UTC)", "Git rev", "Host", "Tables use"},
          {},
          {}};
  for (const KeyReport& k : rep.keys) {
    const RunPoint* r = k.latest();
    if (!r) continue;
    const RunPoint* c = k.latest_complete();
    std::string status(store::to_string(r->status));
    if (!r->error.empty()) status += ": " + r->error;
    t.rows.push_back({k.board.name, k.model.name, std::to_string(r->id) + " (" + r->uuid.substr(0, 8) + ")", status,
                      r->started_at, r->git_rev, r->host,
                      c ? "run " + std::to_string(c->id) : std::string("no complete run")});
  }
  t.notes.push_back(
      "The latest run of each board x model in the selection; the tables above use its latest complete run.");
  return t;
}

}  // namespace

std::string dataset_name(const std::string& path) {
  if (path.empty()) return "synthetic inputs";
  std::filesystem::path p(path);
  if (!p.has_filename()) p = p.parent_path();
  const std::string n = p.filename().string();
  return n.empty() ? path : n;
}

std::string bit_exact_text(const RunPoint& r) {
  const auto& s = r.summary;
  if (s.compared == 0) return "not compared";
  char buf[32];
  std::snprintf(buf, sizeof buf, " (%.2f %%)",
                100.0 * static_cast<double>(s.bit_exact) / static_cast<double>(s.compared));
  return std::to_string(s.bit_exact) + "/" + std::to_string(s.compared) + buf;
}

std::string top1_text(const RunPoint& r) {
  const auto t = r.summary.device_top1();
  return t ? pct(*t) : "n/a (no labels)";
}

std::vector<Table> model_card_tables(const Report& rep) {
  std::vector<Table> out{memory_table(rep), time_table(rep)};
  for (auto& t : accuracy_tables(rep)) out.push_back(std::move(t));
  out.push_back(runs_table(rep));
  return out;
}

}  // namespace hb::report
