/* COPY: moves a tensor's bytes unchanged (a reshape that could not alias). */
#include <string.h>

#include "nn/kernel_api.h"

hb_status hb_k_copy(const hb_ctx* c) {
  const hb_tensor *in = hb_in_t(c, 0), *out = hb_out_t(c);
  if (in->bytes != out->bytes) return HB_E_PARAMS;
  memmove(hb_out(c), hb_in(c, 0), out->bytes);
  return HB_OK;
}
