/* Outgoing messages: the send window, the outbox behind it, ERROR and LOG. */
#include <string.h>

#include "app/app_internal.h"

void hb_text_init(hb_text* t) {
  t->n = 0;
  t->s[0] = '\0';
}

void hb_text_str(hb_text* t, const char* s) {
  while (*s && t->n < HBP_TEXT_MAX) t->s[t->n++] = *s++;
  t->s[t->n] = '\0';
}

void hb_text_u32(hb_text* t, uint32_t v) {
  char digits[10];
  size_t k = 0;
  do {
    digits[k++] = (char)('0' + v % 10u);
    v /= 10u;
  } while (v);
  while (k && t->n < HBP_TEXT_MAX) t->s[t->n++] = digits[--k];
  t->s[t->n] = '\0';
}

void hb_copy_str(char* dst, const char* s, size_t max) {
  size_t n = 0;
  if (s)
    while (n < max && s[n]) {
      dst[n] = s[n];
      ++n;
    }
  dst[n] = '\0';
}

static int window_free(const hb_app* a) { return hbp_tx_space(&a->link.tx) > 0; }

/* Queues a reply behind earlier ones. A full outbox drops the reply (counted
 * and reported once there is room again): bounded RAM beats blocking the
 * main loop, which must keep reading ACKs to make room at all. */
static void enqueue(hb_app* a, uint8_t type, const uint8_t* payload, size_t len) {
  if (a->outbox_len + 3u + len > sizeof a->outbox) {
    a->outbox_dropped++;
    return;
  }
  uint8_t* p = a->outbox + a->outbox_len;
  p[0] = type;
  p[1] = (uint8_t)len;
  p[2] = (uint8_t)(len >> 8);
  if (len) memcpy(p + 3, payload, len);
  a->outbox_len += (uint32_t)(3u + len);
}

void hb_app_send(hb_app* a, uint8_t type, const uint8_t* payload, size_t len) {
  if (!a->session_open) {
    (void)hbp_link_send_unseq(&a->link, type, payload, len);
    return;
  }
  if (a->outbox_len == 0 && window_free(a)) {
    (void)hbp_link_send(&a->link, type, payload, len, hb_port_now_ms());
    return;
  }
  enqueue(a, type, payload, len);
}

int hb_app_out_flush(hb_app* a) {
  int sent = 0;
  while (a->outbox_len && window_free(a)) {
    const uint8_t* p = a->outbox;
    size_t len = (size_t)p[1] | ((size_t)p[2] << 8);
    (void)hbp_link_send(&a->link, p[0], p + 3, len, hb_port_now_ms());
    a->outbox_len -= (uint32_t)(3u + len);
    memmove(a->outbox, a->outbox + 3u + len, a->outbox_len);
    sent = 1;
  }
  if (a->outbox_dropped && a->outbox_len == 0 && window_free(a)) {
    hb_text t;
    hb_text_init(&t);
    hb_text_str(&t, "outbox full: dropped ");
    hb_text_u32(&t, a->outbox_dropped);
    hb_text_str(&t, " replies");
    a->outbox_dropped = 0;
    hb_app_log(a, HBP_LOG_WARN, t.s);
    sent = 1;
  }
  return sent;
}

void hb_app_out_clear(hb_app* a) {
  a->outbox_len = 0;
  a->outbox_dropped = 0;
}

void hb_app_error(hb_app* a, uint16_t code, const hbp_rx_msg* ref, const char* text) {
  hbp_error e;
  memset(&e, 0, sizeof e);
  e.code = code;
  if (ref) {
    e.ref_seq = ref->seq;
    e.ref_type = ref->type;
  }
  hb_copy_str(e.text, text, HBP_TEXT_MAX);
  size_t n = 0;
  if (hbp_error_encode(&e, a->payload, sizeof a->payload, &n) == HBP_OK) hb_app_send(a, HBP_MSG_ERROR, a->payload, n);
}

void hb_app_log(hb_app* a, uint8_t level, const char* text) {
  hbp_log l;
  l.level = level;
  hb_copy_str(l.text, text, HBP_TEXT_MAX);
  size_t n = 0;
  if (hbp_log_encode(&l, a->payload, sizeof a->payload, &n) == HBP_OK) hb_app_send(a, HBP_MSG_LOG, a->payload, n);
}
