#include "report/run_summary.h"

#include <algorithm>
#include <cstdio>

#include "check/format.h"
#include "check/tick_quality.h"
#include "common/error.h"

namespace hb::report {
namespace {

nlohmann::json opt(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

// Times are stored as raw ticks; convert to a readable unit only when the
// ticks are time (timer_hz > 0). Instruction counts stay counts.
std::string time_text(double ticks, const std::string& unit, int64_t hz) {
  if (unit == "ns") return fmt("%.3f ms", ticks / 1e6);
  if (unit == "cycles" && hz > 0) return fmt("%.0f cycles", ticks) + fmt(" (%.3f ms)", ticks * 1e3 / double(hz));
  return fmt("%.0f ", ticks) + unit;
}

// Payload share of the line rate and wall time per image against
// max(transfer, inference), from the run's link metrics (runs on a link with a
// baud rate). Inference counts as time only when the timer measures time.
void link_efficiency(nlohmann::json& j) {
  if (!j.contains("metrics")) return;
  const auto& m = j["metrics"];
  if (!m.is_object() || !m.contains("line_bytes_per_s") || !m.contains("payload_bytes_per_s") ||
      !m.contains("input_bytes") || !m.contains("stream_seconds") || j["images"].get<int64_t>() <= 0)
    return;
  const double line = m["line_bytes_per_s"].get<double>();
  nlohmann::json e;
  e["baud"] = m.value("link_baud", int64_t{0});
  e["payload_share"] = m["payload_bytes_per_s"].get<double>() / line;
  const double wall = m["stream_seconds"].get<double>() / j["images"].get<double>();
  const double transfer = m["input_bytes"].get<double>() / line;
  e["wall_per_image_s"] = wall;
  e["transfer_per_image_s"] = transfer;
  double bound = transfer;
  const std::string unit = j["time_unit"].get<std::string>();
  const int64_t hz = j["timer_hz"].get<int64_t>();
  e["inference_per_image_s"] = nullptr;
  if (!j["time_median"].is_null() && (unit == "ns" || (unit == "cycles" && hz > 0))) {
    const double inf = unit == "ns" ? j["time_median"].get<double>() / 1e9 : j["time_median"].get<double>() / hz;
    e["inference_per_image_s"] = inf;
    bound = std::max(bound, inf);
  }
  e["wall_vs_bound"] = wall / bound;
  j["link"] = e;
}

}  // namespace

nlohmann::json run_summary_json(const store::RunStore& db, int64_t run_id) {
  auto d = db.find_run(run_id);
  if (!d) throw Error("no run " + std::to_string(run_id) + " in " + db.path());
  const store::RunSummary s = db.summarize(run_id);
  nlohmann::json j;
  j["run_id"] = run_id;
  j["uuid"] = d->uuid;
  j["status"] = std::string(store::to_string(d->status));
  j["board"] = d->board_name;
  j["firmware"] = d->firmware_build;
  j["model"] = d->model_name;
  j["model_sha256"] = d->model_sha256;
  j["dataset"] = d->dataset_path;
  j["git_rev"] = d->git_rev;
  j["started_at"] = d->started_at;
  j["finished_at"] = d->finished_at ? nlohmann::json(*d->finished_at) : nlohmann::json(nullptr);
  j["images"] = s.samples;
  j["labelled"] = s.labeled;
  j["compared"] = s.compared;
  j["bit_exact"] = s.bit_exact;
  j["first_mismatch"] = s.first_mismatch_idx
                            ? nlohmann::json{{"idx", *s.first_mismatch_idx}, {"sample", s.first_mismatch_sample}}
                            : nlohmann::json(nullptr);
  j["top1_device"] = opt(s.device_top1());
  j["top1_host"] = opt(s.host_top1());
  j["timer_source"] = d->timer_source;
  j["time_unit"] = d->time_unit;
  j["timer_hz"] = d->timer_hz;
  j["time_median"] = s.ticks ? nlohmann::json(s.ticks->median) : nlohmann::json(nullptr);
  j["time_p90"] = s.ticks ? nlohmann::json(s.ticks->p90) : nlohmann::json(nullptr);
  j["time_min"] = s.ticks ? nlohmann::json(s.ticks->min) : nlohmann::json(nullptr);
  j["time_max"] = s.ticks ? nlohmann::json(s.ticks->max) : nlohmann::json(nullptr);
  // Warm-up and bad ticks, flagged rather than silently averaged (check/tick_quality.h).
  const check::TickQuality q = check::assess_ticks(db.sample_stats(run_id));
  j["timing_quality"] = {{"warmup", q.warmup},
                         {"warmup_ticks", q.warmup_ticks},
                         {"zero", q.zero},
                         {"wrapped", q.wrapped},
                         {"outliers", q.outliers},
                         {"steady_median", q.valid.empty() ? nlohmann::json(nullptr) : nlohmann::json(q.median)},
                         {"summary", q.summary(d->time_unit)}};
  j["images_per_s"] = nullptr;
  j["wire_bytes"] = nullptr;
  for (const auto& m : db.metrics(run_id)) {
    std::visit([&](const auto& v) { j["metrics"][m.key] = v; }, m.value);
    if (m.key == "images_per_s" || m.key == "wire_bytes") std::visit([&](const auto& v) { j[m.key] = v; }, m.value);
  }
  link_efficiency(j);
  if (!d->error.empty()) j["error"] = d->error;
  // Boards reset during the run (run/recovery.h): each with its sample, cause
  // and attempt, so a run that needed help says so.
  j["recoveries"] = nlohmann::json::array();
  for (const store::Recovery& r : db.recoveries(run_id))
    j["recoveries"].push_back({{"sample_idx", r.sample_idx},
                               {"attempt", r.attempt},
                               {"cause", r.cause},
                               {"ok", r.ok},
                               {"at", r.at},
                               {"detail", r.detail}});
  return j;
}

std::string run_summary_text(const nlohmann::json& j) {
  std::string o;
  auto line = [&](const std::string& k, const std::string& v) {
    o += k + std::string(k.size() < 14 ? 14 - k.size() : 1, ' ') + v + "\n";
  };
  line("run", std::to_string(j["run_id"].get<int64_t>()) + " (" + j["status"].get<std::string>() + ", " +
                  j["uuid"].get<std::string>().substr(0, 8) + ")");
  line("board", j["board"].get<std::string>() + "  firmware " + j["firmware"].get<std::string>());
  line("model", j["model"].get<std::string>() + "  sha256 " + j["model_sha256"].get<std::string>().substr(0, 16));
  line("dataset", j["dataset"].get<std::string>());
  const int64_t n = j["images"].get<int64_t>();
  line("images", std::to_string(n) + " (" + std::to_string(j["labelled"].get<int64_t>()) + " labelled)");
  auto pct = [&](const nlohmann::json& v) {
    return v.is_null() ? std::string("n/a (no labels)") : fmt("%.2f %%", v.get<double>() * 100);
  };
  line("top-1 device", pct(j["top1_device"]));
  line("top-1 host", pct(j["top1_host"]));
  std::string be = std::to_string(j["bit_exact"].get<int64_t>()) + "/" + std::to_string(j["compared"].get<int64_t>());
  if (j["compared"].get<int64_t>() > 0)
    be += fmt(" (%.1f %%)", 100.0 * j["bit_exact"].get<double>() / j["compared"].get<double>());
  if (!j["first_mismatch"].is_null())
    be += ", first mismatch: sample " + std::to_string(j["first_mismatch"]["idx"].get<int64_t>()) + " (" +
          j["first_mismatch"]["sample"].get<std::string>() + ")";
  line("bit-exact", be);
  const std::string unit = j["time_unit"].get<std::string>();
  const int64_t hz = j["timer_hz"].get<int64_t>();
  if (!j["time_median"].is_null())
    line("inference", "median " + time_text(j["time_median"].get<double>(), unit, hz) + ", p90 " +
                          time_text(j["time_p90"].get<double>(), unit, hz) + "  [timer " +
                          j["timer_source"].get<std::string>() + ", unit " + unit + "]");
  if (j.contains("timing_quality") && !j["timing_quality"]["summary"].get<std::string>().empty())
    line("timing", j["timing_quality"]["summary"].get<std::string>());
  if (!j["images_per_s"].is_null())
    line("throughput", fmt("%.2f images/s (end to end)", j["images_per_s"].get<double>()));
  if (!j["wire_bytes"].is_null()) line("wire", std::to_string(j["wire_bytes"].get<int64_t>()) + " bytes");
  if (j.contains("link")) {
    const auto& e = j["link"];
    line("link", check::fmt("%lld Bd: payload %.1f %% of the line rate",
                            static_cast<long long>(e["baud"].get<int64_t>()), e["payload_share"].get<double>() * 100));
    std::string inf = e["inference_per_image_s"].is_null()
                          ? std::string("inference not in time units")
                          : fmt("inference %.3f ms", e["inference_per_image_s"].get<double>() * 1e3);
    line("per image", check::fmt("wall %.3f ms vs max(transfer %.3f ms, ", e["wall_per_image_s"].get<double>() * 1e3,
                                 e["transfer_per_image_s"].get<double>() * 1e3) +
                          inf + fmt("): %.3fx", e["wall_vs_bound"].get<double>()));
  }
  if (j.contains("recoveries") && !j["recoveries"].empty()) {
    std::string rs = std::to_string(j["recoveries"].size()) + ":";
    for (const auto& r : j["recoveries"])
      rs += " sample " + std::to_string(r["sample_idx"].get<int64_t>()) + " " + r["cause"].get<std::string>() +
            " (attempt " + std::to_string(r["attempt"].get<int64_t>()) + (r["ok"].get<bool>() ? "" : ", failed") + ");";
    rs.pop_back();
    line("recoveries", rs);
  }
  if (j.contains("error")) line("error", j["error"].get<std::string>());
  return o;
}

std::string run_summaries_table(const nlohmann::json& summaries) {
  std::string o = check::fmt("%-12s %7s %13s %11s %13s  %s\n", "board", "images", "top-1 device", "top-1 host",
                             "bit-exact", "median inference [timer]");
  auto pct = [](const nlohmann::json& v) {
    return v.is_null() ? std::string("n/a") : check::fmt("%.2f %%", v.get<double>() * 100);
  };
  for (const auto& j : summaries) {
    if (!j.contains("images")) {  // the board failed before its run started
      o += check::fmt("%-12s %7s  %s: %s\n", j["board"].get<std::string>().c_str(), "-",
                      j.value("status", "not started").c_str(), j.value("error", "").c_str());
      continue;
    }
    const std::string unit = j["time_unit"].get<std::string>();
    const std::string t = j["time_median"].is_null()
                              ? std::string("-")
                              : time_text(j["time_median"].get<double>(), unit, j["timer_hz"].get<int64_t>()) + " [" +
                                    j["timer_source"].get<std::string>() + "]";
    const std::string be =
        std::to_string(j["bit_exact"].get<int64_t>()) + "/" + std::to_string(j["images"].get<int64_t>());
    o += check::fmt("%-12s %7lld %13s %11s %13s  %s\n", j["board"].get<std::string>().c_str(),
                    static_cast<long long>(j["images"].get<int64_t>()), pct(j["top1_device"]).c_str(),
                    pct(j["top1_host"]).c_str(), be.c_str(), t.c_str());
    if (j["status"] != "complete") o.pop_back(), o += "  (" + j["status"].get<std::string>() + ")\n";
  }
  return o;
}

}  // namespace hb::report
