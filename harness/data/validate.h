// Datasets checked before any board is touched: every selected sample is
// loaded and turned into input-tensor bytes on the host first, so one bad file
// fails the run up front (with every other bad file in the same message)
// rather than mid-stream after a board was flashed.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "data/preprocess.h"

namespace hb::data {

struct Unreadable {
  size_t index = 0;    // into Dataset::samples()
  std::string id;      // the sample's id (path relative to the dataset root)
  std::string reason;  // what is wrong, without the path ("corrupt JPEG: Premature end of JPEG file")
};

// Loads and preprocesses samples()[picks[k]] for every k on `threads` threads
// (0: all cores) exactly as the run will (make_input with pp and spec), and
// returns the samples that fail, in pick order. Never throws: any exception a
// sample raises is that sample's reason.
std::vector<Unreadable> find_unreadable(const Dataset& ds, const std::vector<size_t>& picks, const Preprocess& pp,
                                        const InputSpec& spec, unsigned threads = 0);

// One error text listing them all (one line per file, after a headline that
// names the dataset and how many of how many samples are bad).
std::string unreadable_message(const std::string& dataset, const std::vector<Unreadable>& bad, size_t checked);

}  // namespace hb::data
