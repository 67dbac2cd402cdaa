// Board health (table board_events, schema version 4): every flash, connect
// and recovery outcome of a board instance. `hilbench boards` shows recent
// failures and calls an instance "suspect" when its last N attempts failed
// for infrastructure reasons; `run --skip-suspect` then leaves it out.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "store/run_store.h"

namespace hb::store {

struct BoardEvent {
  int64_t id = 0;
  std::string instance;  // lab instance name, else the board name
  std::string board;     // board kind (descriptor name)
  std::optional<int64_t> run_id;
  std::string kind;     // flash | connect | recovery
  std::string outcome;  // ok | failed
  std::string cause;    // error text for a failure; what happened for a recovery
  std::string at;       // UTC, ISO 8601 (set by the store)
};

// Appends one event (id and at are set by the store); returns its id.
int64_t add_board_event(RunStore& db, const BoardEvent& e);
// Ties events recorded before the run row existed to the run.
void set_board_event_run(RunStore& db, int64_t event_id, int64_t run_id);
// The instance's events, newest first.
std::vector<BoardEvent> board_events(RunStore& db, const std::string& instance, int limit = 50);

// Attempts to use the instance, newest first: each flash or connect failure is
// one failed attempt, each successful connect one good attempt (a flash that
// succeeded is part of the attempt its connect ends), and a failed recovery
// (the board could not be brought back) a failed attempt.
std::vector<bool> attempt_outcomes(const std::vector<BoardEvent>& newest_first);
// The last `n` attempts all failed (and there were at least n).
bool is_suspect(const std::vector<BoardEvent>& newest_first, int n = 3);
// Instances among `instances` that are suspect in this store.
std::set<std::string> suspect_instances(RunStore& db, const std::vector<std::string>& instances, int n = 3);

}  // namespace hb::store
