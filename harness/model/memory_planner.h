// Static arena planning from tensor lifetimes (greedy by size, first fit),
// the approach of TFLite Micro's GreedyMemoryPlanner: buffers alive during
// overlapping op ranges never share bytes.
#pragma once

#include <cstdint>
#include <vector>

namespace hb::model {

struct PlannedBuffer {
  uint32_t bytes = 0;
  int first = 0;        // first op position that writes it (-1: before the first op, the model input)
  int last = 0;         // last op position that reads it (inclusive)
  uint32_t offset = 0;  // result
};

// Assigns offsets (aligned to `align`); returns the arena size needed.
uint32_t plan_memory(std::vector<PlannedBuffer>& buffers, uint32_t align);

}  // namespace hb::model
