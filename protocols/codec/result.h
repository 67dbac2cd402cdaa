/* Result body transfer. A result body is the output tensor bytes followed by
 * op_count per-op tick counts (u32 little-endian). The device sends it as one
 * RESULT (fixed fields + first body bytes) and as many RESULT_CHUNKs as
 * needed, in body order; the host reassembles it into caller buffers.
 *   device: hbp_result_tx_init, then while (space in window)
 *             hbp_result_tx_next -> hbp_link_send
 *   host:   hbp_result_rx_init once per buffer set; on RESULT
 *           hbp_result_rx_start, on RESULT_CHUNK hbp_result_rx_chunk,
 *           until hbp_result_rx_complete. */
#ifndef HBP_RESULT_H
#define HBP_RESULT_H

#include <stddef.h>
#include <stdint.h>

#include "codec/messages.h"
#include "codec/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Device side: splits one result into payloads. The output and op_ticks
 * arrays must stay unchanged until every payload has been produced. */
typedef struct {
  hbp_result head;          /* fixed fields (data/len ignored) */
  const uint8_t* output;    /* head.output_bytes bytes */
  const uint32_t* op_ticks; /* head.op_count entries */
  uint32_t body_bytes;
  uint32_t sent; /* body bytes already placed in payloads */
  uint8_t head_sent;
} hbp_result_tx;

hbp_status hbp_result_tx_init(hbp_result_tx* t, const hbp_result* head, const uint8_t* output,
                              const uint32_t* op_ticks);
/* Writes the next payload into buf (at most max_payload bytes): RESULT
 * first, then RESULT_CHUNKs. Returns 1 with type and len set, 0 when all has
 * been produced, or a negative hbp_status. Advances only on success. */
int hbp_result_tx_next(hbp_result_tx* t, size_t max_payload, uint8_t* buf, size_t cap, uint8_t* type, size_t* len);

/* Host side: reassembles one result into caller-owned buffers. */
typedef struct {
  hbp_result head; /* fixed fields of the RESULT (data = NULL) */
  uint8_t* output;
  uint32_t output_cap;
  uint32_t* op_ticks;
  uint16_t ops_cap;
  uint32_t body_bytes;
  uint32_t received;
  uint8_t started;
} hbp_result_rx;

void hbp_result_rx_init(hbp_result_rx* a, uint8_t* output, uint32_t output_cap, uint32_t* op_ticks, uint16_t ops_cap);
/* Starts a result from a decoded RESULT (any previous one is dropped).
 * HBP_ERR_NOSPACE if the body does not fit the caller's buffers. */
hbp_status hbp_result_rx_start(hbp_result_rx* a, const hbp_result* r);
/* Adds a decoded RESULT_CHUNK. HBP_ERR_SEQUENCE if no result is open, the tag
 * differs or the chunk is not the next piece of the body; HBP_ERR_TOO_LONG if
 * it runs past the body. */
hbp_status hbp_result_rx_chunk(hbp_result_rx* a, const hbp_result_chunk* c);
/* 1 once the whole body has arrived. */
int hbp_result_rx_complete(const hbp_result_rx* a);

#ifdef __cplusplus
}
#endif

#endif
