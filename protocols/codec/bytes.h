/* Little-endian field access and bounds-checked cursors used by the message
 * codecs. Cursors carry a sticky error flag so an encoder/decoder can write
 * or read every field unconditionally and check once at the end: no field
 * access ever goes past the buffer, whatever the input. */
#ifndef HBP_BYTES_H
#define HBP_BYTES_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

static inline void hbp_put_u16(uint8_t* p, uint16_t v) {
  p[0] = (uint8_t)v;
  p[1] = (uint8_t)(v >> 8);
}
static inline void hbp_put_u32(uint8_t* p, uint32_t v) {
  p[0] = (uint8_t)v;
  p[1] = (uint8_t)(v >> 8);
  p[2] = (uint8_t)(v >> 16);
  p[3] = (uint8_t)(v >> 24);
}
static inline uint16_t hbp_get_u16(const uint8_t* p) {
  return (uint16_t)((uint16_t)p[0] | (uint16_t)((uint16_t)p[1] << 8));
}
static inline uint32_t hbp_get_u32(const uint8_t* p) {
  return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* Writer over a caller buffer. `err` becomes 1 on the first overflow and the
 * writer stops writing; `len` then no longer grows. */
typedef struct {
  uint8_t* buf;
  size_t cap;
  size_t len;
  int err;
} hbp_writer;

/* Reader over received bytes. `err` becomes 1 on the first read past the end;
 * reads then return zeros. */
typedef struct {
  const uint8_t* buf;
  size_t len;
  size_t pos;
  int err;
} hbp_reader;

void hbp_writer_init(hbp_writer* w, uint8_t* buf, size_t cap);
void hbp_w_u8(hbp_writer* w, uint8_t v);
void hbp_w_u16(hbp_writer* w, uint16_t v);
void hbp_w_u32(hbp_writer* w, uint32_t v);
void hbp_w_u64(hbp_writer* w, uint64_t v);
void hbp_w_f32(hbp_writer* w, float v); /* IEEE-754 bits, little-endian */
void hbp_w_bytes(hbp_writer* w, const uint8_t* src, size_t n);
/* str8: u8 length + bytes, no terminator. `s` is NUL terminated; strings
 * longer than max_len (or max_len > 255) set err. */
void hbp_w_str8(hbp_writer* w, const char* s, size_t max_len);

void hbp_reader_init(hbp_reader* r, const uint8_t* buf, size_t len);
uint8_t hbp_r_u8(hbp_reader* r);
uint16_t hbp_r_u16(hbp_reader* r);
uint32_t hbp_r_u32(hbp_reader* r);
uint64_t hbp_r_u64(hbp_reader* r);
float hbp_r_f32(hbp_reader* r);
void hbp_r_bytes(hbp_reader* r, uint8_t* dst, size_t n);
/* Reads a str8 into dst (NUL terminated, dst must hold max_len + 1 bytes).
 * Returns 0, or -1 if the string is longer than max_len or holds a NUL byte
 * (a C string could not represent it faithfully). */
int hbp_r_str8(hbp_reader* r, char* dst, size_t max_len);
/* Points *data at the unread rest of the input and consumes it. */
size_t hbp_r_rest(hbp_reader* r, const uint8_t** data);

#ifdef __cplusplus
}
#endif

#endif
