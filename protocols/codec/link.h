/* One protocol endpoint on a byte stream: streaming COBS decoder + frame
 * checks + receiver (dedupe, ACK/NAK replies) + sender window. The same code
 * runs in the firmware main loop and in the host session.
 *
 * Usage:
 *   hbp_link_init(&l, slots, n, rto_ms, write_fn, ctx);
 *   for each received byte b:
 *     if (hbp_link_input(&l, b, &msg) == HBP_EV_MESSAGE) handle(msg);
 *   hbp_link_poll(&l, now_ms);            // after each input batch: resends
 *                                         // due to NAKs and timeouts
 *   hbp_link_send(&l, type, payload, len, now_ms);
 * ACKs and NAKs are written from inside hbp_link_input, before the message is
 * returned: a device has acknowledged an INFER before it starts timing it.
 * The write callback must take all bytes (block or queue); it is called from
 * input, send and poll only. */
#ifndef HBP_LINK_H
#define HBP_LINK_H

#include <stddef.h>
#include <stdint.h>

#include "codec/cobs.h"
#include "codec/frame.h"
#include "codec/reliable.h"
#include "codec/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Largest payload hbp_link_send_unseq accepts (LOG text fits). */
#define HBP_UNSEQ_PAYLOAD_MAX 256u

typedef void (*hbp_write_fn)(void* ctx, const uint8_t* bytes, size_t len);

/* A frame handed to the application. payload points into the link's frame
 * buffer: valid until the next hbp_link_input call. */
typedef struct {
  uint8_t type;
  uint8_t flags;
  uint16_t seq;
  uint8_t version; /* HBP_VERSION, or the peer's version for HBP_EV_VERSION */
  const uint8_t* payload;
  uint16_t len;
} hbp_rx_msg;

enum hbp_link_event {
  HBP_EV_NONE = 0,
  HBP_EV_MESSAGE = 1,       /* *msg: a new message, delivered once and in order
                               (or an unsequenced best-effort one: see msg->flags) */
  HBP_EV_PEER_UNSYNCED = 2, /* peer NAKed NOT_SYNCED: it has no session with us
                               (rebooted?). Host: send HELLO again. */
  HBP_EV_VERSION = 3        /* a frame of protocol version msg->version arrived */
};

typedef struct {
  uint32_t frames_ok; /* frames that passed CRC, version and length checks */
  uint32_t corrupt;   /* bad COBS, too long, bad CRC or length field */
  uint32_t delivered;
  uint32_t duplicates;
  uint32_t gaps;
  uint32_t not_synced;
  uint32_t version_errors;
  uint32_t acks_sent;
  uint32_t naks_sent;
  uint32_t acks_received;
  uint32_t naks_received;
} hbp_link_stats;

typedef struct {
  hbp_cobs_dec dec;
  hbp_rx rx;
  hbp_tx tx;
  hbp_write_fn write;
  void* write_ctx;
  hbp_link_stats stats;
  uint8_t frame[HBP_FRAME_MAX];
  uint8_t scratch[HBP_WIRE_SIZE_MAX(HBP_UNSEQ_PAYLOAD_MAX)]; /* ACK/NAK/unsequenced frames */
} hbp_link;

hbp_status hbp_link_init(hbp_link* l, hbp_tx_slot* slots, uint8_t n_slots, uint32_t rto_ms, hbp_write_fn write,
                         void* ctx);

/* Feeds one received byte. Returns enum hbp_link_event. */
int hbp_link_input(hbp_link* l, uint8_t byte, hbp_rx_msg* msg);

/* Sends a sequenced frame (kept until ACKed). HBP_ERR_WINDOW_FULL: try again
 * after the peer ACKs (keep calling hbp_link_input/poll). */
hbp_status hbp_link_send(hbp_link* l, uint8_t type, const uint8_t* payload, size_t len, uint32_t now_ms);

/* Sends a best-effort frame (HBP_FLAG_UNSEQ): never ACKed or resent. */
hbp_status hbp_link_send_unseq(hbp_link* l, uint8_t type, const uint8_t* payload, size_t len);

/* Writes due retransmissions. Returns how many, or HBP_ERR_LINK_DEAD. */
int hbp_link_poll(hbp_link* l, uint32_t now_ms);

/* Starts a new outbound sequence space: drops frames in flight; the next
 * frame carries SYN and seq first_seq. (Host: before HELLO, with a random
 * first_seq. Device: on receiving HELLO.) */
void hbp_link_restart_tx(hbp_link* l, uint16_t first_seq);

/* Forgets the inbound session: frames are NAKed NOT_SYNCED until a SYN. */
void hbp_link_restart_rx(hbp_link* l);

#ifdef __cplusplus
}
#endif

#endif
