#include "eltwise_bcast.h"

hb_status hb_bcast4_check(const hb_bcast4* bc, uint32_t n1, uint32_t n2, uint32_t nout) {
  uint64_t total = 1, last1 = 0, last2 = 0;
  for (int d = 0; d < 4; ++d) {
    if (bc->out_dims[d] <= 0 || bc->in1_strides[d] < 0 || bc->in2_strides[d] < 0) return HB_E_PARAMS;
    total *= (uint64_t)bc->out_dims[d];
    last1 += (uint64_t)(bc->out_dims[d] - 1) * (uint64_t)bc->in1_strides[d];
    last2 += (uint64_t)(bc->out_dims[d] - 1) * (uint64_t)bc->in2_strides[d];
  }
  if (total != nout || last1 >= n1 || last2 >= n2) return HB_E_PARAMS;
  return HB_OK;
}

hb_status hb_bcast4_check_op(const hb_ctx* c, uint32_t params_size) {
  if (c->op->n_in != 2 || c->op->params_bytes != params_size) return HB_E_PARAMS;
  const hb_tensor* a = hb_in_t(c, 0);
  const hb_tensor* b = hb_in_t(c, 1);
  const hb_tensor* o = hb_out_t(c);
  if (a->dtype != HB_DT_INT8 || b->dtype != HB_DT_INT8 || o->dtype != HB_DT_INT8) return HB_E_PARAMS;
  return hb_bcast4_check((const hb_bcast4*)hb_params(c), hb_tensor_elems(a), hb_tensor_elems(b), hb_tensor_elems(o));
}

void hb_bcast4_run(const hb_bcast4* bc, const int8_t* in1, const int8_t* in2, int8_t* out, hb_bcast_row_fn row,
                   const void* params) {
  const int32_t* d = bc->out_dims;
  const int32_t* s1 = bc->in1_strides;
  const int32_t* s2 = bc->in2_strides;
  for (int32_t i0 = 0; i0 < d[0]; ++i0) {
    for (int32_t i1 = 0; i1 < d[1]; ++i1) {
      for (int32_t i2 = 0; i2 < d[2]; ++i2) {
        const int8_t* a = in1 + i0 * s1[0] + i1 * s1[1] + i2 * s1[2];
        const int8_t* b = in2 + i0 * s2[0] + i1 * s2[1] + i2 * s2[2];
        row(params, a, s1[3], b, s2[3], out, d[3]);
        out += d[3];
      }
    }
  }
}

int hb_bcast4_init(hb_bcast4* bc, int32_t out_shape4[4], const int32_t* shape1, int rank1, const int32_t* shape2,
                   int rank2) {
  if (rank1 < 0 || rank1 > 4 || rank2 < 0 || rank2 > 4) return -1;
  int32_t e1[4], e2[4], out[4], s1[4], s2[4];
  for (int d = 0; d < 4; ++d) {
    e1[d] = d < 4 - rank1 ? 1 : shape1[d - (4 - rank1)];
    e2[d] = d < 4 - rank2 ? 1 : shape2[d - (4 - rank2)];
    if (e1[d] <= 0 || e2[d] <= 0 || (e1[d] != e2[d] && e1[d] != 1 && e2[d] != 1)) return -1;
    out[d] = e1[d] > e2[d] ? e1[d] : e2[d];
    out_shape4[d] = out[d];
  }
  /* Row-major strides of each input; 0 where it is broadcast. */
  int32_t n1 = 1, n2 = 1;
  for (int d = 3; d >= 0; --d) {
    s1[d] = e1[d] == out[d] && out[d] != 1 ? n1 : 0;
    s2[d] = e2[d] == out[d] && out[d] != 1 ? n2 : 0;
    n1 *= e1[d];
    n2 *= e2[d];
  }
  /* Merge each dimension into its inner neighbour when both inputs continue
   * contiguously (or stay broadcast) across the boundary; drop extent-1 dims. */
  int32_t md[4], m1[4], m2[4];
  int k = 0; /* merged dims, innermost first */
  for (int d = 3; d >= 0; --d) {
    if (out[d] == 1) continue;
    if (k > 0) {
      const int j = k - 1;
      const int ok1 = (s1[d] == 0 && m1[j] == 0) || (s1[d] != 0 && m1[j] != 0 && s1[d] == m1[j] * md[j]);
      const int ok2 = (s2[d] == 0 && m2[j] == 0) || (s2[d] != 0 && m2[j] != 0 && s2[d] == m2[j] * md[j]);
      if (ok1 && ok2) {
        md[j] *= out[d];
        continue;
      }
    }
    md[k] = out[d];
    m1[k] = s1[d];
    m2[k] = s2[d];
    ++k;
  }
  for (int d = 0; d < 4; ++d) {
    const int j = 3 - d; /* bc dimension d holds merged dim j (innermost last) */
    bc->out_dims[d] = j < k ? md[j] : 1;
    bc->in1_strides[d] = j < k ? m1[j] : 0;
    bc->in2_strides[d] = j < k ? m2[j] : 0;
  }
  return 0;
}
