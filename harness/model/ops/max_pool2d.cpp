// MAX_POOL_2D Prepare (TFLite Micro's PoolingPrepare, shared with
// AVERAGE_POOL_2D).
#include "model/ops/ops.h"

extern "C" {
#include "nn/kernels/max_pool2d.h"
}

namespace hb::model {

hb_pool2d_params prepare_pool2d(LowerCtx& c);  // avg_pool2d.cpp

void lower_max_pool2d(LowerCtx& c) {
  const hb_pool2d_params p = prepare_pool2d(c);
  const uint16_t t_in = c.act_in(0);
  const uint16_t t_out = c.act_out();
  c.emit(HB_OP_MAX_POOL2D, {t_in}, t_out, p);
}

}  // namespace hb::model
