#include "run/resume.h"

#include "common/error.h"

namespace hb::run {
namespace {

std::string short_text(const std::string& s) { return s.size() > 24 ? s.substr(0, 16) + "..." : s; }

void same(int64_t run, const char* field, const std::string& stored, const std::string& now) {
  if (stored != now)
    throw Error("cannot resume run " + std::to_string(run) + ": " + field + " differs (run: '" + short_text(stored) +
                "', now: '" + short_text(now) + "')");
}

std::string config_text(const nlohmann::json& c, const char* key) {
  if (!c.contains(key)) return {};
  return c[key].is_string() ? c[key].get<std::string>() : c[key].dump();
}

}  // namespace

void check_resumable(const store::RunStore& db, int64_t run, const Prepared& p, const board::Descriptor& d,
                     const std::string& firmware_sha) {
  const auto info = db.find_run(run);
  if (!info) throw Error(db.path() + ": run " + std::to_string(run) + " does not exist");
  if (info->status != store::RunStatus::Aborted && info->status != store::RunStatus::Failed)
    throw Error("cannot resume run " + std::to_string(run) + ": it is " + std::string(store::to_string(info->status)) +
                " (only an aborted or failed run continues)");
  const nlohmann::json& c = info->config;
  if (!c.contains("samples_sha256"))
    throw Error("cannot resume run " + std::to_string(run) +
                ": it was stored by a hilbench without --resume support (no samples_sha256 in its config)");
  same(run, "board", info->board_name, d.name);
  same(run, "model sha256", info->model_sha256, p.model_sha);
  same(run, "dataset manifest", config_text(c, "dataset_manifest"), p.manifest);
  same(run, "selected samples", config_text(c, "samples_sha256"), p.picks_sha);
  same(run, "preprocessing", config_text(c, "preprocess"), p.options.preprocess.describe());
  same(run, "firmware image", config_text(c, "firmware_sha256"), firmware_sha);
  same(run, "per-op timing", config_text(c, "per_op"), nlohmann::json(p.options.per_op).dump());
}

void check_resumed_firmware(const store::RunStore& db, int64_t run, int64_t firmware_id) {
  const auto info = db.find_run(run);
  if (info && info->firmware_id && *info->firmware_id != firmware_id)
    throw Error("cannot resume run " + std::to_string(run) +
                ": firmware build differs (the board reports another "
                "build than the run used)");
}

std::vector<size_t> missing_positions(const store::RunStore& db, int64_t run, size_t n) {
  std::vector<bool> have(n, false);
  for (int64_t i : db.sample_indices(run))
    if (i >= 0 && static_cast<size_t>(i) < n) have[static_cast<size_t>(i)] = true;
  std::vector<size_t> v;
  for (size_t i = 0; i < n; ++i)
    if (!have[i]) v.push_back(i);
  return v;
}

}  // namespace hb::run
