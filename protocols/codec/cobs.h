/* Consistent Overhead Byte Stuffing (Cheshire & Baker, 1999).
 *
 * COBS rewrites a block so it holds no 0x00 byte; 0x00 can then delimit
 * frames on a byte stream and a receiver that joins mid-stream (or sees
 * garbage) resynchronises at the next 0x00. Overhead: 1 byte per started
 * 254 bytes. The encoder emits the canonical form (a block that ends with a
 * full 254-byte run gets no trailing 0x01 code); the decoders accept both.
 *
 * Three APIs:
 *  - one-shot encode/decode of a whole block (no delimiters);
 *  - an incremental encoder fed from several pieces (frame header, payload,
 *    CRC) without a scratch copy;
 *  - a streaming decoder fed one byte at a time (the firmware RX path), which
 *    reports a frame at each 0x00 and drops malformed or oversized ones. */
#ifndef HBP_COBS_H
#define HBP_COBS_H

#include <stddef.h>
#include <stdint.h>

#include "codec/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Upper bound of the encoded size of n bytes (delimiters not included). */
#define HBP_COBS_MAX_ENCODED(n) ((n) + (n) / 254u + 1u)

/* Encodes src[0..n) into dst (no delimiter). HBP_ERR_NOSPACE if cap is too
 * small. src and dst must not overlap. */
hbp_status hbp_cobs_encode(const uint8_t* src, size_t n, uint8_t* dst, size_t cap, size_t* out_len);

/* Decodes one encoded block src[0..n) (no delimiter) into dst.
 * HBP_ERR_COBS if the block holds a 0x00 or a code runs past the end;
 * HBP_ERR_NOSPACE if dst is too small. An empty block is HBP_ERR_COBS. */
hbp_status hbp_cobs_decode(const uint8_t* src, size_t n, uint8_t* dst, size_t cap, size_t* out_len);

/* Incremental encoder. begin -> put (any number of times) -> end. Errors
 * (buffer too small) are sticky and reported by end. */
typedef struct {
  uint8_t* dst;
  size_t cap;
  size_t pos;      /* next free byte in dst */
  size_t code_pos; /* where the current block's code byte goes */
  uint8_t code;    /* 1 + data bytes in the current block */
  uint8_t err;
} hbp_cobs_enc;

void hbp_cobs_enc_begin(hbp_cobs_enc* e, uint8_t* dst, size_t cap);
void hbp_cobs_enc_put(hbp_cobs_enc* e, const uint8_t* src, size_t n);
hbp_status hbp_cobs_enc_end(hbp_cobs_enc* e, size_t* out_len);

/* Streaming decoder over a caller buffer of `cap` bytes (HBP_FRAME_MAX for
 * protocol frames). */
typedef struct {
  uint8_t* buf;
  size_t cap;
  size_t len;        /* decoded bytes of the current frame */
  uint8_t remaining; /* data bytes still expected in the current block */
  uint8_t zero_due;  /* a 0x00 must be appended before the next block */
  uint8_t in_frame;  /* at least one code byte seen since the last 0x00 */
  int8_t error;      /* 0, or the hbp_status that spoiled this frame */
  uint8_t done;      /* buf holds a completed frame; clear it on next byte */
} hbp_cobs_dec;

/* Return values of hbp_cobs_dec_push besides negative hbp_status errors. */
#define HBP_COBS_MORE 0  /* nothing complete yet */
#define HBP_COBS_FRAME 1 /* d->buf[0..d->len) holds a frame (valid until the next push) */

void hbp_cobs_dec_init(hbp_cobs_dec* d, uint8_t* buf, size_t cap);
void hbp_cobs_dec_reset(hbp_cobs_dec* d);
/* Feeds one received byte. Returns HBP_COBS_MORE, HBP_COBS_FRAME, or (once,
 * at the delimiter that ends a bad frame) HBP_ERR_COBS / HBP_ERR_TOO_LONG.
 * Empty frames (two delimiters in a row) are skipped silently. */
int hbp_cobs_dec_push(hbp_cobs_dec* d, uint8_t byte);

#ifdef __cplusplus
}
#endif

#endif
