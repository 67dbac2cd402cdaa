// Records a bring-up step (flash, connect) of a board instance in the store's
// board_events, then rethrows a failure unchanged. Returns the event id too,
// so the run can claim the events once its row exists.
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "board/descriptor.h"
#include "store/board_events.h"

namespace hb::run {

// record_ok false: only a failure is recorded (a first part of a step).
template <class F>
auto recorded_step(store::RunStore& db, const board::Descriptor& d, const char* kind, std::vector<int64_t>& ids,
                   bool record_ok, F&& step) {
  store::BoardEvent e{0, d.instance, d.name, std::nullopt, kind, "ok", "", ""};
  try {
    auto r = step();
    if (record_ok) ids.push_back(store::add_board_event(db, e));
    return r;
  } catch (const std::exception& ex) {
    e.outcome = "failed";
    e.cause = ex.what();
    try {
      store::add_board_event(db, e);
    } catch (const std::exception&) {  // the store's own trouble must not hide the board's
    }
    throw;
  }
}

}  // namespace hb::run
