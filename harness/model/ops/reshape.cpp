#include "model/ops/ops.h"

namespace hb::model {

// RESHAPE never moves bytes: the output is the same buffer seen with another
// shape. (Reshapes of constants were already folded at import.)
void lower_reshape(LowerCtx& c) {
  const Tensor& in = c.in(0);
  const Tensor& out = c.out();
  c.require(in.type == out.type, "input and output types differ");
  c.require(in.elements() == out.elements(),
            "element count changes from " + std::to_string(in.elements()) + " to " + std::to_string(out.elements()));
  c.alias_out_to_in(0);
}

}  // namespace hb::model
