/* Input slots: LOAD writes an input tensor into a slot in chunks; INFER
 * copies a complete slot into the arena. Two or more slots let the host load
 * the next input while the device runs the current one. */
#include <string.h>

#include "app/app_internal.h"

void hb_app_slots_clear(hb_app* a) {
  for (uint8_t i = 0; i < HB_APP_MAX_SLOTS; ++i) {
    a->slots[i].fill = 0;
    a->slots[i].pending = 0;
  }
}

static void load_error(hb_app* a, uint16_t code, const hbp_rx_msg* m, const char* what, uint32_t x, const char* mid,
                       uint32_t y) {
  hb_text t;
  hb_text_init(&t);
  hb_text_str(&t, "LOAD: ");
  hb_text_str(&t, what);
  hb_text_u32(&t, x);
  hb_text_str(&t, mid);
  hb_text_u32(&t, y);
  hb_app_error(a, code, m, t.s);
}

void hb_app_load(hb_app* a, const hbp_rx_msg* m) {
  hbp_load l;
  hbp_status st = hbp_load_decode(m->payload, m->len, &l);
  if (st != HBP_OK) {
    hb_text t;
    hb_text_init(&t);
    hb_text_str(&t, "LOAD: ");
    hb_text_str(&t, hbp_status_name(st));
    hb_app_error(a, HBP_EC_MALFORMED, m, t.s);
    return;
  }
  if (l.slot >= a->n_slots) {
    load_error(a, HBP_EC_BAD_SLOT, m, "slot ", l.slot, " >= n_slots ", a->n_slots);
    return;
  }
  hb_app_slot* s = &a->slots[l.slot];
  /* The INFER copies the slot when it runs, so a LOAD before then would
   * change the input it was sent for. */
  if (s->pending) {
    load_error(a, HBP_EC_STATE, m, "slot ", l.slot, " busy: INFERs queued ", s->pending);
    return;
  }
  /* Offset 0 starts the slot over; any other offset must continue exactly
   * where the slot's data ends, so a lost or repeated chunk cannot go
   * unnoticed. Without a model the slot's capacity bounds the data, and the
   * INFER answers NO_MODEL. */
  uint32_t cap = a->model_ok ? a->input_bytes : a->mem->slot_bytes;
  if (l.offset != 0 && l.offset != s->fill) {
    load_error(a, HBP_EC_BAD_OFFSET, m, "offset ", l.offset, " is neither 0 nor the slot's fill level ", s->fill);
    return;
  }
  if (l.offset > cap || l.len > cap - l.offset) {
    load_error(a, HBP_EC_BAD_OFFSET, m, "data ends at ", l.offset + l.len, " past the input tensor bytes ", cap);
    return;
  }
  memcpy(a->mem->slots + (size_t)l.slot * a->mem->slot_bytes + l.offset, l.data, l.len);
  s->fill = l.offset + l.len;
}
