#include "model/memory_planner.h"

#include <algorithm>
#include <numeric>

namespace hb::model {

uint32_t plan_memory(std::vector<PlannedBuffer>& buffers, uint32_t align) {
  auto round_up = [align](uint64_t v) { return (v + align - 1) / align * align; };
  std::vector<size_t> order(buffers.size());
  std::iota(order.begin(), order.end(), 0);
  // Largest first: big buffers get the low offsets, small ones fill the gaps.
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (buffers[a].bytes != buffers[b].bytes) return buffers[a].bytes > buffers[b].bytes;
    return buffers[a].first < buffers[b].first;
  });
  std::vector<size_t> placed;
  uint64_t peak = 0;
  for (size_t i : order) {
    PlannedBuffer& b = buffers[i];
    std::vector<size_t> live;
    for (size_t j : placed)
      if (!(buffers[j].last < b.first || b.last < buffers[j].first)) live.push_back(j);
    std::sort(live.begin(), live.end(), [&](size_t x, size_t y) { return buffers[x].offset < buffers[y].offset; });
    uint64_t candidate = 0;
    for (size_t j : live) {
      if (candidate + b.bytes <= buffers[j].offset) break;
      candidate = std::max<uint64_t>(candidate, round_up(uint64_t(buffers[j].offset) + buffers[j].bytes));
    }
    b.offset = static_cast<uint32_t>(candidate);
    peak = std::max<uint64_t>(peak, candidate + b.bytes);
    placed.push_back(i);
  }
  return static_cast<uint32_t>(round_up(peak));
}

}  // namespace hb::model
