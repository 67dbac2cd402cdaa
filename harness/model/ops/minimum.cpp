// MINIMUM (int8): TFLite Micro compares raw int8 values without requantizing
// (micro/kernels/maximum_minimum.cc has no Prepare), so neither do we.
#include "model/ops/eltwise_lower.h"
#include "model/ops/ops.h"

extern "C" {
#include "nn/kernels/minimum.h"
}

namespace hb::model {

void lower_minimum(LowerCtx& c) {
  eltwise::check_binary_int8(c, false);
  hb_minimum_params p{};
  p.bc = eltwise::binary_bcast(c);
  const uint16_t in1 = eltwise::input_id(c, 0);
  const uint16_t in2 = eltwise::input_id(c, 1);
  c.emit(HB_OP_MINIMUM, {in1, in2}, c.act_out(), p);
}

}  // namespace hb::model
