#include "codec/frame.h"

#include "codec/bytes.h"
#include "codec/crc32.h"

static void write_header(const hbp_header* h, uint8_t hdr[HBP_HEADER_SIZE]) {
  hdr[0] = (uint8_t)HBP_VERSION;
  hdr[1] = h->type;
  hdr[2] = h->flags;
  hdr[3] = 0;
  hbp_put_u16(hdr + 4, h->seq);
  hbp_put_u16(hdr + 6, h->len);
}

static hbp_status check_args(const hbp_header* h, const uint8_t* payload, const void* out, const size_t* out_len) {
  if (!h || !out || !out_len || (h->len && !payload)) return HBP_ERR_ARG;
  if (h->len > HBP_PAYLOAD_MAX) return HBP_ERR_TOO_LONG;
  return HBP_OK;
}

hbp_status hbp_frame_build(const hbp_header* h, const uint8_t* payload, uint8_t* out, size_t cap, size_t* out_len) {
  hbp_status st = check_args(h, payload, out, out_len);
  if (st != HBP_OK) return st;
  size_t total = HBP_HEADER_SIZE + (size_t)h->len + HBP_CRC_SIZE;
  if (cap < total) return HBP_ERR_NOSPACE;
  write_header(h, out);
  for (size_t i = 0; i < h->len; ++i) out[HBP_HEADER_SIZE + i] = payload[i];
  uint32_t crc = hbp_crc32(out, HBP_HEADER_SIZE + (size_t)h->len);
  hbp_put_u32(out + HBP_HEADER_SIZE + h->len, crc);
  *out_len = total;
  return HBP_OK;
}

hbp_status hbp_frame_encode(const hbp_header* h, const uint8_t* payload, uint8_t* wire, size_t cap, size_t* wire_len) {
  hbp_status st = check_args(h, payload, wire, wire_len);
  if (st != HBP_OK) return st;
  if (cap < 2) return HBP_ERR_NOSPACE;
  uint8_t hdr[HBP_HEADER_SIZE];
  uint8_t crc_le[HBP_CRC_SIZE];
  write_header(h, hdr);
  uint32_t crc = hbp_crc32(hdr, sizeof hdr);
  crc = hbp_crc32_update(crc, payload, h->len);
  hbp_put_u32(crc_le, crc);

  wire[0] = 0;
  hbp_cobs_enc e;
  hbp_cobs_enc_begin(&e, wire + 1, cap - 2); /* room kept for the closing 0x00 */
  hbp_cobs_enc_put(&e, hdr, sizeof hdr);
  hbp_cobs_enc_put(&e, payload, h->len);
  hbp_cobs_enc_put(&e, crc_le, sizeof crc_le);
  size_t n = 0;
  st = hbp_cobs_enc_end(&e, &n);
  if (st != HBP_OK) return st;
  wire[1 + n] = 0;
  *wire_len = n + 2;
  return HBP_OK;
}

hbp_status hbp_frame_parse(const uint8_t* frame, size_t n, hbp_header* h, const uint8_t** payload) {
  if (!h || !payload) return HBP_ERR_ARG;
  if (n < HBP_FRAME_MIN) return HBP_ERR_TRUNCATED;
  if (!frame) return HBP_ERR_ARG;
  if (n > HBP_FRAME_MAX) return HBP_ERR_TOO_LONG;
  size_t body = n - HBP_CRC_SIZE;
  if (hbp_crc32(frame, body) != hbp_get_u32(frame + body)) return HBP_ERR_CRC;
  h->version = frame[0];
  h->type = frame[1];
  h->flags = frame[2];
  h->seq = hbp_get_u16(frame + 4);
  h->len = hbp_get_u16(frame + 6);
  *payload = frame + HBP_HEADER_SIZE;
  if (h->version != HBP_VERSION) return HBP_ERR_VERSION;
  if ((size_t)h->len != body - HBP_HEADER_SIZE) return HBP_ERR_LENGTH;
  return HBP_OK;
}
