// MEAN (int8): TFLite Micro's PrepareMeanOrSum + EvalIntegerMean
// (micro/kernels/reduce_common.cc, reference_ops::QuantizedMeanOrSum). The
// 1/count factor is folded into the multiplier here with the same integer
// arithmetic TFLite uses at Eval time. See nn/kernels/mean.h for why the
// rescaling path is used even for identical in/out quantization.
#include <algorithm>
#include <cstring>

#include "model/ops/eltwise_lower.h"
#include "model/ops/ops.h"
#include "model/quant_util.h"

extern "C" {
#include "nn/kernels/mean.h"
}

namespace hb::model {

void lower_mean(LowerCtx& c) {
  c.require(c.num_inputs() == 2, "expects 2 inputs (data, axis)");
  const Tensor& in = c.in(0);
  const Tensor& axis = c.in(1);
  const Tensor& o = c.out();
  eltwise::require_type(c, {&in, &o}, TType::kInt8);
  eltwise::require_per_tensor(c, {&in, &o});
  c.require(axis.type == TType::kInt32, std::string("axis type ") + ttype_name(axis.type) + " not supported (int32)");
  c.require(axis.is_const(), "axis must be a constant tensor");
  const int rank = static_cast<int>(in.shape.size());
  c.require(rank >= 1 && rank <= 4, "input rank " + std::to_string(rank) + " not supported (1 to 4 dims)");

  // ResolveAxis: negative axes count from the end, duplicates are ignored.
  const size_t n_axis = axis.data.size() / 4;
  hb_mean_params p{};
  for (int& d : p.in_dims) d = 1;
  const int pad = 4 - rank;
  for (int d = 0; d < rank; ++d) p.in_dims[pad + d] = in.shape[static_cast<size_t>(d)];
  for (size_t k = 0; k < n_axis; ++k) {
    int32_t a;
    std::memcpy(&a, axis.data.data() + 4 * k, 4);
    const int32_t r = a < 0 ? a + rank : a;
    c.require(r >= 0 && r < rank, "axis " + std::to_string(a) + " out of range for rank " + std::to_string(rank));
    p.reduce_mask |= 1u << (pad + r);
  }
  int64_t count = 1, out_elems = 1;
  for (int d = 0; d < 4; ++d) {
    if (p.reduce_mask & (1u << d))
      count *= p.in_dims[d];
    else
      out_elems *= p.in_dims[d];
  }
  c.require(out_elems == o.elements(), "output shape " + eltwise::shape_str(o.shape) + " does not match the reduction");
  p.count = static_cast<int32_t>(count);
  p.in_zero_point = zero_point_of(in);
  p.out_zero_point = zero_point_of(o);

  const double real = static_cast<double>(scale_of(in)) / static_cast<double>(scale_of(o));
  c.require(real < (1u << 30), "input/output scale ratio too large");
  const QMult m = quantize_multiplier(real);
  // QuantizedMeanOrSum: shift = floor(log2(count)), limited so that the
  // final shift stays >= -31, then multiplier * 2^shift / count (truncating).
  int shift = 63 - __builtin_clzll(static_cast<uint64_t>(count));
  shift = std::min(shift, 32);
  shift = std::min(shift, 31 + m.shift);
  p.multiplier = static_cast<int32_t>((static_cast<int64_t>(m.multiplier) << shift) / count);
  p.shift = m.shift - shift;
  const uint16_t x = c.act_in(0);
  c.emit(HB_OP_MEAN, {x}, c.act_out(), p);
}

}  // namespace hb::model
