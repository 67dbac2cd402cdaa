#include "minimum.h"

static void min_row(const void* params, const int8_t* a, int32_t s1, const int8_t* b, int32_t s2, int8_t* out,
                    int32_t n) {
  (void)params;
  for (int32_t i = 0; i < n; ++i, a += s1, b += s2) out[i] = *a < *b ? *a : *b;
}

hb_status hb_k_minimum(const hb_ctx* c) {
  hb_status s = hb_bcast4_check_op(c, sizeof(hb_minimum_params));
  if (s != HB_OK) return s;
  const hb_minimum_params* p = (const hb_minimum_params*)hb_params(c);
  hb_bcast4_run(&p->bc, (const int8_t*)hb_in(c, 0), (const int8_t*)hb_in(c, 1), (int8_t*)hb_out(c), min_row, p);
  return HB_OK;
}
