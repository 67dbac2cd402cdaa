/* Reliability state machines, shared by firmware and host: a go-back-N
 * sender window and a receiver that delivers each sequenced frame exactly
 * once, in order. No clocks and no I/O inside: the caller passes the time in
 * milliseconds (any monotonic u32 that may wrap) and writes the wire bytes
 * these functions hand back. link.h wires both to a byte stream.
 *
 * Sequence numbers are u16 and wrap. Each direction has its own sequence
 * space; the first frame of a space carries HBP_FLAG_SYN and the receiver
 * adopts its seq. ACK/NAK carry `next`: every frame before it has arrived. */
#ifndef HBP_RELIABLE_H
#define HBP_RELIABLE_H

#include <stddef.h>
#include <stdint.h>

#include "codec/frame.h"
#include "codec/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HBP_TX_DEFAULT_MAX_TRIES 8u

/* One frame kept for retransmission: its exact wire bytes. */
typedef struct {
  uint8_t wire[HBP_WIRE_MAX];
  uint16_t wire_len;
  uint16_t seq;
  uint8_t type;
  uint8_t tries;    /* transmissions so far */
  uint8_t resend;   /* due for retransmission at the next poll */
  uint32_t sent_ms; /* time of the last transmission */
} hbp_tx_slot;

/* Sender. Frames leave in seq order; at most `window` are unacknowledged. */
typedef struct {
  hbp_tx_slot* slots; /* caller-owned, n_slots entries */
  uint8_t n_slots;
  uint8_t window;       /* in-flight limit, 1..n_slots (lower it to the peer's) */
  uint8_t head;         /* slot of the oldest unacknowledged frame */
  uint8_t count;        /* unacknowledged frames */
  uint16_t next_seq;    /* seq of the next new frame */
  uint8_t syn_due;      /* next new frame carries HBP_FLAG_SYN */
  uint8_t max_tries;    /* transmissions before HBP_ERR_LINK_DEAD */
  uint16_t max_payload; /* largest payload the peer accepts */
  uint32_t rto_ms;      /* retransmission timeout */
  uint32_t retransmits; /* statistics */
} hbp_tx;

/* slots/n_slots: storage for the frames in flight (n_slots <= HBP_WINDOW_LIMIT
 * is used). Starts with seq 0, SYN due, max_payload HBP_PAYLOAD_MIN. */
hbp_status hbp_tx_init(hbp_tx* tx, hbp_tx_slot* slots, uint8_t n_slots, uint32_t rto_ms);
/* Drops every frame in flight; the next frame gets first_seq and SYN. */
void hbp_tx_reset(hbp_tx* tx, uint16_t first_seq);
hbp_status hbp_tx_set_window(hbp_tx* tx, uint8_t window);
hbp_status hbp_tx_set_max_payload(hbp_tx* tx, uint16_t max_payload);
/* Frames that may be sent now (window minus frames in flight). */
int hbp_tx_space(const hbp_tx* tx);
/* Seq of the oldest unacknowledged frame (next_seq if none). */
uint16_t hbp_tx_base(const hbp_tx* tx);

/* Sequences a new frame, stores its wire bytes and returns them for the
 * caller to write now. HBP_ERR_WINDOW_FULL if no space (nothing changes),
 * HBP_ERR_TOO_LONG if len > max_payload. */
hbp_status hbp_tx_push(hbp_tx* tx, uint8_t type, const uint8_t* payload, size_t len, uint32_t now_ms,
                       const uint8_t** wire, size_t* wire_len);

/* ACK(next): releases frames before `next`. Returns how many were released;
 * an ACK outside the window (stale, or from an old session) releases none. */
int hbp_tx_ack(hbp_tx* tx, uint16_t next);

/* NAK(next): releases frames before `next` (they arrived) and schedules every
 * remaining frame for retransmission. Returns the number scheduled. */
int hbp_tx_nak(hbp_tx* tx, uint16_t next);

/* Retransmission pump. Returns 1 with one frame to write (call again until it
 * returns 0), 0 when nothing is due, HBP_ERR_LINK_DEAD when a frame has been
 * sent max_tries times (state is kept; reset to recover). When the oldest
 * frame has waited rto_ms every frame in flight is resent (go-back-N). */
int hbp_tx_poll(hbp_tx* tx, uint32_t now_ms, const uint8_t** wire, size_t* wire_len);

/* Restarts the timeout of every frame in flight. Call when the peer was
 * known to be deaf (e.g. on RESULT after a long inference) so frames it holds
 * unread are not resent. */
void hbp_tx_rearm(hbp_tx* tx, uint32_t now_ms);

/* Receiver. */
typedef struct {
  uint16_t next;    /* seq expected next */
  uint16_t syn_seq; /* seq of the SYN frame that opened the session */
  uint8_t synced;
  uint8_t nak_sent; /* a NAK for `next` is out: do not repeat it */
} hbp_rx;

/* What the receiver made of a frame (return value of hbp_rx_frame). */
enum hbp_rx_verdict {
  HBP_RX_DELIVER = 1,    /* new, in order: execute it */
  HBP_RX_DUPLICATE = 2,  /* already delivered: re-ACK, do not execute */
  HBP_RX_GAP = 3,        /* a frame before it is missing: drop it */
  HBP_RX_UNSEQ = 4,      /* unsequenced (ACK, NAK, best-effort): hand over, no reply */
  HBP_RX_NOT_SYNCED = 5, /* no session yet and not a SYN frame: drop it */
  HBP_RX_CORRUPT = 6     /* (hbp_rx_corrupt) unreadable frame */
};

/* Reply the receiver wants sent (reply == 0: none). */
typedef struct {
  uint8_t reply;  /* 0, HBP_MSG_ACK or HBP_MSG_NAK */
  uint8_t reason; /* enum hbp_nak_reason when reply is NAK */
  uint16_t next;
} hbp_rx_reply;

void hbp_rx_init(hbp_rx* rx); /* not synced */
/* Classifies a frame that passed hbp_frame_parse. */
int hbp_rx_frame(hbp_rx* rx, const hbp_header* h, hbp_rx_reply* reply);
/* Notes an unreadable frame (bad COBS, CRC or length). NAKs once per gap. */
int hbp_rx_corrupt(hbp_rx* rx, hbp_rx_reply* reply);

#ifdef __cplusplus
}
#endif

#endif
