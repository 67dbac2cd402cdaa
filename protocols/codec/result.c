#include "codec/result.h"

#include <string.h>

#include "codec/bytes.h"
#include "codec/frame.h"

static uint64_t body_size(uint32_t output_bytes, uint16_t op_count) {
  return (uint64_t)output_bytes + 4u * (uint64_t)op_count;
}

hbp_status hbp_result_tx_init(hbp_result_tx* t, const hbp_result* head, const uint8_t* output,
                              const uint32_t* op_ticks) {
  if (!t || !head || (head->output_bytes && !output) || (head->op_count && !op_ticks)) return HBP_ERR_ARG;
  uint64_t body = body_size(head->output_bytes, head->op_count);
  if (body > 0xFFFFFFFFu) return HBP_ERR_RANGE;
  memset(t, 0, sizeof *t);
  t->head = *head;
  t->head.data = NULL;
  t->head.len = 0;
  t->output = output;
  t->op_ticks = op_ticks;
  t->body_bytes = (uint32_t)body;
  return HBP_OK;
}

/* Copies body[off, off + n) out of the two sources (ops serialised LE). */
static void body_read(const hbp_result_tx* t, uint32_t off, uint8_t* dst, size_t n) {
  for (size_t i = 0; i < n; ++i, ++off) {
    if (off < t->head.output_bytes) {
      dst[i] = t->output[off];
    } else {
      uint32_t k = off - t->head.output_bytes;
      dst[i] = (uint8_t)(t->op_ticks[k / 4u] >> (8u * (k % 4u)));
    }
  }
}

int hbp_result_tx_next(hbp_result_tx* t, size_t max_payload, uint8_t* buf, size_t cap, uint8_t* type, size_t* len) {
  if (!t || !buf || !type || !len) return HBP_ERR_ARG;
  if (t->head_sent && t->sent == t->body_bytes) return 0;
  size_t limit = max_payload < cap ? max_payload : cap;
  if (limit > HBP_PAYLOAD_MAX) limit = HBP_PAYLOAD_MAX;
  size_t fixed = t->head_sent ? HBP_RESULT_CHUNK_FIXED : HBP_RESULT_FIXED;
  if (limit <= fixed) return HBP_ERR_NOSPACE;
  size_t n = t->body_bytes - t->sent;
  if (n > limit - fixed) n = limit - fixed;
  if (!t->head_sent) {
    /* Fixed fields via the message encoder (body-less), body appended in
     * place: no payload-sized temporary on the firmware stack. */
    size_t fl = 0;
    hbp_status st = hbp_result_encode(&t->head, buf, fixed, &fl);
    if (st != HBP_OK) return st;
    *type = HBP_MSG_RESULT;
  } else {
    hbp_put_u32(buf, t->head.tag);
    hbp_put_u32(buf + 4, t->sent);
    *type = HBP_MSG_RESULT_CHUNK;
  }
  body_read(t, t->sent, buf + fixed, n);
  t->head_sent = 1;
  t->sent += (uint32_t)n;
  *len = fixed + n;
  return 1;
}

void hbp_result_rx_init(hbp_result_rx* a, uint8_t* output, uint32_t output_cap, uint32_t* op_ticks, uint16_t ops_cap) {
  memset(a, 0, sizeof *a);
  a->output = output;
  a->output_cap = output ? output_cap : 0;
  a->op_ticks = op_ticks;
  a->ops_cap = op_ticks ? ops_cap : 0;
}

/* Stores body[off, off + n): output bytes, then ops assembled from LE bytes
 * (a tick value may straddle two frames). */
static void body_write(hbp_result_rx* a, uint32_t off, const uint8_t* src, size_t n) {
  for (size_t i = 0; i < n; ++i, ++off) {
    if (off < a->head.output_bytes) {
      a->output[off] = src[i];
    } else {
      uint32_t k = off - a->head.output_bytes;
      uint32_t shift = 8u * (k % 4u);
      uint32_t* v = &a->op_ticks[k / 4u];
      *v = (*v & ~(0xFFu << shift)) | ((uint32_t)src[i] << shift);
    }
  }
}

hbp_status hbp_result_rx_start(hbp_result_rx* a, const hbp_result* r) {
  if (!a || !r || (r->len && !r->data)) return HBP_ERR_ARG;
  a->started = 0;
  uint64_t body = body_size(r->output_bytes, r->op_count);
  if (r->output_bytes > a->output_cap || r->op_count > a->ops_cap) return HBP_ERR_NOSPACE;
  if (r->len > body) return HBP_ERR_TOO_LONG;
  a->head = *r;
  a->head.data = NULL;
  a->head.len = 0;
  a->body_bytes = (uint32_t)body;
  a->received = 0;
  if (r->op_count) memset(a->op_ticks, 0, (size_t)r->op_count * sizeof(uint32_t));
  body_write(a, 0, r->data, r->len);
  a->received = r->len;
  a->started = 1;
  return HBP_OK;
}

hbp_status hbp_result_rx_chunk(hbp_result_rx* a, const hbp_result_chunk* c) {
  if (!a || !c || (c->len && !c->data)) return HBP_ERR_ARG;
  if (!a->started || c->tag != a->head.tag || c->offset != a->received) return HBP_ERR_SEQUENCE;
  if (c->len > a->body_bytes - a->received) return HBP_ERR_TOO_LONG;
  body_write(a, a->received, c->data, c->len);
  a->received += c->len;
  return HBP_OK;
}

int hbp_result_rx_complete(const hbp_result_rx* a) { return a->started && a->received == a->body_bytes; }
