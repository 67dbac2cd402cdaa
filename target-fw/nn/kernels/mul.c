#include "mul.h"

#include "nn/qmath.h"

static void mul_row(const void* params, const int8_t* a, int32_t s1, const int8_t* b, int32_t s2, int8_t* out,
                    int32_t n) {
  const hb_mul_params* p = (const hb_mul_params*)params;
  for (int32_t i = 0; i < n; ++i, a += s1, b += s2) {
    const int32_t prod = (p->in1_offset + *a) * (p->in2_offset + *b);
    const int32_t raw = hb_mul_qm_pos(prod, p->out_multiplier, p->out_shift) + p->out_offset;
    out[i] = (int8_t)hb_clamp_i32(raw, p->act_min, p->act_max);
  }
}

hb_status hb_k_mul(const hb_ctx* c) {
  hb_status s = hb_bcast4_check_op(c, sizeof(hb_mul_params));
  if (s != HB_OK) return s;
  const hb_mul_params* p = (const hb_mul_params*)hb_params(c);
  if (!hb_qm_shift_ok(p->out_shift)) return HB_E_PARAMS;
  hb_bcast4_run(&p->bc, (const int8_t*)hb_in(c, 0), (const int8_t*)hb_in(c, 1), (int8_t*)hb_out(c), mul_row, p);
  return HB_OK;
}
