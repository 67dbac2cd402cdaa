/* State and helpers shared by the app's files (not part of the app API). */
#ifndef HB_APP_INTERNAL_H
#define HB_APP_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "app/port.h"
#include "codec/link.h"
#include "codec/messages.h"
#include "codec/result.h"
#include "nn/engine.h"

/* Sizes a board may override with -D (RAM is tight on small MCUs). */
#ifndef HB_APP_TX_SLOTS
#define HB_APP_TX_SLOTS 8 /* frames we keep for retransmission: our send window */
#endif
#ifndef HB_APP_RTO_MS
#define HB_APP_RTO_MS 500u
#endif
#ifndef HB_APP_MAX_OPS
#define HB_APP_MAX_OPS 512 /* per-op tick buffer; larger plans get no per-op timing */
#endif
#ifndef HB_APP_OUTBOX_BYTES
#define HB_APP_OUTBOX_BYTES 3072 /* replies waiting for window space */
#endif
#ifndef HB_APP_MAX_SLOTS
#define HB_APP_MAX_SLOTS 8
#endif
#ifndef HB_APP_INFER_QUEUE
#define HB_APP_INFER_QUEUE 4 /* INFERs accepted while a result is still going out */
#endif
#define HB_APP_RX_CHUNK 256

typedef struct {
  uint32_t fill;   /* bytes of the input tensor written so far (LOAD appends) */
  uint8_t pending; /* queued INFERs on this slot: LOAD is refused until they ran */
} hb_app_slot;

typedef struct {
  /* link */
  hbp_link link;
  hbp_tx_slot tx_slots[HB_APP_TX_SLOTS];
  uint16_t tx_syn_seq;  /* first seq of our current sequence space */
  uint8_t session_open; /* a HELLO was answered and the link is alive */
  uint8_t rebooted;     /* set by RESET REBOOT on a port whose reboot returns */

  /* model */
  hb_plan plan;
  uint8_t model_ok;
  const char* problem; /* why there is no model ("" if model_ok) */
  char model_name[HBP_STR_MAX + 1];
  uint32_t input_bytes;
  uint32_t output_bytes;
  uint16_t op_count;

  /* memory from the port */
  const hb_port_mem_t* mem;
  uint8_t n_slots;
  hb_app_slot slots[HB_APP_MAX_SLOTS];

  /* inference */
  hbp_infer queue[HB_APP_INFER_QUEUE];
  uint8_t q_head, q_count;
  hbp_result_tx result; /* result being split into frames */
  uint8_t result_active;
  uint32_t op_ticks[HB_APP_MAX_OPS];
  uint64_t op_t0;

  /* replies that found the send window full, as [type, len lo, len hi, payload] */
  uint8_t outbox[HB_APP_OUTBOX_BYTES];
  uint32_t outbox_len;
  uint32_t outbox_dropped;

  /* SET_BAUD: on probation at a new rate until a valid frame arrives */
  uint8_t baud_probation;
  uint32_t baud_prev;     /* rate to go back to */
  uint32_t baud_since_ms; /* when we switched */
  uint16_t baud_revert_ms;
  uint32_t baud_frames_ok; /* link.stats.frames_ok when we switched */

  uint8_t payload[HBP_PAYLOAD_MAX]; /* encode buffer (kept off the stack) */
  uint8_t rx[HB_APP_RX_CHUNK];
} hb_app;

extern hb_app hb_g_app;

/* Bounded text for ERROR/LOG (no printf in freestanding code). */
typedef struct {
  char s[HBP_TEXT_MAX + 1];
  size_t n;
} hb_text;

void hb_text_init(hb_text* t);
void hb_text_str(hb_text* t, const char* s);
void hb_text_u32(hb_text* t, uint32_t v);
/* Copies at most max characters of s into dst[max + 1], NUL terminated. */
void hb_copy_str(char* dst, const char* s, size_t max);

/* app_out.c: sending. Sequenced (reliable) while a session is open,
 * best-effort before HELLO (nobody may be listening yet). Replies that do not
 * fit the send window wait in the outbox, in order. */
void hb_app_send(hb_app* a, uint8_t type, const uint8_t* payload, size_t len);
int hb_app_out_flush(hb_app* a); /* 1 if anything was sent */
void hb_app_out_clear(hb_app* a);
void hb_app_error(hb_app* a, uint16_t code, const hbp_rx_msg* ref, const char* text);
void hb_app_log(hb_app* a, uint8_t level, const char* text);

/* app_info.c */
void hb_app_open_model(hb_app* a);
void hb_app_hello(hb_app* a, const hbp_rx_msg* m);

/* app_slots.c */
void hb_app_slots_clear(hb_app* a);
void hb_app_load(hb_app* a, const hbp_rx_msg* m);

/* app_baud.c */
void hb_app_set_baud(hb_app* a, const hbp_rx_msg* m);
void hb_app_baud_check(hb_app* a); /* confirms or reverts a new rate */

/* app_infer.c */
void hb_app_infer_request(hb_app* a, const hbp_rx_msg* m);
int hb_app_infer_step(hb_app* a); /* 1 if anything was done */
void hb_app_infer_cancel(hb_app* a);

#endif
