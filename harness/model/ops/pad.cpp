// PAD Prepare (int8): TFLite Micro's PadPrepare (pad_common.cc). PAD has no
// constant_values input; int8 pads with the output zero point (real 0).
#include <cstring>

#include "model/ops/ops.h"

extern "C" {
#include "nn/kernels/pad.h"
}

namespace hb::model {

void lower_pad(LowerCtx& c) {
  c.require(c.num_inputs() == 2, "expected 2 inputs (input, paddings), got " + std::to_string(c.num_inputs()));
  const Tensor& in = c.in(0);
  const Tensor& pads = c.in(1);
  const Tensor& out = c.out();
  c.require(in.type == TType::kInt8, std::string("input type ") + ttype_name(in.type) + " not supported (int8 only)");
  c.require(out.type == in.type, std::string("output type ") + ttype_name(out.type) + " differs from input type");
  const size_t nd = in.shape.size();
  c.require(nd >= 1 && nd <= 4, "input must have 1 to 4 dimensions, got " + std::to_string(nd));
  c.require(out.shape.size() == nd, "output rank differs from input rank");
  c.require(pads.is_const(), "paddings must be a constant tensor");
  c.require(pads.type == TType::kInt32 || pads.type == TType::kInt64,
            std::string("paddings type ") + ttype_name(pads.type) + " not supported (int32/int64)");
  c.require(pads.elements() == static_cast<int64_t>(nd) * 2, "paddings must have shape [rank, 2]");
  const int es = pads.type == TType::kInt32 ? 4 : 8;
  c.require(pads.data.size() == nd * 2 * static_cast<size_t>(es), "paddings data size does not match its shape");

  hb_pad_params p{};
  for (int i = 0; i < 4; ++i) p.in_dims[i] = 1;
  const size_t lead = 4 - nd;  // right-align into 4 dims
  for (size_t i = 0; i < nd; ++i) {
    int64_t v[2];
    for (int k = 0; k < 2; ++k) {
      if (es == 4) {
        int32_t x;
        std::memcpy(&x, pads.data.data() + (2 * i + static_cast<size_t>(k)) * 4, 4);
        v[k] = x;
      } else {
        std::memcpy(&v[k], pads.data.data() + (2 * i + static_cast<size_t>(k)) * 8, 8);
      }
    }
    c.require(v[0] >= 0 && v[1] >= 0 && v[0] < (1 << 24) && v[1] < (1 << 24),
              "padding of dimension " + std::to_string(i) + " is negative or too large");
    c.require(out.shape[i] == in.shape[i] + v[0] + v[1],
              "output dimension " + std::to_string(i) + " does not equal input + paddings");
    p.in_dims[lead + i] = in.shape[i];
    p.before[lead + i] = static_cast<int32_t>(v[0]);
    p.after[lead + i] = static_cast<int32_t>(v[1]);
  }
  const int32_t zp = out.q.empty() ? 0 : zero_point_of(out);
  c.require(zp >= -128 && zp <= 127, "output zero point out of int8 range");
  p.pad_value = zp;

  const uint16_t t_in = c.act_in(0);
  const uint16_t t_out = c.act_out();
  c.emit(HB_OP_PAD, {t_in}, t_out, p);
}

}  // namespace hb::model
