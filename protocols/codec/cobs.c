#include "codec/cobs.h"

void hbp_cobs_enc_begin(hbp_cobs_enc* e, uint8_t* dst, size_t cap) {
  e->dst = dst;
  e->cap = dst ? cap : 0;
  e->code_pos = 0;
  e->pos = 1; /* the first code byte is reserved and patched later */
  e->code = 1;
  e->err = e->cap < 1;
}

/* Patches the current code byte and reserves the next one. */
static void enc_close_block(hbp_cobs_enc* e) {
  e->dst[e->code_pos] = e->code;
  e->code_pos = e->pos;
  e->pos++;
  e->code = 1;
}

void hbp_cobs_enc_put(hbp_cobs_enc* e, const uint8_t* src, size_t n) {
  for (size_t i = 0; i < n && !e->err; ++i) {
    /* Worst case this byte needs a new code byte plus itself. */
    if (e->pos + 1 > e->cap || (e->code == 0xFF && e->pos + 2 > e->cap)) {
      e->err = 1;
      break;
    }
    /* A full run is closed lazily, so a frame that ends exactly on a full
     * run gets no extra code byte (canonical COBS). */
    if (e->code == 0xFF) enc_close_block(e);
    if (src[i] == 0) {
      enc_close_block(e);
    } else {
      e->dst[e->pos++] = src[i];
      e->code++;
    }
  }
}

hbp_status hbp_cobs_enc_end(hbp_cobs_enc* e, size_t* out_len) {
  if (e->err) return HBP_ERR_NOSPACE;
  e->dst[e->code_pos] = e->code;
  if (out_len) *out_len = e->pos;
  return HBP_OK;
}

hbp_status hbp_cobs_encode(const uint8_t* src, size_t n, uint8_t* dst, size_t cap, size_t* out_len) {
  if ((!src && n) || !dst || !out_len) return HBP_ERR_ARG;
  hbp_cobs_enc e;
  hbp_cobs_enc_begin(&e, dst, cap);
  hbp_cobs_enc_put(&e, src, n);
  return hbp_cobs_enc_end(&e, out_len);
}

hbp_status hbp_cobs_decode(const uint8_t* src, size_t n, uint8_t* dst, size_t cap, size_t* out_len) {
  if (!src || (!dst && cap) || !out_len) return HBP_ERR_ARG;
  if (n == 0) return HBP_ERR_COBS;
  size_t in = 0, out = 0;
  while (in < n) {
    uint8_t code = src[in++];
    if (code == 0) return HBP_ERR_COBS;
    size_t run = (size_t)code - 1u;
    if (run > n - in) return HBP_ERR_COBS;
    if (run > cap - out) return HBP_ERR_NOSPACE;
    for (size_t k = 0; k < run; ++k) {
      if (src[in + k] == 0) return HBP_ERR_COBS;
      dst[out + k] = src[in + k];
    }
    in += run;
    out += run;
    /* Every block but a full one implies a zero, except at the very end
     * where the zero is the frame's own (removed) terminator. */
    if (code != 0xFF && in < n) {
      if (out >= cap) return HBP_ERR_NOSPACE;
      dst[out++] = 0;
    }
  }
  *out_len = out;
  return HBP_OK;
}

void hbp_cobs_dec_init(hbp_cobs_dec* d, uint8_t* buf, size_t cap) {
  d->buf = buf;
  d->cap = buf ? cap : 0;
  hbp_cobs_dec_reset(d);
}

void hbp_cobs_dec_reset(hbp_cobs_dec* d) {
  d->len = 0;
  d->remaining = 0;
  d->zero_due = 0;
  d->in_frame = 0;
  d->error = 0;
  d->done = 0;
}

static void dec_append(hbp_cobs_dec* d, uint8_t b) {
  if (d->len >= d->cap) {
    d->error = (int8_t)HBP_ERR_TOO_LONG;
    return;
  }
  d->buf[d->len++] = b;
}

int hbp_cobs_dec_push(hbp_cobs_dec* d, uint8_t byte) {
  if (d->done) hbp_cobs_dec_reset(d);
  if (byte == 0) {
    int result;
    if (d->error) {
      result = d->error;
    } else if (!d->in_frame) {
      result = HBP_COBS_MORE; /* back-to-back delimiters: nothing to report */
    } else if (d->remaining) {
      result = HBP_ERR_COBS; /* block cut short by the delimiter */
    } else if (d->len == 0) {
      result = HBP_COBS_MORE; /* encoded empty frame: nothing to report */
    } else {
      d->done = 1; /* keep buf/len for the caller until the next push */
      d->in_frame = 0;
      return HBP_COBS_FRAME;
    }
    hbp_cobs_dec_reset(d);
    return result;
  }
  if (d->error) return HBP_COBS_MORE; /* discard until the next delimiter */
  if (d->remaining == 0) {
    /* Code byte: the zero owed by the previous block lands only now, because
     * the last block's zero is the terminator and must be dropped. */
    if (d->zero_due) dec_append(d, 0);
    d->remaining = (uint8_t)(byte - 1u);
    d->zero_due = byte != 0xFF;
    d->in_frame = 1;
  } else {
    dec_append(d, byte);
    d->remaining--;
  }
  return HBP_COBS_MORE;
}
