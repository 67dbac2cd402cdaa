#include "add.h"

#include "nn/qmath.h"

static void add_row(const void* params, const int8_t* a, int32_t s1, const int8_t* b, int32_t s2, int8_t* out,
                    int32_t n) {
  const hb_add_params* p = (const hb_add_params*)params;
  for (int32_t i = 0; i < n; ++i, a += s1, b += s2) {
    const int32_t x1 = (int32_t)((uint32_t)(p->in1_offset + *a) << p->left_shift);
    const int32_t x2 = (int32_t)((uint32_t)(p->in2_offset + *b) << p->left_shift);
    const int32_t scaled1 = hb_mul_qm_pos(x1, p->in1_multiplier, p->in1_shift);
    const int32_t scaled2 = hb_mul_qm_pos(x2, p->in2_multiplier, p->in2_shift);
    const int32_t raw = hb_mul_qm_pos(scaled1 + scaled2, p->out_multiplier, p->out_shift) + p->out_offset;
    out[i] = (int8_t)hb_clamp_i32(raw, p->act_min, p->act_max);
  }
}

hb_status hb_k_add(const hb_ctx* c) {
  hb_status s = hb_bcast4_check_op(c, sizeof(hb_add_params));
  if (s != HB_OK) return s;
  const hb_add_params* p = (const hb_add_params*)hb_params(c);
  if (p->left_shift < 0 || p->left_shift > 20 || !hb_qm_shift_ok(p->in1_shift) || !hb_qm_shift_ok(p->in2_shift) ||
      !hb_qm_shift_ok(p->out_shift))
    return HB_E_PARAMS;
  hb_bcast4_run(&p->bc, (const int8_t*)hb_in(c, 0), (const int8_t*)hb_in(c, 1), (int8_t*)hb_out(c), add_row, p);
  return HB_OK;
}
