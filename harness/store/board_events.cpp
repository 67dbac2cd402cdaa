#include "store/board_events.h"

#include "common/error.h"

namespace hb::store {

int64_t add_board_event(RunStore& db, const BoardEvent& e) {
  Stmt s = db.db().prepare(
      "INSERT INTO board_events(instance, board, run_id, kind, outcome, cause) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
      "RETURNING id");
  s.on_error("cannot record a " + e.kind + " event of board " + e.instance)
      .bind_all(e.instance, e.board, e.run_id, e.kind, e.outcome, e.cause);
  if (!s.step()) throw hb::Error(db.path() + ": board event insert returned no id");
  const int64_t id = s.int64(0);
  s.reset();
  return id;
}

void set_board_event_run(RunStore& db, int64_t event_id, int64_t run_id) {
  Stmt s = db.db().prepare("UPDATE board_events SET run_id = ?2 WHERE id = ?1");
  s.on_error("cannot tie board event to run " + std::to_string(run_id)).bind_all(event_id, run_id).run();
}

std::vector<BoardEvent> board_events(RunStore& db, const std::string& instance, int limit) {
  Stmt s = db.db().prepare(
      "SELECT id, instance, board, run_id, kind, outcome, cause, at FROM board_events WHERE instance = ?1 "
      "ORDER BY id DESC LIMIT ?2");
  s.bind_all(instance, limit);
  std::vector<BoardEvent> out;
  while (s.step())
    out.push_back({s.int64(0), s.text(1), s.text(2), s.opt_int64(3), s.text(4), s.text(5), s.text(6), s.text(7)});
  return out;
}

std::vector<bool> attempt_outcomes(const std::vector<BoardEvent>& newest_first) {
  std::vector<bool> ok;
  bool gave_up = false;  // a failed recovery, newer than the connect that began its attempt
  for (const auto& e : newest_first) {
    const bool failed = e.outcome == "failed";
    if (e.kind == "recovery") {
      if (failed && !gave_up) {
        ok.push_back(false);
        gave_up = true;
      }
    } else if (e.kind == "connect") {
      if (!gave_up) ok.push_back(!failed);
      gave_up = false;
    } else if (failed) {  // flash
      ok.push_back(false);
      gave_up = false;
    }
  }
  return ok;
}

bool is_suspect(const std::vector<BoardEvent>& newest_first, int n) {
  const std::vector<bool> a = attempt_outcomes(newest_first);
  if (n <= 0 || a.size() < static_cast<size_t>(n)) return false;
  for (int i = 0; i < n; ++i)
    if (a[static_cast<size_t>(i)]) return false;
  return true;
}

std::set<std::string> suspect_instances(RunStore& db, const std::vector<std::string>& instances, int n) {
  std::set<std::string> out;
  for (const auto& i : instances)
    if (is_suspect(board_events(db, i, 20 * (n > 0 ? n : 1)), n)) out.insert(i);
  return out;
}

}  // namespace hb::store
