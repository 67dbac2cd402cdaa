#include "codec/link.h"

#include <string.h>

#include "codec/messages.h"

hbp_status hbp_link_init(hbp_link* l, hbp_tx_slot* slots, uint8_t n_slots, uint32_t rto_ms, hbp_write_fn write,
                         void* ctx) {
  if (!l || !write) return HBP_ERR_ARG;
  memset(l, 0, sizeof *l);
  hbp_status st = hbp_tx_init(&l->tx, slots, n_slots, rto_ms);
  if (st != HBP_OK) return st;
  hbp_rx_init(&l->rx);
  hbp_cobs_dec_init(&l->dec, l->frame, sizeof l->frame);
  l->write = write;
  l->write_ctx = ctx;
  return HBP_OK;
}

static void send_control(hbp_link* l, const hbp_rx_reply* r) {
  uint8_t payload[3];
  size_t n = 0;
  if (r->reply == HBP_MSG_ACK) {
    hbp_ack a = {r->next};
    if (hbp_ack_encode(&a, payload, sizeof payload, &n) != HBP_OK) return;
    l->stats.acks_sent++;
  } else if (r->reply == HBP_MSG_NAK) {
    hbp_nak k = {r->next, r->reason};
    if (hbp_nak_encode(&k, payload, sizeof payload, &n) != HBP_OK) return;
    l->stats.naks_sent++;
  } else {
    return;
  }
  hbp_header h = {HBP_VERSION, r->reply, HBP_FLAG_UNSEQ, 0, (uint16_t)n};
  size_t wn = 0;
  if (hbp_frame_encode(&h, payload, l->scratch, sizeof l->scratch, &wn) == HBP_OK)
    l->write(l->write_ctx, l->scratch, wn);
}

static void note_corrupt(hbp_link* l) {
  hbp_rx_reply r;
  l->stats.corrupt++;
  hbp_rx_corrupt(&l->rx, &r);
  send_control(l, &r);
}

/* ACK/NAK from the peer drive our sender. */
static int handle_control(hbp_link* l, const hbp_header* h, const uint8_t* payload, hbp_rx_msg* msg) {
  if (h->type == HBP_MSG_ACK) {
    hbp_ack a;
    if (hbp_ack_decode(payload, h->len, &a) != HBP_OK) return HBP_EV_NONE;
    l->stats.acks_received++;
    hbp_tx_ack(&l->tx, a.next);
    return HBP_EV_NONE;
  }
  hbp_nak k;
  if (hbp_nak_decode(payload, h->len, &k) != HBP_OK) return HBP_EV_NONE;
  l->stats.naks_received++;
  if (k.reason == HBP_NAK_NOT_SYNCED) return HBP_EV_PEER_UNSYNCED;
  if (k.reason == HBP_NAK_VERSION) {
    msg->version = h->version;
    return HBP_EV_VERSION;
  }
  hbp_tx_nak(&l->tx, k.next);
  return HBP_EV_NONE;
}

int hbp_link_input(hbp_link* l, uint8_t byte, hbp_rx_msg* msg) {
  int c = hbp_cobs_dec_push(&l->dec, byte);
  if (c == HBP_COBS_MORE) return HBP_EV_NONE;
  if (c < 0) {
    note_corrupt(l);
    return HBP_EV_NONE;
  }
  hbp_header h;
  const uint8_t* payload = NULL;
  hbp_status st = hbp_frame_parse(l->dec.buf, l->dec.len, &h, &payload);
  memset(msg, 0, sizeof *msg);
  if (st == HBP_ERR_VERSION) {
    l->stats.version_errors++;
    msg->version = h.version;
    msg->type = h.type;
    msg->flags = h.flags;
    /* Tell the peer our version, but never answer an unsequenced frame: two
     * endpoints of different versions would NAK each other forever. */
    if (!(h.flags & HBP_FLAG_UNSEQ)) {
      hbp_rx_reply r = {HBP_MSG_NAK, HBP_NAK_VERSION, l->rx.next};
      send_control(l, &r);
    }
    return HBP_EV_VERSION;
  }
  if (st != HBP_OK) {
    note_corrupt(l);
    return HBP_EV_NONE;
  }
  l->stats.frames_ok++;
  hbp_rx_reply r;
  int verdict = hbp_rx_frame(&l->rx, &h, &r);
  send_control(l, &r);
  msg->type = h.type;
  msg->flags = h.flags;
  msg->seq = h.seq;
  msg->version = h.version;
  msg->payload = payload;
  msg->len = h.len;
  switch (verdict) {
    case HBP_RX_DELIVER:
      l->stats.delivered++;
      return HBP_EV_MESSAGE;
    case HBP_RX_UNSEQ:
      if (h.type == HBP_MSG_ACK || h.type == HBP_MSG_NAK) return handle_control(l, &h, payload, msg);
      l->stats.delivered++;
      return HBP_EV_MESSAGE;
    case HBP_RX_DUPLICATE:
      l->stats.duplicates++;
      break;
    case HBP_RX_GAP:
      l->stats.gaps++;
      break;
    case HBP_RX_NOT_SYNCED:
      l->stats.not_synced++;
      break;
    default:
      break;
  }
  memset(msg, 0, sizeof *msg);
  return HBP_EV_NONE;
}

hbp_status hbp_link_send(hbp_link* l, uint8_t type, const uint8_t* payload, size_t len, uint32_t now_ms) {
  const uint8_t* wire = NULL;
  size_t n = 0;
  hbp_status st = hbp_tx_push(&l->tx, type, payload, len, now_ms, &wire, &n);
  if (st == HBP_OK) l->write(l->write_ctx, wire, n);
  return st;
}

hbp_status hbp_link_send_unseq(hbp_link* l, uint8_t type, const uint8_t* payload, size_t len) {
  if (len > HBP_UNSEQ_PAYLOAD_MAX || len > l->tx.max_payload) return HBP_ERR_TOO_LONG;
  hbp_header h = {HBP_VERSION, type, HBP_FLAG_UNSEQ, 0, (uint16_t)len};
  size_t n = 0;
  hbp_status st = hbp_frame_encode(&h, payload, l->scratch, sizeof l->scratch, &n);
  if (st == HBP_OK) l->write(l->write_ctx, l->scratch, n);
  return st;
}

int hbp_link_poll(hbp_link* l, uint32_t now_ms) {
  int sent = 0;
  for (;;) {
    const uint8_t* wire = NULL;
    size_t n = 0;
    int r = hbp_tx_poll(&l->tx, now_ms, &wire, &n);
    if (r < 0) return r;
    if (r == 0) return sent;
    l->write(l->write_ctx, wire, n);
    ++sent;
  }
}

void hbp_link_restart_tx(hbp_link* l, uint16_t first_seq) { hbp_tx_reset(&l->tx, first_seq); }

void hbp_link_restart_rx(hbp_link* l) {
  hbp_rx_init(&l->rx);
  hbp_cobs_dec_reset(&l->dec);
}
