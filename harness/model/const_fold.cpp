#include "model/const_fold.h"

#include <cstring>

#include "common/error.h"

namespace hb::model {
namespace {

[[noreturn]] void fail(const Graph& g, const Operator& op, const std::string& why) {
  throw Error(g.path + ": op #" + std::to_string(op.index) + " " + op.name() + ": " + why);
}

std::vector<int32_t> as_i32(const Graph& g, const Operator& op, const Tensor& t) {
  if (t.type != TType::kInt32)
    fail(g, op, "static input '" + t.name + "' is " + ttype_name(t.type) + ", expected INT32");
  std::vector<int32_t> v(t.data.size() / 4);
  std::memcpy(v.data(), t.data.data(), v.size() * 4);
  return v;
}

void set_const(FoldResult& r, Tensor& t, const std::vector<int32_t>& v, std::vector<int32_t> shape) {
  auto& bytes = r.storage.emplace_back(v.size() * 4);
  std::memcpy(bytes.data(), v.data(), bytes.size());
  t.data = std::span<const uint8_t>(bytes.data(), bytes.size());
  t.shape = std::move(shape);
  if (bytes.empty()) t.data = std::span<const uint8_t>();  // scalar-free: empty stays non-const
}

// TFLite StridedSlice on a 1-D tensor (the only rank the shape chains use).
std::vector<int32_t> strided_slice_1d(const Graph& g, const Operator& op, const std::vector<int32_t>& x, int32_t b,
                                      int32_t e, int32_t s) {
  const int32_t n = static_cast<int32_t>(x.size());
  if (s == 0) fail(g, op, "stride 0");
  const Options& o = op.opt;
  if (o.ellipsis_mask || o.new_axis_mask) fail(g, op, "ellipsis/new-axis masks are not supported");
  auto clampi = [](int32_t v, int32_t lo, int32_t hi) { return v < lo ? lo : (v > hi ? hi : v); };
  int32_t begin, end;
  if (o.begin_mask & 1)
    begin = s > 0 ? 0 : n - 1;
  else {
    begin = b < 0 ? b + n : b;
    begin = s > 0 ? clampi(begin, 0, n) : clampi(begin, -1, n - 1);
  }
  const bool shrink = o.shrink_axis_mask & 1;
  if (shrink) {
    end = begin + 1;
    s = 1;
  } else if (o.end_mask & 1) {
    end = s > 0 ? n : -1;
  } else if (o.offset) {
    end = begin + e;
  } else {
    end = e < 0 ? e + n : e;
    end = s > 0 ? clampi(end, 0, n) : clampi(end, -1, n - 1);
  }
  std::vector<int32_t> out;
  for (int32_t i = begin; s > 0 ? i < end : i > end; i += s) {
    if (i < 0 || i >= n) fail(g, op, "slice index out of range");
    out.push_back(x[static_cast<size_t>(i)]);
  }
  return out;
}

}  // namespace

FoldResult fold_static_ops(Graph& g) {
  FoldResult r;
  r.folded_op.assign(g.ops.size(), false);
  for (size_t k = 0; k < g.ops.size(); ++k) {
    const Operator& op = g.ops[k];
    auto input = [&](size_t i) -> Tensor& {
      if (i >= op.inputs.size() || op.inputs[i] < 0) fail(g, op, "input " + std::to_string(i) + " is missing");
      return g.tensors.at(static_cast<size_t>(op.inputs[i]));
    };
    if (op.outputs.size() != 1 || op.outputs[0] < 0) continue;
    Tensor& out = g.tensors.at(static_cast<size_t>(op.outputs[0]));
    auto all_inputs_const = [&] {
      for (int32_t i : op.inputs)
        if (i >= 0 && !g.tensors.at(static_cast<size_t>(i)).is_const()) return false;
      return true;
    };
    switch (op.builtin) {
      case kOpShape: {
        // Depends only on the input's static shape.
        const Tensor& x = input(0);
        if (out.type != TType::kInt32) fail(g, op, "only INT32 shape output is supported");
        set_const(r, out, x.shape, {static_cast<int32_t>(x.shape.size())});
        break;
      }
      case kOpStridedSlice: {
        if (!all_inputs_const()) continue;
        const Tensor& x = input(0);
        if (x.shape.size() != 1) continue;  // a real data slice, not a shape computation
        auto v = as_i32(g, op, x), b = as_i32(g, op, input(1)), e = as_i32(g, op, input(2)),
             s = as_i32(g, op, input(3));
        if (b.size() != 1 || e.size() != 1 || s.size() != 1) fail(g, op, "begin/end/strides must have 1 element");
        auto res = strided_slice_1d(g, op, v, b[0], e[0], s[0]);
        std::vector<int32_t> shape;
        if (!(op.opt.shrink_axis_mask & 1)) shape.push_back(static_cast<int32_t>(res.size()));
        set_const(r, out, res, shape);
        break;
      }
      case kOpPack: {
        if (!all_inputs_const()) continue;
        std::vector<int32_t> res;
        std::vector<int32_t> elem_shape;
        for (size_t i = 0; i < op.inputs.size(); ++i) {
          const Tensor& t = input(i);
          if (i == 0) elem_shape = t.shape;
          if (t.shape != elem_shape) fail(g, op, "packed inputs have different shapes");
          auto v = as_i32(g, op, t);
          res.insert(res.end(), v.begin(), v.end());
        }
        if (op.opt.axis != 0 && !elem_shape.empty()) fail(g, op, "static PACK only supported along axis 0");
        std::vector<int32_t> shape{static_cast<int32_t>(op.inputs.size())};
        shape.insert(shape.end(), elem_shape.begin(), elem_shape.end());
        set_const(r, out, res, shape);
        break;
      }
      case kOpReshape: {
        // Reshape of a constant: same bytes, new shape. Reshapes of
        // activations are lowered (as buffer aliases), not folded.
        const Tensor& x = input(0);
        if (!x.is_const()) continue;
        out.data = x.data;
        break;
      }
      default:
        continue;
    }
    r.folded_op[k] = true;
  }
  return r;
}

}  // namespace hb::model
