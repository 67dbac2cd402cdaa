/* Frame layer: header + payload + CRC-32, carried on the wire as
 *   0x00, COBS(header | payload | crc32_le), 0x00
 * The leading 0x00 ends any garbage already in the receiver's decoder, so the
 * frame that follows line noise is not lost with it; back-to-back frames
 * produce an empty "frame" between the two delimiters, which is skipped.
 *
 * Header (8 bytes, little-endian):
 *   0 version  HBP_VERSION        bytes 0..2 keep this meaning in every
 *   1 type     message type       future version, so a receiver can always
 *   2 flags    HBP_FLAG_*         tell "other version" from "garbage"
 *   3 reserved 0 on send, ignored on receive
 *   4 seq      u16 sequence number (0 in unsequenced frames)
 *   6 len      u16 payload length
 * CRC-32 (see crc32.h) over header and payload, appended little-endian. */
#ifndef HBP_FRAME_H
#define HBP_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "codec/cobs.h"
#include "codec/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HBP_VERSION 2u /* 2: SET_BAUD / BAUD */
#define HBP_HEADER_SIZE 8u
#define HBP_CRC_SIZE 4u
/* Largest decoded frame (header + payload + CRC). Receivers size their frame
 * buffer with it; a peer may lower the payload it accepts (HELLO/INFO). */
#define HBP_FRAME_MAX 1024u
#define HBP_PAYLOAD_MAX (HBP_FRAME_MAX - HBP_HEADER_SIZE - HBP_CRC_SIZE) /* 1012 */
/* Every endpoint accepts at least this payload; everything a session needs
 * before the limits are negotiated (HELLO, INFO, ACK, ERROR...) fits in it. */
#define HBP_PAYLOAD_MIN 512u
#define HBP_FRAME_MIN (HBP_HEADER_SIZE + HBP_CRC_SIZE)
/* Wire bytes of one frame of `payload` bytes, both delimiters included. */
#define HBP_WIRE_SIZE_MAX(payload) (HBP_COBS_MAX_ENCODED(HBP_HEADER_SIZE + (payload) + HBP_CRC_SIZE) + 2u)
#define HBP_WIRE_MAX HBP_WIRE_SIZE_MAX(HBP_PAYLOAD_MAX) /* 1031 */

/* Header flags. Other bits are reserved: sent as 0, ignored on receive. */
#define HBP_FLAG_SYN 0x01u   /* first frame of a sequence space: receiver adopts its seq */
#define HBP_FLAG_UNSEQ 0x02u /* not sequenced: never ACKed, retransmitted or deduplicated */

typedef struct {
  uint8_t version; /* filled by hbp_frame_parse; builders always write HBP_VERSION */
  uint8_t type;
  uint8_t flags;
  uint16_t seq;
  uint16_t len; /* payload bytes */
} hbp_header;

/* Writes header (with h->len payload bytes from `payload`) and CRC into
 * out[0..*out_len) - the decoded frame, no COBS. h->version is ignored. */
hbp_status hbp_frame_build(const hbp_header* h, const uint8_t* payload, uint8_t* out, size_t cap, size_t* out_len);

/* Encodes a complete wire frame (delimiters, COBS, CRC) straight into wire:
 * no intermediate buffer. cap >= HBP_WIRE_SIZE_MAX(h->len) always suffices. */
hbp_status hbp_frame_encode(const hbp_header* h, const uint8_t* payload, uint8_t* wire, size_t cap, size_t* wire_len);

/* Checks a decoded frame (size bounds, CRC, version, length field) and
 * splits it. *payload points into `frame`. On HBP_ERR_VERSION the header is
 * still filled (bytes 0..2 are version-stable) so the caller can report it.
 * Order of checks: too short/long -> CRC -> version -> length. */
hbp_status hbp_frame_parse(const uint8_t* frame, size_t n, hbp_header* h, const uint8_t** payload);

#ifdef __cplusplus
}
#endif

#endif
