#include "codec/bytes.h"

#include <string.h>

void hbp_writer_init(hbp_writer* w, uint8_t* buf, size_t cap) {
  w->buf = buf;
  w->cap = buf ? cap : 0;
  w->len = 0;
  w->err = 0;
}

/* Reserves n bytes; NULL (and err set) if they do not fit. */
static uint8_t* w_reserve(hbp_writer* w, size_t n) {
  if (w->err || n > w->cap - w->len) {
    w->err = 1;
    return NULL;
  }
  uint8_t* p = w->buf + w->len;
  w->len += n;
  return p;
}

void hbp_w_u8(hbp_writer* w, uint8_t v) {
  uint8_t* p = w_reserve(w, 1);
  if (p) p[0] = v;
}

void hbp_w_u16(hbp_writer* w, uint16_t v) {
  uint8_t* p = w_reserve(w, 2);
  if (p) hbp_put_u16(p, v);
}

void hbp_w_u32(hbp_writer* w, uint32_t v) {
  uint8_t* p = w_reserve(w, 4);
  if (p) hbp_put_u32(p, v);
}

void hbp_w_u64(hbp_writer* w, uint64_t v) {
  uint8_t* p = w_reserve(w, 8);
  if (p) {
    hbp_put_u32(p, (uint32_t)v);
    hbp_put_u32(p + 4, (uint32_t)(v >> 32));
  }
}

void hbp_w_f32(hbp_writer* w, float v) {
  uint32_t bits;
  memcpy(&bits, &v, sizeof bits); /* well-defined type pun */
  hbp_w_u32(w, bits);
}

void hbp_w_bytes(hbp_writer* w, const uint8_t* src, size_t n) {
  if (n == 0) return;
  if (!src) {
    w->err = 1;
    return;
  }
  uint8_t* p = w_reserve(w, n);
  if (p) memcpy(p, src, n);
}

void hbp_w_str8(hbp_writer* w, const char* s, size_t max_len) {
  if (!s || max_len > 255) {
    w->err = 1;
    return;
  }
  /* strnlen is POSIX, not C11: find the terminator within max_len + 1. */
  const char* end = (const char*)memchr(s, 0, max_len + 1);
  if (!end) {
    w->err = 1;
    return;
  }
  size_t n = (size_t)(end - s);
  hbp_w_u8(w, (uint8_t)n);
  hbp_w_bytes(w, (const uint8_t*)s, n);
}

void hbp_reader_init(hbp_reader* r, const uint8_t* buf, size_t len) {
  r->buf = buf;
  r->len = buf ? len : 0;
  r->pos = 0;
  r->err = 0;
}

static const uint8_t* r_take(hbp_reader* r, size_t n) {
  if (r->err || n > r->len - r->pos) {
    r->err = 1;
    return NULL;
  }
  const uint8_t* p = r->buf + r->pos;
  r->pos += n;
  return p;
}

uint8_t hbp_r_u8(hbp_reader* r) {
  const uint8_t* p = r_take(r, 1);
  return p ? p[0] : 0;
}

uint16_t hbp_r_u16(hbp_reader* r) {
  const uint8_t* p = r_take(r, 2);
  return p ? hbp_get_u16(p) : 0;
}

uint32_t hbp_r_u32(hbp_reader* r) {
  const uint8_t* p = r_take(r, 4);
  return p ? hbp_get_u32(p) : 0;
}

uint64_t hbp_r_u64(hbp_reader* r) {
  const uint8_t* p = r_take(r, 8);
  return p ? ((uint64_t)hbp_get_u32(p) | ((uint64_t)hbp_get_u32(p + 4) << 32)) : 0;
}

float hbp_r_f32(hbp_reader* r) {
  uint32_t bits = hbp_r_u32(r);
  float v;
  memcpy(&v, &bits, sizeof v);
  return v;
}

void hbp_r_bytes(hbp_reader* r, uint8_t* dst, size_t n) {
  const uint8_t* p = r_take(r, n);
  if (p && n)
    memcpy(dst, p, n);
  else if (n)
    memset(dst, 0, n);
}

int hbp_r_str8(hbp_reader* r, char* dst, size_t max_len) {
  dst[0] = '\0';
  size_t n = hbp_r_u8(r);
  if (r->err) return 0; /* truncation is reported through r->err */
  if (n > max_len) return -1;
  const uint8_t* p = r_take(r, n);
  if (!p) return 0;
  if (n && memchr(p, 0, n)) return -1;
  if (n) memcpy(dst, p, n);
  dst[n] = '\0';
  return 0;
}

size_t hbp_r_rest(hbp_reader* r, const uint8_t** data) {
  size_t n = r->err ? 0 : r->len - r->pos;
  *data = n ? r->buf + r->pos : NULL;
  r->pos += n;
  return n;
}
