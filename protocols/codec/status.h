/* Status codes returned by every hbp_ function (CMSIS-NN style: 0 = success,
 * negative = error, small positive values are documented per function). */
#ifndef HBP_STATUS_H
#define HBP_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  HBP_OK = 0,
  HBP_ERR_ARG = -1,          /* NULL pointer or argument out of range */
  HBP_ERR_NOSPACE = -2,      /* caller's output buffer is too small */
  HBP_ERR_TRUNCATED = -3,    /* input ends before the structure does */
  HBP_ERR_TRAILING = -4,     /* input has bytes after the structure */
  HBP_ERR_COBS = -5,         /* malformed COBS data */
  HBP_ERR_CRC = -6,          /* CRC-32 mismatch */
  HBP_ERR_VERSION = -7,      /* frame from another protocol version */
  HBP_ERR_LENGTH = -8,       /* header length field disagrees with the frame */
  HBP_ERR_TOO_LONG = -9,     /* exceeds HBP_FRAME_MAX or the payload limit */
  HBP_ERR_RANGE = -10,       /* a field holds a value outside its allowed set */
  HBP_ERR_WINDOW_FULL = -11, /* sender already has `window` frames in flight */
  HBP_ERR_LINK_DEAD = -12,   /* a frame was sent max_tries times without ACK */
  HBP_ERR_SEQUENCE = -13     /* data arrived out of the required order */
} hbp_status;

/* Stable name for logs ("HBP_ERR_CRC"); "HBP_UNKNOWN" for other values. */
const char* hbp_status_name(int status);

#ifdef __cplusplus
}
#endif

#endif
