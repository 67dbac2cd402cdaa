#include "check/baselines.h"

#include "common/error.h"

namespace hb::check {

namespace {

constexpr const char* kSelect =
    "SELECT bl.name, bl.board, bl.model_sha256, bl.dataset_sha256, bl.firmware_config, bl.run_uuid, bl.set_at, "
    "(SELECT r.id FROM runs r WHERE r.uuid = bl.run_uuid) FROM baselines bl ";

Baseline read(const store::Stmt& s) {
  return {s.text(0), {s.text(1), s.text(2), s.text(3), s.text(4)}, s.text(5), s.opt_int64(7), s.text(6)};
}

std::vector<Baseline> query(const store::Db& db, const std::string& where, const std::vector<std::string>& args) {
  store::Stmt s = db.prepare(std::string(kSelect) + where + " ORDER BY bl.name");
  for (size_t i = 0; i < args.size(); ++i) s.bind(static_cast<int>(i + 1), args[i]);
  std::vector<Baseline> out;
  while (s.step()) out.push_back(read(s));
  return out;
}

std::optional<Baseline> first(std::vector<Baseline> v) {
  if (v.empty()) return std::nullopt;
  return std::move(v.front());
}

std::string default_name(const RunKey& k, const store::RunInfo& r) {
  std::string n = (k.board.empty() ? std::string("host") : k.board) + "/" + r.model_name;
  if (!k.dataset_sha256.empty()) n += "@" + k.dataset_sha256.substr(0, 8);
  return n;
}

void insert(store::Db& db, const std::string& name, const RunKey& k, const std::string& uuid) {
  store::Stmt s = db.prepare(
      "INSERT INTO baselines(name, board, model_sha256, dataset_sha256, firmware_config, run_uuid) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  s.on_error("cannot store baseline " + name)
      .bind_all(name, k.board, k.model_sha256, k.dataset_sha256, k.firmware_config, uuid)
      .run();
}

}  // namespace

std::vector<Baseline> list_baselines(store::RunStore& db) { return query(db.db(), "", {}); }

std::optional<Baseline> find_baseline(store::RunStore& db, const std::string& name) {
  return first(query(db.db(), "WHERE bl.name = ?1", {name}));
}

std::optional<Baseline> baseline_for_key(store::RunStore& db, const RunKey& k) {
  return first(query(db.db(),
                     "WHERE bl.board = ?1 AND bl.model_sha256 = ?2 AND bl.dataset_sha256 = ?3 AND "
                     "bl.firmware_config = ?4",
                     {k.board, k.model_sha256, k.dataset_sha256, k.firmware_config}));
}

SetResult set_baseline(store::RunStore& db, int64_t run, const std::string& name) {
  store::Transaction tx(db.db());
  const auto info = db.find_run(run);
  if (!info) throw Error(db.path() + ": no run " + std::to_string(run));
  if (info->status != store::RunStatus::Complete)
    throw Error(db.path() + ": run " + std::to_string(run) + " is " + std::string(store::to_string(info->status)) +
                "; only a complete run can be a baseline");
  const RunKey key = run_key(db, run);
  SetResult r;
  r.replaced = baseline_for_key(db, key);
  std::string chosen = name;
  if (chosen.empty()) {
    // Keep the key's existing name when re-pointing it; otherwise derive one.
    chosen = r.replaced ? r.replaced->name : default_name(key, *info);
    const std::string stem = chosen;
    for (int i = 2;; ++i) {
      auto other = find_baseline(db, chosen);
      if (!other || other->key == key) break;
      chosen = stem + "#" + std::to_string(i);
    }
  } else if (auto other = find_baseline(db, chosen); other && !(other->key == key)) {
    throw Error("baseline '" + chosen + "' already exists for another key (" + describe(other->key) +
                "); remove it first (hilbench baseline rm " + chosen + ") or choose another --name");
  }
  if (r.replaced) {
    store::Stmt del = db.db().prepare("DELETE FROM baselines WHERE name = ?1");
    del.bind(1, r.replaced->name).run();
  }
  insert(db.db(), chosen, key, info->uuid);
  r.baseline = *find_baseline(db, chosen);
  tx.commit();
  return r;
}

bool remove_baseline(store::RunStore& db, const std::string& name) {
  store::Stmt s = db.db().prepare("DELETE FROM baselines WHERE name = ?1 RETURNING name");
  s.bind(1, name);
  const bool found = s.step();
  while (s.step()) {
  }
  return found;
}

BaselineMergeStats merge_baselines(store::RunStore& dst, const std::string& src_path) {
  store::RunStore src = store::RunStore::open(src_path, store::OpenMode::ReadOnly);
  BaselineMergeStats st;
  store::Transaction tx(dst.db());
  for (const Baseline& b : list_baselines(src)) {
    store::Stmt have_run = dst.db().prepare("SELECT 1 FROM runs WHERE uuid = ?1");
    have_run.bind(1, b.run_uuid);
    if (!have_run.step()) {
      ++st.run_missing;
      continue;
    }
    const auto by_name = find_baseline(dst, b.name);
    const auto by_key = baseline_for_key(dst, b.key);
    if (by_name && by_name->key == b.key && by_name->run_uuid == b.run_uuid) {
      ++st.already_present;
    } else if (by_name || by_key) {
      ++st.conflicts;
    } else {
      insert(dst.db(), b.name, b.key, b.run_uuid);
      ++st.added;
    }
  }
  tx.commit();
  return st;
}

}  // namespace hb::check
