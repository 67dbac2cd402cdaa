/* INFER: queue, the timed run, and the RESULT transfer.
 *
 * Timing is free of transfer interference by construction: the timed region
 * contains hb_run and nothing else (the input is copied into the arena before
 * the timer starts, the result is framed after it stops), and the main loop
 * does not run during it, so no byte is parsed, no frame is built and no ACK
 * is sent inside it. Bytes the host sends meanwhile only land in the port's
 * buffer - the pty on sim (HELD_OFF), an RX ring filled by DMA or an ISR on
 * MCUs - and are parsed after the timer stopped. RESULT reports how many
 * arrived during the run (rx_bytes) and whether any were dropped, so the
 * host can see ISR cost or overflow instead of guessing. */
#include <string.h>

#include "app/app_internal.h"

#define KNOWN_INFER_FLAGS (HBP_INFER_PER_OP | HBP_INFER_NO_OUTPUT)

/* Ports that need nothing around the timed region. */
__attribute__((weak)) void hb_port_run_begin(void) {}
__attribute__((weak)) void hb_port_run_end(void) {}

void hb_app_infer_cancel(hb_app* a) {
  a->q_head = 0;
  a->q_count = 0;
  a->result_active = 0;
  for (uint8_t i = 0; i < HB_APP_MAX_SLOTS; ++i) a->slots[i].pending = 0;
}

void hb_app_infer_request(hb_app* a, const hbp_rx_msg* m) {
  hbp_infer req;
  hbp_status st = hbp_infer_decode(m->payload, m->len, &req);
  if (st != HBP_OK) {
    hb_text t;
    hb_text_init(&t);
    hb_text_str(&t, "INFER: ");
    hb_text_str(&t, hbp_status_name(st));
    hb_app_error(a, HBP_EC_MALFORMED, m, t.s);
    return;
  }
  if (a->q_count == HB_APP_INFER_QUEUE) {
    hb_text t;
    hb_text_init(&t);
    hb_text_str(&t, "INFER: queue full (");
    hb_text_u32(&t, HB_APP_INFER_QUEUE);
    hb_text_str(&t, " waiting); wait for a RESULT");
    hb_app_error(a, HBP_EC_STATE, m, t.s);
    return;
  }
  a->queue[(a->q_head + a->q_count) % HB_APP_INFER_QUEUE] = req;
  a->q_count++;
  if (req.slot < a->n_slots) a->slots[req.slot].pending++;
}

/* Per-op probe: two timer reads per op, so with it on the total includes
 * their cost (RESULT says so with HBP_RF_PER_OP). */
static void op_hook(void* user, uint32_t op, int phase) {
  hb_app* a = (hb_app*)user;
  uint64_t now = hb_port_timer_read();
  if (phase == 0) {
    a->op_t0 = now;
  } else if (op < HB_APP_MAX_OPS) {
    uint64_t d = now - a->op_t0;
    a->op_ticks[op] = d > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)d;
  }
}

static uint16_t check_request(const hb_app* a, const hbp_infer* req) {
  if (req->slot >= a->n_slots) return HBP_RS_BAD_SLOT;
  if (req->flags & ~KNOWN_INFER_FLAGS) return HBP_RS_UNSUPPORTED;
  if ((req->flags & HBP_INFER_PER_OP) && a->op_count > HB_APP_MAX_OPS) return HBP_RS_UNSUPPORTED;
  if (!a->model_ok) return HBP_RS_NO_MODEL;
  if (a->slots[req->slot].fill != a->input_bytes) return HBP_RS_SLOT_INCOMPLETE;
  return HBP_RS_OK;
}

static void log_reason(hb_app* a, const char* what, const char* why) {
  hb_text t;
  hb_text_init(&t);
  hb_text_str(&t, what);
  hb_text_str(&t, why);
  hb_app_log(a, HBP_LOG_ERROR, t.s);
}

/* Runs one queued INFER and starts its RESULT. */
static void run_one(hb_app* a) {
  hbp_infer req = a->queue[a->q_head];
  a->q_head = (uint8_t)((a->q_head + 1u) % HB_APP_INFER_QUEUE);
  a->q_count--;
  if (req.slot < a->n_slots && a->slots[req.slot].pending) a->slots[req.slot].pending--;

  hbp_result head;
  memset(&head, 0, sizeof head);
  head.tag = req.tag;
  head.slot = req.slot;
  head.status = check_request(a, &req);
  const uint8_t* output = NULL;
  if (head.status == HBP_RS_NO_MODEL) log_reason(a, "INFER: no model: ", a->problem);

  if (head.status == HBP_RS_OK) {
    const int per_op = (req.flags & HBP_INFER_PER_OP) != 0;
    const hb_plan_header* h = a->plan.hdr;
    memcpy(hb_tensor_data(&a->plan, a->mem->arena, h->input_tensor),
           a->mem->slots + (size_t)req.slot * a->mem->slot_bytes, a->input_bytes);
    uint32_t rx0, drop0, rx1, drop1;
    hb_port_rx_counts(&rx0, &drop0);
    hb_port_run_begin();
    hb_port_timer_start();
    /* ---- timed region: hb_run only ---- */
    uint64_t t0 = hb_port_timer_read();
    hb_status st = hb_run(&a->plan, a->mem->arena, a->mem->arena_bytes, per_op ? op_hook : NULL, a);
    uint64_t t1 = hb_port_timer_read();
    /* ---- end of timed region ---- */
    hb_port_rx_counts(&rx1, &drop1);
    hb_port_run_end();
    /* We were deaf during the run: ACKs for frames in flight are waiting in
     * the port's buffer, so restart their timeouts rather than resend. */
    hbp_tx_rearm(&a->link.tx, hb_port_now_ms());
    head.ticks = t1 - t0;
    head.rx_bytes = rx1 - rx0;
    if (drop1 != drop0) head.flags |= HBP_RF_RX_OVERFLOW;
    if (st != HB_OK) {
      head.status = HBP_RS_ENGINE_ERROR;
      log_reason(a, "INFER: engine error: ", hb_status_str(st));
    } else {
      if (per_op) {
        head.flags |= HBP_RF_PER_OP;
        head.op_count = a->op_count;
      }
      if (!(req.flags & HBP_INFER_NO_OUTPUT)) {
        head.output_bytes = a->output_bytes;
        /* Sent straight from the arena: nothing runs again until every
         * payload has been handed to the link, which keeps its own copy. */
        output = (const uint8_t*)hb_tensor_data(&a->plan, a->mem->arena, h->output_tensor);
      }
    }
  }
  if (hbp_result_tx_init(&a->result, &head, output, a->op_ticks) != HBP_OK) {
    hb_app_log(a, HBP_LOG_ERROR, "INFER: cannot frame the result");
    return;
  }
  a->result_active = 1;
}

/* Hands result payloads to the link while the window has room. Queued
 * replies go first so messages leave in the order they were produced. */
static int push_result(hb_app* a) {
  int sent = 0;
  while (a->result_active && a->outbox_len == 0 && hbp_tx_space(&a->link.tx) > 0) {
    uint8_t type = 0;
    size_t len = 0;
    int r = hbp_result_tx_next(&a->result, a->link.tx.max_payload, a->payload, sizeof a->payload, &type, &len);
    if (r <= 0) {
      if (r < 0) hb_app_log(a, HBP_LOG_ERROR, "RESULT: framing failed");
      a->result_active = 0;
      break;
    }
    (void)hbp_link_send(&a->link, type, a->payload, len, hb_port_now_ms());
    sent = 1;
  }
  /* The last payload went out: the result is complete once tx_next says so. */
  if (a->result_active && a->result.head_sent && a->result.sent == a->result.body_bytes) a->result_active = 0;
  return sent;
}

int hb_app_infer_step(hb_app* a) {
  int did = push_result(a);
  if (!a->result_active && a->q_count) {
    run_one(a);
    push_result(a);
    did = 1;
  }
  return did;
}
