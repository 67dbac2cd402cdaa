/* Main loop step and message dispatch. */
#include "app/app.h"

#include <string.h>

#include "app/app_internal.h"

hb_app hb_g_app;

static void link_write(void* ctx, const uint8_t* bytes, size_t n) {
  (void)ctx;
  hb_port_write(bytes, n);
}

/* The host is gone (link dead) or has no session with us (it NAKed
 * NOT_SYNCED): drop what belongs to the session and wait for a HELLO. */
static void end_session(hb_app* a) {
  uint16_t first = (uint16_t)(a->link.tx.next_seq + 1u);
  hbp_link_restart_tx(&a->link, first);
  a->tx_syn_seq = first;
  hb_app_out_clear(a);
  hb_app_infer_cancel(a);
  a->session_open = 0;
}

static void startup_log(hb_app* a) {
  const hb_port_info_t* pi = hb_port_info();
  hb_text t;
  hb_text_init(&t);
  hb_text_str(&t, pi->fw_build);
  hb_text_str(&t, " on ");
  hb_text_str(&t, pi->board);
  if (a->model_ok) {
    hb_text_str(&t, ": model ");
    hb_text_str(&t, a->model_name);
    hb_text_str(&t, ", ");
    hb_text_u32(&t, a->op_count);
    hb_text_str(&t, " ops, arena ");
    hb_text_u32(&t, a->plan.hdr->arena_bytes);
    hb_text_str(&t, " of ");
    hb_text_u32(&t, a->mem->arena_bytes);
    hb_text_str(&t, " bytes");
    hb_app_log(a, HBP_LOG_INFO, t.s);
  } else {
    hb_text_str(&t, ": no model: ");
    hb_text_str(&t, a->problem);
    hb_app_log(a, HBP_LOG_ERROR, t.s);
  }
}

void hb_app_init(void) {
  hb_app* a = &hb_g_app;
  memset(a, 0, sizeof *a);
  a->mem = hb_port_mem();
  a->n_slots = a->mem->n_slots < HB_APP_MAX_SLOTS ? a->mem->n_slots : (uint8_t)HB_APP_MAX_SLOTS;
  hb_app_open_model(a);
  (void)hbp_link_init(&a->link, a->tx_slots, HB_APP_TX_SLOTS, HB_APP_RTO_MS, link_write, a);
  /* Start each boot's sequence space somewhere else, so a host that kept its
   * receiver state does not take our first SYN frame for an old one. */
  uint64_t t = hb_port_timer_read();
  a->tx_syn_seq = (uint16_t)(t ^ (t >> 16) ^ (t >> 32) ^ hb_port_now_ms());
  hbp_link_restart_tx(&a->link, a->tx_syn_seq);
  startup_log(a);
}

static void ping(hb_app* a, const hbp_rx_msg* m) {
  hbp_ping p;
  hbp_status st = hbp_ping_decode(m->payload, m->len, &p);
  if (st != HBP_OK) {
    hb_text t;
    hb_text_init(&t);
    hb_text_str(&t, "PING: ");
    hb_text_str(&t, hbp_status_name(st));
    hb_app_error(a, HBP_EC_MALFORMED, m, t.s);
    return;
  }
  hbp_pong r;
  r.token = p.token;
  r.timer_ticks = hb_port_timer_read();
  /* Echo as much as one frame to the host carries (a best-effort frame
   * before HELLO carries less). */
  size_t limit = a->session_open ? a->link.tx.max_payload : HBP_UNSEQ_PAYLOAD_MAX;
  size_t room = limit - HBP_PONG_FIXED;
  r.data = p.data;
  r.len = (uint16_t)(p.len < room ? p.len : room);
  /* p.data points into the link's frame buffer, a->payload is separate. */
  size_t n = 0;
  if (hbp_pong_encode(&r, a->payload, sizeof a->payload, &n) == HBP_OK) hb_app_send(a, HBP_MSG_PONG, a->payload, n);
}

static void reset(hb_app* a, const hbp_rx_msg* m) {
  hbp_reset r;
  hbp_status st = hbp_reset_decode(m->payload, m->len, &r);
  if (st != HBP_OK) {
    hb_text t;
    hb_text_init(&t);
    hb_text_str(&t, "RESET: ");
    hb_text_str(&t, hbp_status_name(st));
    hb_app_error(a, HBP_EC_MALFORMED, m, t.s);
    return;
  }
  if (r.mode == HBP_RESET_REBOOT) {
    /* The link ACKed the RESET before handing it to us. */
    hb_port_reboot();
    hb_app_init();
    hb_g_app.rebooted = 1;
    return;
  }
  hb_app_infer_cancel(a);
  hb_app_slots_clear(a);
}

static void unknown(hb_app* a, const hbp_rx_msg* m) {
  hb_text t;
  hb_text_init(&t);
  hb_text_str(&t, "message type ");
  hb_text_u32(&t, m->type);
  hb_text_str(&t, " (");
  hb_text_str(&t, hbp_msg_name(m->type));
  hb_text_str(&t, ") is not handled by the device");
  hb_app_error(a, HBP_EC_UNKNOWN_TYPE, m, t.s);
}

static void dispatch(hb_app* a, const hbp_rx_msg* m) {
  switch (m->type) {
    case HBP_MSG_HELLO:
      hb_app_hello(a, m);
      return;
    case HBP_MSG_PING:
      ping(a, m);
      return;
    case HBP_MSG_RESET:
      reset(a, m);
      return;
    case HBP_MSG_SET_BAUD:
      hb_app_set_baud(a, m);
      return;
    case HBP_MSG_LOAD:
    case HBP_MSG_INFER:
      if (!a->session_open) {
        hb_app_error(a, HBP_EC_STATE, m, "no session: send HELLO first");
        return;
      }
      if (m->type == HBP_MSG_LOAD)
        hb_app_load(a, m);
      else
        hb_app_infer_request(a, m);
      return;
    default:
      unknown(a, m);
      return;
  }
}

int hb_app_poll(void) {
  hb_app* a = &hb_g_app;
  int did = 0;
  int r = hbp_link_poll(&a->link, hb_port_now_ms());
  if (r < 0) end_session(a);
  if (r != 0) did = 1;
  did |= hb_app_out_flush(a);
  did |= hb_app_infer_step(a);

  size_t n = hb_port_read(a->rx, sizeof a->rx);
  for (size_t i = 0; i < n; ++i) {
    hbp_rx_msg m;
    int ev = hbp_link_input(&a->link, a->rx[i], &m);
    if (ev == HBP_EV_MESSAGE)
      dispatch(a, &m);
    else if (ev == HBP_EV_PEER_UNSYNCED)
      end_session(a);
    if (a->rebooted) { /* a rebooted device has lost what was in its buffers */
      a->rebooted = 0;
      break;
    }
  }
  if (n) did = 1;
  hb_app_baud_check(a);
  if (!did) hb_port_idle();
  return did;
}
