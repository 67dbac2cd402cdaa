// Import-time evaluation of static-shape subgraphs (SHAPE -> STRIDED_SLICE ->
// PACK -> RESHAPE chains, as Keras emits for squeeze-and-excitation blocks):
// their results depend only on static shapes, so the firmware never runs them.
#pragma once

#include <deque>
#include <vector>

#include "model/graph.h"

namespace hb::model {

struct FoldResult {
  std::vector<bool> folded_op;               // per graph op: evaluated at import
  std::deque<std::vector<uint8_t>> storage;  // owns the data of tensors made constant
};

// Folds in place: tensors computed by folded ops get constant data (pointing
// into result.storage). Throws hb::Error naming the op on malformed inputs.
FoldResult fold_static_ops(Graph& g);

}  // namespace hb::model
