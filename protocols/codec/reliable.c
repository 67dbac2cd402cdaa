#include "codec/reliable.h"

#include <string.h>

#include "codec/messages.h"

/* ---- sender ------------------------------------------------------------ */

static hbp_tx_slot* slot_at(hbp_tx* tx, uint8_t i) { return &tx->slots[(uint8_t)((tx->head + i) % tx->n_slots)]; }

hbp_status hbp_tx_init(hbp_tx* tx, hbp_tx_slot* slots, uint8_t n_slots, uint32_t rto_ms) {
  if (!tx || !slots || n_slots == 0) return HBP_ERR_ARG;
  memset(tx, 0, sizeof *tx);
  tx->slots = slots;
  tx->n_slots = n_slots > HBP_WINDOW_LIMIT ? (uint8_t)HBP_WINDOW_LIMIT : n_slots;
  tx->window = tx->n_slots;
  tx->max_tries = HBP_TX_DEFAULT_MAX_TRIES;
  tx->max_payload = HBP_PAYLOAD_MIN;
  tx->rto_ms = rto_ms;
  hbp_tx_reset(tx, 0);
  return HBP_OK;
}

void hbp_tx_reset(hbp_tx* tx, uint16_t first_seq) {
  tx->head = 0;
  tx->count = 0;
  tx->next_seq = first_seq;
  tx->syn_due = 1;
}

hbp_status hbp_tx_set_window(hbp_tx* tx, uint8_t window) {
  if (window < 1 || window > tx->n_slots) return HBP_ERR_RANGE;
  tx->window = window;
  return HBP_OK;
}

hbp_status hbp_tx_set_max_payload(hbp_tx* tx, uint16_t max_payload) {
  if (max_payload < HBP_PAYLOAD_MIN || max_payload > HBP_PAYLOAD_MAX) return HBP_ERR_RANGE;
  tx->max_payload = max_payload;
  return HBP_OK;
}

int hbp_tx_space(const hbp_tx* tx) { return tx->count >= tx->window ? 0 : (int)tx->window - (int)tx->count; }

uint16_t hbp_tx_base(const hbp_tx* tx) { return tx->count ? tx->slots[tx->head].seq : tx->next_seq; }

hbp_status hbp_tx_push(hbp_tx* tx, uint8_t type, const uint8_t* payload, size_t len, uint32_t now_ms,
                       const uint8_t** wire, size_t* wire_len) {
  if (!wire || !wire_len || (len && !payload)) return HBP_ERR_ARG;
  if (hbp_tx_space(tx) == 0) return HBP_ERR_WINDOW_FULL;
  if (len > tx->max_payload) return HBP_ERR_TOO_LONG;
  hbp_tx_slot* s = slot_at(tx, tx->count);
  hbp_header h = {HBP_VERSION, type, (uint8_t)(tx->syn_due ? HBP_FLAG_SYN : 0u), tx->next_seq, (uint16_t)len};
  size_t n = 0;
  hbp_status st = hbp_frame_encode(&h, payload, s->wire, sizeof s->wire, &n);
  if (st != HBP_OK) return st;
  s->wire_len = (uint16_t)n;
  s->seq = tx->next_seq;
  s->type = type;
  s->tries = 1;
  s->resend = 0;
  s->sent_ms = now_ms;
  tx->syn_due = 0;
  tx->next_seq++;
  tx->count++;
  *wire = s->wire;
  *wire_len = n;
  return HBP_OK;
}

int hbp_tx_ack(hbp_tx* tx, uint16_t next) {
  uint16_t acked = (uint16_t)(next - hbp_tx_base(tx));
  if (acked == 0 || acked > tx->count) return 0; /* nothing new, or not ours */
  tx->head = (uint8_t)((tx->head + acked) % tx->n_slots);
  tx->count = (uint8_t)(tx->count - acked);
  return acked;
}

int hbp_tx_nak(hbp_tx* tx, uint16_t next) {
  uint16_t gap_at = (uint16_t)(next - hbp_tx_base(tx));
  if (gap_at > tx->count) return 0; /* names a frame we never sent */
  hbp_tx_ack(tx, next);
  for (uint8_t i = 0; i < tx->count; ++i) slot_at(tx, i)->resend = 1;
  return tx->count;
}

int hbp_tx_poll(hbp_tx* tx, uint32_t now_ms, const uint8_t** wire, size_t* wire_len) {
  if (!wire || !wire_len) return HBP_ERR_ARG;
  if (tx->count == 0) return 0;
  uint8_t i = 0;
  while (i < tx->count && !slot_at(tx, i)->resend) ++i;
  if (i == tx->count) {
    /* Nothing scheduled: check the oldest frame's timer (it is also the one
     * sent longest ago, as frames go out and are resent in seq order). */
    if ((uint32_t)(now_ms - tx->slots[tx->head].sent_ms) < tx->rto_ms) return 0;
    for (uint8_t k = 0; k < tx->count; ++k) slot_at(tx, k)->resend = 1;
    i = 0;
  }
  hbp_tx_slot* s = slot_at(tx, i);
  if (s->tries >= tx->max_tries) return HBP_ERR_LINK_DEAD;
  s->resend = 0;
  s->tries++;
  s->sent_ms = now_ms;
  tx->retransmits++;
  *wire = s->wire;
  *wire_len = s->wire_len;
  return 1;
}

void hbp_tx_rearm(hbp_tx* tx, uint32_t now_ms) {
  for (uint8_t i = 0; i < tx->count; ++i) slot_at(tx, i)->sent_ms = now_ms;
}

/* ---- receiver ---------------------------------------------------------- */

void hbp_rx_init(hbp_rx* rx) { memset(rx, 0, sizeof *rx); }

static void set_reply(hbp_rx_reply* r, uint8_t type, uint16_t next, uint8_t reason) {
  r->reply = type;
  r->next = next;
  r->reason = reason;
}

/* (next - seq) in [1, 2^15]: the frame was already delivered. */
static int is_behind(uint16_t next, uint16_t seq) {
  uint16_t d = (uint16_t)(next - seq);
  return d >= 1 && d <= 0x8000u;
}

int hbp_rx_frame(hbp_rx* rx, const hbp_header* h, hbp_rx_reply* reply) {
  set_reply(reply, 0, 0, 0);
  if ((h->flags & HBP_FLAG_UNSEQ) || h->type == HBP_MSG_ACK || h->type == HBP_MSG_NAK) return HBP_RX_UNSEQ;
  if (h->flags & HBP_FLAG_SYN) {
    /* A resent SYN frame of the current session is a duplicate; any other SYN
     * opens a new session (the peer restarted), whatever seq we expected. */
    if (rx->synced && h->seq == rx->syn_seq && is_behind(rx->next, h->seq)) {
      set_reply(reply, HBP_MSG_ACK, rx->next, 0);
      return HBP_RX_DUPLICATE;
    }
    rx->synced = 1;
    rx->syn_seq = h->seq;
    rx->next = (uint16_t)(h->seq + 1u);
    rx->nak_sent = 0;
    set_reply(reply, HBP_MSG_ACK, rx->next, 0);
    return HBP_RX_DELIVER;
  }
  if (!rx->synced) {
    /* Not rate limited: the peer needs to hear it to open a session, and it
     * only resends at its timeout. */
    set_reply(reply, HBP_MSG_NAK, 0, HBP_NAK_NOT_SYNCED);
    return HBP_RX_NOT_SYNCED;
  }
  if (h->seq == rx->next) {
    rx->next++;
    rx->nak_sent = 0;
    set_reply(reply, HBP_MSG_ACK, rx->next, 0);
    return HBP_RX_DELIVER;
  }
  if (is_behind(rx->next, h->seq)) {
    set_reply(reply, HBP_MSG_ACK, rx->next, 0); /* our ACK was lost: repeat it */
    return HBP_RX_DUPLICATE;
  }
  /* Ahead of `next`: one NAK per gap, since the sender answers a NAK by
   * resending everything from `next` anyway. */
  if (!rx->nak_sent) {
    rx->nak_sent = 1;
    set_reply(reply, HBP_MSG_NAK, rx->next, HBP_NAK_GAP);
  }
  return HBP_RX_GAP;
}

int hbp_rx_corrupt(hbp_rx* rx, hbp_rx_reply* reply) {
  set_reply(reply, 0, 0, 0);
  if (rx->synced && !rx->nak_sent) {
    rx->nak_sent = 1;
    set_reply(reply, HBP_MSG_NAK, rx->next, HBP_NAK_CORRUPT);
  }
  return HBP_RX_CORRUPT;
}
