// How a board is named in report tables (ST model-zoo style: Series, Board,
// Execution Engine, Frequency). The store keeps only name, core and clock;
// the descriptor in boards/ (when the board is known there) adds the title,
// the port and whether the board is emulated.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "board/descriptor.h"

namespace hb::report {

struct BoardLabels {
  std::string name;  // hilbench board name ("h747"); "host" for host-only runs
  std::string core;  // "cortex-m7", "host"
  int64_t clock_hz = 0;
  std::string title;   // "STM32H747I-DISCO" (descriptor title up to " ("), "" if unknown
  std::string series;  // "STM32H7"; else "emulated cortex-m7", "host", or the core
  bool emulated = false;
  std::string engine;     // "1 CPU (cortex-m7)", "QEMU cortex-m33 (emulated)", "host CPU (sim)"
  std::string frequency;  // "400 MHz", "n/a (emulated)"
  std::string display;    // "h747 (STM32H747I-DISCO)"
};

// timer_source decides emulation when the descriptor is not found
// (systick-icount: QEMU, clock: the host).
// The descriptor boards/<name>.json, if `name` is a plain name and the file
// loads and names that board; nullopt otherwise (never throws).
std::optional<board::Descriptor> known_descriptor(const std::string& name);

BoardLabels board_labels(const std::string& name, const std::string& core, int64_t clock_hz,
                         const std::string& timer_source);

}  // namespace hb::report
