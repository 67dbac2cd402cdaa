/* Message payloads: one struct per message type, encode/decode to and from
 * the frame payload. All integers little-endian, floats as IEEE-754 bits;
 * str8 = u8 length + bytes (no terminator); "rest" = the remaining payload
 * bytes. Layouts are in protocols/PROTOCOL.md.
 *
 * Encoders: hbp_<msg>_encode(msg, buf, cap, &len) -> HBP_OK,
 *   HBP_ERR_NOSPACE (cap too small), HBP_ERR_RANGE (field not encodable).
 * Decoders: hbp_<msg>_decode(payload, n, &msg) -> HBP_OK,
 *   HBP_ERR_TRUNCATED (payload shorter than the layout),
 *   HBP_ERR_TRAILING (bytes left over), HBP_ERR_RANGE (bad field value).
 *   Decoders check structure and value ranges only; whether a value makes
 *   sense now (slot exists, offset fits the tensor...) is the caller's call.
 *   Pointer fields (data) of decoded structs point into the payload. */
#ifndef HBP_MESSAGES_H
#define HBP_MESSAGES_H

#include <stddef.h>
#include <stdint.h>

#include "codec/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Message type byte (frame header byte 1). Values are part of the protocol. */
enum hbp_msg_type {
  HBP_MSG_HELLO = 0x01,        /* host -> device: open a session */
  HBP_MSG_INFO = 0x02,         /* device -> host: answer to HELLO */
  HBP_MSG_LOAD = 0x03,         /* host -> device: input chunk into a slot */
  HBP_MSG_INFER = 0x04,        /* host -> device: run the model on a slot */
  HBP_MSG_RESULT = 0x05,       /* device -> host: timing + first body bytes */
  HBP_MSG_RESULT_CHUNK = 0x06, /* device -> host: further result body bytes */
  HBP_MSG_PING = 0x07,         /* host -> device */
  HBP_MSG_PONG = 0x08,         /* device -> host */
  HBP_MSG_RESET = 0x09,        /* host -> device */
  HBP_MSG_ERROR = 0x0A,        /* device -> host */
  HBP_MSG_LOG = 0x0B,          /* device -> host */
  HBP_MSG_ACK = 0x0C,          /* either way, unsequenced */
  HBP_MSG_NAK = 0x0D,          /* either way, unsequenced */
  HBP_MSG_SET_BAUD = 0x0E,     /* host -> device: switch the line rate (version 2) */
  HBP_MSG_BAUD = 0x0F          /* device -> host, unsequenced: answer to SET_BAUD (version 2) */
};

#define HBP_MAX_DIMS 4
#define HBP_STR_MAX 63      /* INFO strings */
#define HBP_TEXT_MAX 200    /* ERROR / LOG text */
#define HBP_HASH_SIZE 32    /* sha256 */
#define HBP_WINDOW_LIMIT 32 /* largest window a HELLO/INFO may announce */

/* Tensor element types: same numbering as enum hb_dtype in
 * target-fw/nn/plan_format.h. */
enum hbp_dtype { HBP_DT_INT8 = 1, HBP_DT_UINT8 = 2, HBP_DT_INT16 = 3, HBP_DT_INT32 = 4, HBP_DT_FLOAT32 = 5 };

/* What the device's timer counts. */
enum hbp_timer_source {
  HBP_TIMER_DWT_CYCLES = 0,     /* Cortex-M DWT CYCCNT, core clock cycles */
  HBP_TIMER_SYSTICK_ICOUNT = 1, /* SysTick under QEMU -icount: virtual time */
  HBP_TIMER_PMU_CYCLES = 2,     /* PMU cycle counter (e.g. Armv8-M PMU) */
  HBP_TIMER_CLOCK_NS = 3        /* host clock_gettime(CLOCK_MONOTONIC) ns (sim board) */
};

/* How the device takes link bytes while the timed region runs. */
enum hbp_rx_policy {
  HBP_RXP_HELD_OFF = 0, /* link stalled: bytes wait outside the device (USB NAK, pty/TCP buffers) */
  HBP_RXP_RING_DMA = 1, /* circular DMA into a ring: no CPU work per byte */
  HBP_RXP_RING_ISR = 2  /* RX interrupt copies each byte into a ring */
};

/* INFO.caps bits. */
#define HBP_CAP_PER_OP_TIMING 0x0001u /* INFER flag HBP_INFER_PER_OP supported */

/* INFER.flags bits. */
#define HBP_INFER_PER_OP 0x01u    /* also return per-op timer ticks */
#define HBP_INFER_NO_OUTPUT 0x02u /* omit the output tensor (timing-only runs) */

/* RESULT.flags bits. */
#define HBP_RF_PER_OP 0x01u      /* per-op probes were active: ticks include their cost */
#define HBP_RF_RX_OVERFLOW 0x02u /* RX ring overflowed during the run: bytes were lost */

/* RESULT.status. */
enum hbp_result_status {
  HBP_RS_OK = 0,
  HBP_RS_BAD_SLOT = 1,        /* slot index >= n_slots */
  HBP_RS_SLOT_INCOMPLETE = 2, /* slot does not hold a whole input tensor */
  HBP_RS_NO_MODEL = 3,        /* no valid plan in the firmware */
  HBP_RS_ENGINE_ERROR = 4,    /* the engine returned an error */
  HBP_RS_UNSUPPORTED = 5,     /* INFER flags ask for something not supported */
  HBP_RS_BUSY = 6             /* previous RESULT not fully queued yet: not run */
};

/* ERROR.code. */
enum hbp_error_code {
  HBP_EC_MALFORMED = 1,     /* payload failed to decode */
  HBP_EC_UNKNOWN_TYPE = 2,  /* message type not handled by this side */
  HBP_EC_BAD_SLOT = 3,      /* LOAD slot index >= n_slots */
  HBP_EC_BAD_OFFSET = 4,    /* LOAD not at offset 0 or at the slot's fill level, or past the tensor */
  HBP_EC_NOT_SUPPORTED = 5, /* valid request this firmware cannot do */
  HBP_EC_STATE = 6,         /* request not valid now (e.g. before HELLO) */
  HBP_EC_INTERNAL = 7
};

/* LOG.level. */
enum hbp_log_level { HBP_LOG_ERROR = 0, HBP_LOG_WARN = 1, HBP_LOG_INFO = 2, HBP_LOG_DEBUG = 3 };

/* NAK.reason. */
enum hbp_nak_reason {
  HBP_NAK_CORRUPT = 1,    /* bad COBS / CRC / length: frame unreadable */
  HBP_NAK_GAP = 2,        /* frame after a missing one: resend from `next` */
  HBP_NAK_NOT_SYNCED = 3, /* receiver has no session: start over with a SYN frame */
  HBP_NAK_VERSION = 4     /* frame of another protocol version */
};

/* RESET.mode. */
enum hbp_reset_mode {
  HBP_RESET_SOFT = 0,  /* forget slots and pending results; keep the link */
  HBP_RESET_REBOOT = 1 /* reboot the device; host must HELLO again */
};

typedef struct {
  uint8_t version;      /* highest protocol version the host speaks */
  uint8_t window;       /* frames the host accepts in flight from the device, 1..HBP_WINDOW_LIMIT */
  uint16_t max_payload; /* largest payload the host accepts, HBP_PAYLOAD_MIN..HBP_PAYLOAD_MAX */
  uint32_t session;     /* host-chosen id, echoed by INFO */
} hbp_hello;

typedef struct {
  uint8_t dtype;               /* enum hbp_dtype */
  uint8_t ndim;                /* 0..HBP_MAX_DIMS */
  uint32_t dims[HBP_MAX_DIMS]; /* outermost first; unused dims are 1 */
  float scale;
  int32_t zero_point;
} hbp_tensor_desc;

typedef struct {
  uint32_t session;     /* HELLO.session being answered */
  uint8_t version;      /* protocol version of the firmware */
  uint8_t window;       /* frames the device absorbs while busy, 1..HBP_WINDOW_LIMIT */
  uint16_t max_payload; /* largest payload the device accepts */
  uint8_t n_slots;      /* input slots, >= 1 */
  uint8_t timer_source; /* enum hbp_timer_source */
  uint8_t rx_policy;    /* enum hbp_rx_policy */
  uint32_t caps;        /* HBP_CAP_* */
  uint32_t cpuid;       /* SCB->CPUID (0 on the sim board) */
  uint32_t core_clock_hz;
  uint32_t timer_hz; /* timer ticks per second */
  uint32_t arena_bytes;
  uint16_t op_count; /* ops in the plan = per-op ticks per RESULT */
  uint8_t plan_hash[HBP_HASH_SIZE];
  hbp_tensor_desc input;
  hbp_tensor_desc output;
  char fw_build[HBP_STR_MAX + 1];
  char board[HBP_STR_MAX + 1];
  char model_name[HBP_STR_MAX + 1];
  char timer_unit[HBP_STR_MAX + 1]; /* e.g. "cycles", "ns" */
} hbp_info;

typedef struct {
  uint8_t slot;
  uint32_t offset;     /* byte offset in the slot's input tensor */
  const uint8_t* data; /* 1..(payload - 5) bytes */
  uint16_t len;
} hbp_load;

typedef struct {
  uint8_t slot;
  uint8_t flags; /* HBP_INFER_* */
  uint32_t tag;  /* host's sample id, echoed by RESULT */
} hbp_infer;

/* The result body is output tensor bytes followed by op_count u32 LE per-op
 * tick counts; RESULT carries its first bytes, RESULT_CHUNKs the rest. */
typedef struct {
  uint32_t tag;
  uint16_t status; /* enum hbp_result_status */
  uint8_t slot;
  uint8_t flags;         /* HBP_RF_* */
  uint64_t ticks;        /* timer ticks of the timed region */
  uint32_t rx_bytes;     /* link bytes that arrived during the timed region */
  uint32_t output_bytes; /* body part 1 */
  uint16_t op_count;     /* body part 2: op_count * 4 bytes */
  const uint8_t* data;   /* body[0..len) */
  uint16_t len;
} hbp_result;

typedef struct {
  uint32_t tag;
  uint32_t offset; /* body offset of data[0] */
  const uint8_t* data;
  uint16_t len; /* >= 1 */
} hbp_result_chunk;

typedef struct {
  uint32_t token;
  const uint8_t* data; /* echoed back by PONG; may be empty */
  uint16_t len;
} hbp_ping;

typedef struct {
  uint32_t token;
  uint64_t timer_ticks; /* device timer now: lets the host check timer_hz */
  const uint8_t* data;
  uint16_t len;
} hbp_pong;

typedef struct {
  uint8_t mode; /* enum hbp_reset_mode */
} hbp_reset;

typedef struct {
  uint16_t code;    /* enum hbp_error_code */
  uint16_t ref_seq; /* seq of the frame that caused it (0 if none) */
  uint8_t ref_type; /* its type (0 if none) */
  char text[HBP_TEXT_MAX + 1];
} hbp_error;

typedef struct {
  uint8_t level; /* enum hbp_log_level */
  char text[HBP_TEXT_MAX + 1];
} hbp_log;

typedef struct {
  uint16_t next; /* every frame with seq < next (mod 2^16) has been received */
} hbp_ack;

typedef struct {
  uint16_t next;  /* first seq the receiver still needs */
  uint8_t reason; /* enum hbp_nak_reason */
} hbp_nak;

/* SET_BAUD: switch both ends to `baud`. The device answers BAUD (at the old
 * rate), waits until it has left, and switches; if no valid frame arrives at
 * the new rate within revert_ms it goes back to the old one. */
typedef struct {
  uint32_t baud;      /* line rate in bit/s, >= 1 */
  uint16_t revert_ms; /* >= 1 */
} hbp_set_baud;

/* BAUD.status. */
enum hbp_baud_status {
  HBP_BAUD_SWITCHING = 0,  /* the device switches once this frame has left */
  HBP_BAUD_UNSUPPORTED = 1 /* the device cannot use that rate: nothing changes */
};

typedef struct {
  uint32_t baud;  /* SET_BAUD.baud being answered */
  uint8_t status; /* enum hbp_baud_status */
} hbp_baud;

/* Fixed-size parts, for callers that split data across frames. */
#define HBP_LOAD_FIXED 5u
#define HBP_RESULT_FIXED 26u
#define HBP_RESULT_CHUNK_FIXED 8u
#define HBP_PING_FIXED 4u
#define HBP_PONG_FIXED 12u

/* Bytes of a tensor described by d (0 for an unknown dtype). */
uint32_t hbp_tensor_bytes(const hbp_tensor_desc* d);

/* Name of a message type ("LOAD"), "?" if unknown. */
const char* hbp_msg_name(uint8_t type);

hbp_status hbp_hello_encode(const hbp_hello* m, uint8_t* buf, size_t cap, size_t* len);
hbp_status hbp_hello_decode(const uint8_t* p, size_t n, hbp_hello* m);
hbp_status hbp_info_encode(const hbp_info* m, uint8_t* buf, size_t cap, size_t* len);
hbp_status hbp_info_decode(const uint8_t* p, size_t n, hbp_info* m);
hbp_status hbp_load_encode(const hbp_load* m, uint8_t* buf, size_t cap, size_t* len);
hbp_status hbp_load_decode(const uint8_t* p, size_t n, hbp_load* m);
hbp_status hbp_infer_encode(const hbp_infer* m, uint8_t* buf, size_t cap, size_t* len);
hbp_status hbp_infer_decode(const uint8_t* p, size_t n, hbp_infer* m);
hbp_status hbp_result_encode(const hbp_result* m, uint8_t* buf, size_t cap, size_t* len);
hbp_status hbp_result_decode(const uint8_t* p, size_t n, hbp_result* m);
hbp_status hbp_result_chunk_encode(const hbp_result_chunk* m, uint8_t* buf, size_t cap, size_t* len);
hbp_status hbp_result_chunk_decode(const uint8_t* p, size_t n, hbp_result_chunk* m);
hbp_status hbp_ping_encode(const hbp_ping* m, uint8_t* buf, size_t cap, size_t* len);
hbp_status hbp_ping_decode(const uint8_t* p, size_t n, hbp_ping* m);
hbp_status hbp_pong_encode(const hbp_pong* m, uint8_t* buf, size_t cap, size_t* len);
hbp_status hbp_pong_decode(const uint8_t* p, size_t n, hbp_pong* m);
hbp_status hbp_reset_encode(const hbp_reset* m, uint8_t* buf, size_t cap, size_t* len);
hbp_status hbp_reset_decode(const uint8_t* p, size_t n, hbp_reset* m);
hbp_status hbp_error_encode(const hbp_error* m, uint8_t* buf, size_t cap, size_t* len);
hbp_status hbp_error_decode(const uint8_t* p, size_t n, hbp_error* m);
hbp_status hbp_log_encode(const hbp_log* m, uint8_t* buf, size_t cap, size_t* len);
hbp_status hbp_log_decode(const uint8_t* p, size_t n, hbp_log* m);
hbp_status hbp_set_baud_encode(const hbp_set_baud* m, uint8_t* buf, size_t cap, size_t* len);
hbp_status hbp_set_baud_decode(const uint8_t* p, size_t n, hbp_set_baud* m);
hbp_status hbp_baud_encode(const hbp_baud* m, uint8_t* buf, size_t cap, size_t* len);
hbp_status hbp_baud_decode(const uint8_t* p, size_t n, hbp_baud* m);
hbp_status hbp_ack_encode(const hbp_ack* m, uint8_t* buf, size_t cap, size_t* len);
hbp_status hbp_ack_decode(const uint8_t* p, size_t n, hbp_ack* m);
hbp_status hbp_nak_encode(const hbp_nak* m, uint8_t* buf, size_t cap, size_t* len);
hbp_status hbp_nak_decode(const uint8_t* p, size_t n, hbp_nak* m);

#ifdef __cplusplus
}
#endif

#endif
