// Crafted model plans for the validator tests and the fuzz targets: a real
// plan (one of the generated test models, imported) whose fields a test
// changes, with the header CRC recomputed so the change reaches the checks
// behind the CRC.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>

#include "common/aligned_bytes.h"
#include "model/importer.h"
#include "model/test_models.h"

extern "C" {
#include "nn/engine.h"
}

namespace hb::test {

struct CraftedPlan {
  AlignedBytes blob;

  hb_plan_header& hdr() { return *reinterpret_cast<hb_plan_header*>(blob.data()); }
  hb_tensor* tensors() { return reinterpret_cast<hb_tensor*>(blob.data() + hdr().tensors_off); }
  hb_op* ops() { return reinterpret_cast<hb_op*>(blob.data() + hdr().ops_off); }
  hb_op& op(uint32_t i) { return ops()[i]; }
  hb_tensor& tensor(uint32_t i) { return tensors()[i]; }
  // Index of the first op of a kind (-1 if none).
  int find(hb_op_kind kind) {
    for (uint32_t i = 0; i < hdr().n_ops; ++i)
      if (op(i).kind == kind) return static_cast<int>(i);
    return -1;
  }
  template <class P>
  P& params(uint32_t op_index) {
    return *reinterpret_cast<P*>(blob.data() + op(op_index).params_off);
  }
  int32_t* i32_at(uint32_t off) { return reinterpret_cast<int32_t*>(blob.data() + off); }
  void fix_crc() { hdr().crc32 = hb_plan_crc(blob.data(), hdr().total_bytes); }
  // Fixes the CRC, opens; returns the status and the failing op index.
  hb_status open(uint32_t* bad_op = nullptr) {
    fix_crc();
    return open_as_is(bad_op);
  }
  hb_status open_as_is(uint32_t* bad_op = nullptr) {
    hb_plan p{};
    const hb_status s = hb_plan_open(&p, blob.data(), static_cast<uint32_t>(blob.size()));
    if (bad_op) *bad_op = p.bad_op;
    return s;
  }
};

// The plan of a generated test model (harness/model/test_models.cpp).
inline CraftedPlan crafted_plan(const char* test_model) {
  auto m = hb::model::make_test_model(test_model);
  return CraftedPlan{hb::model::import_graph(m.graph()).blob};
}

}  // namespace hb::test
