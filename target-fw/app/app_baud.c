/* SET_BAUD: the host raises the line rate after HELLO (PROTOCOL.md 6).
 *
 * The device answers BAUD at the old rate (unsequenced: an ACK for it could
 * only come back at a rate one side no longer listens on), switches once it
 * has left, and stays on probation: the first valid frame at the new rate
 * confirms it; none within revert_ms and it goes back to the old rate, where
 * the host, having seen no PONG, will be too. */
#include "app/app_internal.h"

/* Ports without a settable rate (TCP, USB-CDC, QEMU UARTs) refuse. */
__attribute__((weak)) int hb_port_set_baud(uint32_t baud) {
  (void)baud;
  return -1;
}

/* The rate the port runs at is the port's business; the app only needs the
 * one to go back to, which SET_BAUD's sender knows and the port reports. */
__attribute__((weak)) uint32_t hb_port_baud(void) { return 0; }

void hb_app_set_baud(hb_app* a, const hbp_rx_msg* m) {
  hbp_set_baud req;
  hbp_status st = hbp_set_baud_decode(m->payload, m->len, &req);
  if (st != HBP_OK) {
    hb_text t;
    hb_text_init(&t);
    hb_text_str(&t, "SET_BAUD: ");
    hb_text_str(&t, hbp_status_name(st));
    hb_app_error(a, HBP_EC_MALFORMED, m, t.s);
    return;
  }
  uint32_t prev = hb_port_baud();
  hbp_baud r = {req.baud, HBP_BAUD_SWITCHING};
  /* A rate the port cannot use, or no rate to go back to: refuse. */
  if (prev == 0 || a->baud_probation) r.status = HBP_BAUD_UNSUPPORTED;
  uint8_t buf[8];
  size_t n = 0;
  if (hbp_baud_encode(&r, buf, sizeof buf, &n) != HBP_OK) return;
  if (r.status == HBP_BAUD_SWITCHING && req.baud == prev) {
    (void)hbp_link_send_unseq(&a->link, HBP_MSG_BAUD, buf, n);
    return; /* already there */
  }
  if (r.status == HBP_BAUD_SWITCHING && hb_port_set_baud(req.baud) != 0) r.status = HBP_BAUD_UNSUPPORTED;
  if (r.status == HBP_BAUD_SWITCHING) {
    /* hb_port_set_baud only checked the rate: say so at the old one first. */
    (void)hb_port_set_baud(prev);
    (void)hbp_baud_encode(&r, buf, sizeof buf, &n);
    (void)hbp_link_send_unseq(&a->link, HBP_MSG_BAUD, buf, n); /* hb_port_write returns once sent */
    (void)hb_port_set_baud(req.baud);
    a->baud_probation = 1;
    a->baud_prev = prev;
    a->baud_since_ms = hb_port_now_ms();
    a->baud_revert_ms = req.revert_ms;
    a->baud_frames_ok = a->link.stats.frames_ok;
    return;
  }
  (void)hbp_baud_encode(&r, buf, sizeof buf, &n);
  (void)hbp_link_send_unseq(&a->link, HBP_MSG_BAUD, buf, n);
}

void hb_app_baud_check(hb_app* a) {
  if (!a->baud_probation) return;
  if (a->link.stats.frames_ok != a->baud_frames_ok) {
    a->baud_probation = 0; /* the host reaches us at the new rate */
    return;
  }
  if ((uint32_t)(hb_port_now_ms() - a->baud_since_ms) >= a->baud_revert_ms) {
    (void)hb_port_set_baud(a->baud_prev);
    a->baud_probation = 0;
  }
}
