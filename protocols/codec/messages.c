#include "codec/messages.h"

#include "codec/bytes.h"
#include "codec/frame.h"

/* ---- shared helpers ---------------------------------------------------- */

/* Result of an encoder: the writer's sticky error means the buffer was too
 * small (ranges are checked before writing). */
static hbp_status enc_finish(const hbp_writer* w, size_t* len) {
  if (w->err) return HBP_ERR_NOSPACE;
  if (w->len > HBP_PAYLOAD_MAX) return HBP_ERR_TOO_LONG;
  *len = w->len;
  return HBP_OK;
}

/* Structural verdict of a decoder, before value-range checks. */
static hbp_status dec_finish(const hbp_reader* r, int str_err) {
  if (r->err) return HBP_ERR_TRUNCATED;
  if (str_err) return HBP_ERR_RANGE;
  if (r->pos != r->len) return HBP_ERR_TRAILING;
  return HBP_OK;
}

#define ENC_PROLOGUE(m, buf, len) \
  if (!(m) || !(buf) || !(len)) return HBP_ERR_ARG
#define DEC_PROLOGUE(p, n, m)                    \
  if ((!(p) && (n)) || !(m)) return HBP_ERR_ARG; \
  if ((n) > HBP_PAYLOAD_MAX) return HBP_ERR_TOO_LONG

static int window_ok(uint8_t w) { return w >= 1 && w <= HBP_WINDOW_LIMIT; }
static int payload_limit_ok(uint16_t p) { return p >= HBP_PAYLOAD_MIN && p <= HBP_PAYLOAD_MAX; }

static int str_fits(const char* s, size_t max_len) {
  for (size_t i = 0; i <= max_len; ++i)
    if (s[i] == '\0') return 1;
  return 0;
}

/* ---- misc -------------------------------------------------------------- */

uint32_t hbp_tensor_bytes(const hbp_tensor_desc* d) {
  uint32_t elem;
  switch (d->dtype) {
    case HBP_DT_INT8:
    case HBP_DT_UINT8:
      elem = 1;
      break;
    case HBP_DT_INT16:
      elem = 2;
      break;
    case HBP_DT_INT32:
    case HBP_DT_FLOAT32:
      elem = 4;
      break;
    default:
      return 0;
  }
  uint32_t n = elem;
  for (uint8_t i = 0; i < d->ndim && i < HBP_MAX_DIMS; ++i) n *= d->dims[i];
  return n;
}

const char* hbp_msg_name(uint8_t type) {
  switch (type) {
    case HBP_MSG_HELLO:
      return "HELLO";
    case HBP_MSG_INFO:
      return "INFO";
    case HBP_MSG_LOAD:
      return "LOAD";
    case HBP_MSG_INFER:
      return "INFER";
    case HBP_MSG_RESULT:
      return "RESULT";
    case HBP_MSG_RESULT_CHUNK:
      return "RESULT_CHUNK";
    case HBP_MSG_PING:
      return "PING";
    case HBP_MSG_PONG:
      return "PONG";
    case HBP_MSG_RESET:
      return "RESET";
    case HBP_MSG_ERROR:
      return "ERROR";
    case HBP_MSG_LOG:
      return "LOG";
    case HBP_MSG_ACK:
      return "ACK";
    case HBP_MSG_NAK:
      return "NAK";
    case HBP_MSG_SET_BAUD:
      return "SET_BAUD";
    case HBP_MSG_BAUD:
      return "BAUD";
    default:
      return "?";
  }
}

/* ---- HELLO ------------------------------------------------------------- */

static int hello_ok(const hbp_hello* m) {
  return m->version >= 1 && window_ok(m->window) && payload_limit_ok(m->max_payload);
}

hbp_status hbp_hello_encode(const hbp_hello* m, uint8_t* buf, size_t cap, size_t* len) {
  ENC_PROLOGUE(m, buf, len);
  if (!hello_ok(m)) return HBP_ERR_RANGE;
  hbp_writer w;
  hbp_writer_init(&w, buf, cap);
  hbp_w_u8(&w, m->version);
  hbp_w_u8(&w, m->window);
  hbp_w_u16(&w, m->max_payload);
  hbp_w_u32(&w, m->session);
  return enc_finish(&w, len);
}

hbp_status hbp_hello_decode(const uint8_t* p, size_t n, hbp_hello* m) {
  DEC_PROLOGUE(p, n, m);
  hbp_reader r;
  hbp_reader_init(&r, p, n);
  m->version = hbp_r_u8(&r);
  m->window = hbp_r_u8(&r);
  m->max_payload = hbp_r_u16(&r);
  m->session = hbp_r_u32(&r);
  hbp_status st = dec_finish(&r, 0);
  if (st != HBP_OK) return st;
  return hello_ok(m) ? HBP_OK : HBP_ERR_RANGE;
}

/* ---- INFO -------------------------------------------------------------- */

static int tensor_ok(const hbp_tensor_desc* t) {
  return t->dtype >= HBP_DT_INT8 && t->dtype <= HBP_DT_FLOAT32 && t->ndim <= HBP_MAX_DIMS;
}

static void w_tensor(hbp_writer* w, const hbp_tensor_desc* t) {
  hbp_w_u8(w, t->dtype);
  hbp_w_u8(w, t->ndim);
  for (int i = 0; i < HBP_MAX_DIMS; ++i) hbp_w_u32(w, t->dims[i]);
  hbp_w_f32(w, t->scale);
  hbp_w_u32(w, (uint32_t)t->zero_point);
}

static void r_tensor(hbp_reader* r, hbp_tensor_desc* t) {
  t->dtype = hbp_r_u8(r);
  t->ndim = hbp_r_u8(r);
  for (int i = 0; i < HBP_MAX_DIMS; ++i) t->dims[i] = hbp_r_u32(r);
  t->scale = hbp_r_f32(r);
  t->zero_point = (int32_t)hbp_r_u32(r);
}

static int info_ok(const hbp_info* m) {
  return m->version >= 1 && window_ok(m->window) && payload_limit_ok(m->max_payload) && m->n_slots >= 1 &&
         m->timer_source <= HBP_TIMER_CLOCK_NS && m->rx_policy <= HBP_RXP_RING_ISR && m->timer_hz >= 1 &&
         tensor_ok(&m->input) && tensor_ok(&m->output);
}

hbp_status hbp_info_encode(const hbp_info* m, uint8_t* buf, size_t cap, size_t* len) {
  ENC_PROLOGUE(m, buf, len);
  if (!info_ok(m) || !str_fits(m->fw_build, HBP_STR_MAX) || !str_fits(m->board, HBP_STR_MAX) ||
      !str_fits(m->model_name, HBP_STR_MAX) || !str_fits(m->timer_unit, HBP_STR_MAX))
    return HBP_ERR_RANGE;
  hbp_writer w;
  hbp_writer_init(&w, buf, cap);
  hbp_w_u32(&w, m->session);
  hbp_w_u8(&w, m->version);
  hbp_w_u8(&w, m->window);
  hbp_w_u16(&w, m->max_payload);
  hbp_w_u8(&w, m->n_slots);
  hbp_w_u8(&w, m->timer_source);
  hbp_w_u8(&w, m->rx_policy);
  hbp_w_u32(&w, m->caps);
  hbp_w_u32(&w, m->cpuid);
  hbp_w_u32(&w, m->core_clock_hz);
  hbp_w_u32(&w, m->timer_hz);
  hbp_w_u32(&w, m->arena_bytes);
  hbp_w_u16(&w, m->op_count);
  hbp_w_bytes(&w, m->plan_hash, HBP_HASH_SIZE);
  w_tensor(&w, &m->input);
  w_tensor(&w, &m->output);
  hbp_w_str8(&w, m->fw_build, HBP_STR_MAX);
  hbp_w_str8(&w, m->board, HBP_STR_MAX);
  hbp_w_str8(&w, m->model_name, HBP_STR_MAX);
  hbp_w_str8(&w, m->timer_unit, HBP_STR_MAX);
  return enc_finish(&w, len);
}

hbp_status hbp_info_decode(const uint8_t* p, size_t n, hbp_info* m) {
  DEC_PROLOGUE(p, n, m);
  hbp_reader r;
  hbp_reader_init(&r, p, n);
  m->session = hbp_r_u32(&r);
  m->version = hbp_r_u8(&r);
  m->window = hbp_r_u8(&r);
  m->max_payload = hbp_r_u16(&r);
  m->n_slots = hbp_r_u8(&r);
  m->timer_source = hbp_r_u8(&r);
  m->rx_policy = hbp_r_u8(&r);
  m->caps = hbp_r_u32(&r);
  m->cpuid = hbp_r_u32(&r);
  m->core_clock_hz = hbp_r_u32(&r);
  m->timer_hz = hbp_r_u32(&r);
  m->arena_bytes = hbp_r_u32(&r);
  m->op_count = hbp_r_u16(&r);
  hbp_r_bytes(&r, m->plan_hash, HBP_HASH_SIZE);
  r_tensor(&r, &m->input);
  r_tensor(&r, &m->output);
  int str_err = 0;
  str_err |= hbp_r_str8(&r, m->fw_build, HBP_STR_MAX);
  str_err |= hbp_r_str8(&r, m->board, HBP_STR_MAX);
  str_err |= hbp_r_str8(&r, m->model_name, HBP_STR_MAX);
  str_err |= hbp_r_str8(&r, m->timer_unit, HBP_STR_MAX);
  hbp_status st = dec_finish(&r, str_err);
  if (st != HBP_OK) return st;
  return info_ok(m) ? HBP_OK : HBP_ERR_RANGE;
}

/* ---- LOAD -------------------------------------------------------------- */

static int load_ok(uint32_t offset, size_t len) { return len >= 1 && len - 1u <= 0xFFFFFFFFu - offset; }

hbp_status hbp_load_encode(const hbp_load* m, uint8_t* buf, size_t cap, size_t* len) {
  ENC_PROLOGUE(m, buf, len);
  if (!m->data && m->len) return HBP_ERR_ARG;
  if (!load_ok(m->offset, m->len)) return HBP_ERR_RANGE;
  hbp_writer w;
  hbp_writer_init(&w, buf, cap);
  hbp_w_u8(&w, m->slot);
  hbp_w_u32(&w, m->offset);
  hbp_w_bytes(&w, m->data, m->len);
  return enc_finish(&w, len);
}

hbp_status hbp_load_decode(const uint8_t* p, size_t n, hbp_load* m) {
  DEC_PROLOGUE(p, n, m);
  hbp_reader r;
  hbp_reader_init(&r, p, n);
  m->slot = hbp_r_u8(&r);
  m->offset = hbp_r_u32(&r);
  m->len = (uint16_t)hbp_r_rest(&r, &m->data);
  hbp_status st = dec_finish(&r, 0);
  if (st != HBP_OK) return st;
  if (m->len == 0) return HBP_ERR_TRUNCATED; /* a LOAD without data */
  return load_ok(m->offset, m->len) ? HBP_OK : HBP_ERR_RANGE;
}

/* ---- INFER ------------------------------------------------------------- */

hbp_status hbp_infer_encode(const hbp_infer* m, uint8_t* buf, size_t cap, size_t* len) {
  ENC_PROLOGUE(m, buf, len);
  hbp_writer w;
  hbp_writer_init(&w, buf, cap);
  hbp_w_u8(&w, m->slot);
  hbp_w_u8(&w, m->flags);
  hbp_w_u32(&w, m->tag);
  return enc_finish(&w, len);
}

hbp_status hbp_infer_decode(const uint8_t* p, size_t n, hbp_infer* m) {
  DEC_PROLOGUE(p, n, m);
  hbp_reader r;
  hbp_reader_init(&r, p, n);
  m->slot = hbp_r_u8(&r);
  m->flags = hbp_r_u8(&r);
  m->tag = hbp_r_u32(&r);
  return dec_finish(&r, 0);
}

/* ---- RESULT / RESULT_CHUNK --------------------------------------------- */

static int result_ok(const hbp_result* m) {
  uint64_t body = (uint64_t)m->output_bytes + 4u * (uint64_t)m->op_count;
  return (uint64_t)m->len <= body;
}

hbp_status hbp_result_encode(const hbp_result* m, uint8_t* buf, size_t cap, size_t* len) {
  ENC_PROLOGUE(m, buf, len);
  if (!m->data && m->len) return HBP_ERR_ARG;
  if (!result_ok(m)) return HBP_ERR_RANGE;
  hbp_writer w;
  hbp_writer_init(&w, buf, cap);
  hbp_w_u32(&w, m->tag);
  hbp_w_u16(&w, m->status);
  hbp_w_u8(&w, m->slot);
  hbp_w_u8(&w, m->flags);
  hbp_w_u64(&w, m->ticks);
  hbp_w_u32(&w, m->rx_bytes);
  hbp_w_u32(&w, m->output_bytes);
  hbp_w_u16(&w, m->op_count);
  hbp_w_bytes(&w, m->data, m->len);
  return enc_finish(&w, len);
}

hbp_status hbp_result_decode(const uint8_t* p, size_t n, hbp_result* m) {
  DEC_PROLOGUE(p, n, m);
  hbp_reader r;
  hbp_reader_init(&r, p, n);
  m->tag = hbp_r_u32(&r);
  m->status = hbp_r_u16(&r);
  m->slot = hbp_r_u8(&r);
  m->flags = hbp_r_u8(&r);
  m->ticks = hbp_r_u64(&r);
  m->rx_bytes = hbp_r_u32(&r);
  m->output_bytes = hbp_r_u32(&r);
  m->op_count = hbp_r_u16(&r);
  m->len = (uint16_t)hbp_r_rest(&r, &m->data);
  hbp_status st = dec_finish(&r, 0);
  if (st != HBP_OK) return st;
  return result_ok(m) ? HBP_OK : HBP_ERR_RANGE;
}

hbp_status hbp_result_chunk_encode(const hbp_result_chunk* m, uint8_t* buf, size_t cap, size_t* len) {
  ENC_PROLOGUE(m, buf, len);
  if (!m->data && m->len) return HBP_ERR_ARG;
  if (m->len == 0) return HBP_ERR_RANGE;
  hbp_writer w;
  hbp_writer_init(&w, buf, cap);
  hbp_w_u32(&w, m->tag);
  hbp_w_u32(&w, m->offset);
  hbp_w_bytes(&w, m->data, m->len);
  return enc_finish(&w, len);
}

hbp_status hbp_result_chunk_decode(const uint8_t* p, size_t n, hbp_result_chunk* m) {
  DEC_PROLOGUE(p, n, m);
  hbp_reader r;
  hbp_reader_init(&r, p, n);
  m->tag = hbp_r_u32(&r);
  m->offset = hbp_r_u32(&r);
  m->len = (uint16_t)hbp_r_rest(&r, &m->data);
  hbp_status st = dec_finish(&r, 0);
  if (st != HBP_OK) return st;
  return m->len >= 1 ? HBP_OK : HBP_ERR_TRUNCATED;
}

/* ---- PING / PONG ------------------------------------------------------- */

hbp_status hbp_ping_encode(const hbp_ping* m, uint8_t* buf, size_t cap, size_t* len) {
  ENC_PROLOGUE(m, buf, len);
  if (!m->data && m->len) return HBP_ERR_ARG;
  hbp_writer w;
  hbp_writer_init(&w, buf, cap);
  hbp_w_u32(&w, m->token);
  hbp_w_bytes(&w, m->data, m->len);
  return enc_finish(&w, len);
}

hbp_status hbp_ping_decode(const uint8_t* p, size_t n, hbp_ping* m) {
  DEC_PROLOGUE(p, n, m);
  hbp_reader r;
  hbp_reader_init(&r, p, n);
  m->token = hbp_r_u32(&r);
  m->len = (uint16_t)hbp_r_rest(&r, &m->data);
  return dec_finish(&r, 0);
}

hbp_status hbp_pong_encode(const hbp_pong* m, uint8_t* buf, size_t cap, size_t* len) {
  ENC_PROLOGUE(m, buf, len);
  if (!m->data && m->len) return HBP_ERR_ARG;
  hbp_writer w;
  hbp_writer_init(&w, buf, cap);
  hbp_w_u32(&w, m->token);
  hbp_w_u64(&w, m->timer_ticks);
  hbp_w_bytes(&w, m->data, m->len);
  return enc_finish(&w, len);
}

hbp_status hbp_pong_decode(const uint8_t* p, size_t n, hbp_pong* m) {
  DEC_PROLOGUE(p, n, m);
  hbp_reader r;
  hbp_reader_init(&r, p, n);
  m->token = hbp_r_u32(&r);
  m->timer_ticks = hbp_r_u64(&r);
  m->len = (uint16_t)hbp_r_rest(&r, &m->data);
  return dec_finish(&r, 0);
}

/* ---- RESET ------------------------------------------------------------- */

hbp_status hbp_reset_encode(const hbp_reset* m, uint8_t* buf, size_t cap, size_t* len) {
  ENC_PROLOGUE(m, buf, len);
  if (m->mode > HBP_RESET_REBOOT) return HBP_ERR_RANGE;
  hbp_writer w;
  hbp_writer_init(&w, buf, cap);
  hbp_w_u8(&w, m->mode);
  return enc_finish(&w, len);
}

hbp_status hbp_reset_decode(const uint8_t* p, size_t n, hbp_reset* m) {
  DEC_PROLOGUE(p, n, m);
  hbp_reader r;
  hbp_reader_init(&r, p, n);
  m->mode = hbp_r_u8(&r);
  hbp_status st = dec_finish(&r, 0);
  if (st != HBP_OK) return st;
  return m->mode <= HBP_RESET_REBOOT ? HBP_OK : HBP_ERR_RANGE;
}

/* ---- ERROR / LOG ------------------------------------------------------- */

hbp_status hbp_error_encode(const hbp_error* m, uint8_t* buf, size_t cap, size_t* len) {
  ENC_PROLOGUE(m, buf, len);
  if (!str_fits(m->text, HBP_TEXT_MAX)) return HBP_ERR_RANGE;
  hbp_writer w;
  hbp_writer_init(&w, buf, cap);
  hbp_w_u16(&w, m->code);
  hbp_w_u16(&w, m->ref_seq);
  hbp_w_u8(&w, m->ref_type);
  hbp_w_str8(&w, m->text, HBP_TEXT_MAX);
  return enc_finish(&w, len);
}

hbp_status hbp_error_decode(const uint8_t* p, size_t n, hbp_error* m) {
  DEC_PROLOGUE(p, n, m);
  hbp_reader r;
  hbp_reader_init(&r, p, n);
  m->code = hbp_r_u16(&r);
  m->ref_seq = hbp_r_u16(&r);
  m->ref_type = hbp_r_u8(&r);
  int str_err = hbp_r_str8(&r, m->text, HBP_TEXT_MAX);
  return dec_finish(&r, str_err);
}

hbp_status hbp_log_encode(const hbp_log* m, uint8_t* buf, size_t cap, size_t* len) {
  ENC_PROLOGUE(m, buf, len);
  if (m->level > HBP_LOG_DEBUG || !str_fits(m->text, HBP_TEXT_MAX)) return HBP_ERR_RANGE;
  hbp_writer w;
  hbp_writer_init(&w, buf, cap);
  hbp_w_u8(&w, m->level);
  hbp_w_str8(&w, m->text, HBP_TEXT_MAX);
  return enc_finish(&w, len);
}

hbp_status hbp_log_decode(const uint8_t* p, size_t n, hbp_log* m) {
  DEC_PROLOGUE(p, n, m);
  hbp_reader r;
  hbp_reader_init(&r, p, n);
  m->level = hbp_r_u8(&r);
  int str_err = hbp_r_str8(&r, m->text, HBP_TEXT_MAX);
  hbp_status st = dec_finish(&r, str_err);
  if (st != HBP_OK) return st;
  return m->level <= HBP_LOG_DEBUG ? HBP_OK : HBP_ERR_RANGE;
}

/* ---- ACK / NAK --------------------------------------------------------- */

hbp_status hbp_ack_encode(const hbp_ack* m, uint8_t* buf, size_t cap, size_t* len) {
  ENC_PROLOGUE(m, buf, len);
  hbp_writer w;
  hbp_writer_init(&w, buf, cap);
  hbp_w_u16(&w, m->next);
  return enc_finish(&w, len);
}

hbp_status hbp_ack_decode(const uint8_t* p, size_t n, hbp_ack* m) {
  DEC_PROLOGUE(p, n, m);
  hbp_reader r;
  hbp_reader_init(&r, p, n);
  m->next = hbp_r_u16(&r);
  return dec_finish(&r, 0);
}

static int nak_ok(uint8_t reason) { return reason >= HBP_NAK_CORRUPT && reason <= HBP_NAK_VERSION; }

hbp_status hbp_nak_encode(const hbp_nak* m, uint8_t* buf, size_t cap, size_t* len) {
  ENC_PROLOGUE(m, buf, len);
  if (!nak_ok(m->reason)) return HBP_ERR_RANGE;
  hbp_writer w;
  hbp_writer_init(&w, buf, cap);
  hbp_w_u16(&w, m->next);
  hbp_w_u8(&w, m->reason);
  return enc_finish(&w, len);
}

hbp_status hbp_nak_decode(const uint8_t* p, size_t n, hbp_nak* m) {
  DEC_PROLOGUE(p, n, m);
  hbp_reader r;
  hbp_reader_init(&r, p, n);
  m->next = hbp_r_u16(&r);
  m->reason = hbp_r_u8(&r);
  hbp_status st = dec_finish(&r, 0);
  if (st != HBP_OK) return st;
  return nak_ok(m->reason) ? HBP_OK : HBP_ERR_RANGE;
}

/* ---- SET_BAUD / BAUD --------------------------------------------------- */

hbp_status hbp_set_baud_encode(const hbp_set_baud* m, uint8_t* buf, size_t cap, size_t* len) {
  ENC_PROLOGUE(m, buf, len);
  if (m->baud == 0 || m->revert_ms == 0) return HBP_ERR_RANGE;
  hbp_writer w;
  hbp_writer_init(&w, buf, cap);
  hbp_w_u32(&w, m->baud);
  hbp_w_u16(&w, m->revert_ms);
  return enc_finish(&w, len);
}

hbp_status hbp_set_baud_decode(const uint8_t* p, size_t n, hbp_set_baud* m) {
  DEC_PROLOGUE(p, n, m);
  hbp_reader r;
  hbp_reader_init(&r, p, n);
  m->baud = hbp_r_u32(&r);
  m->revert_ms = hbp_r_u16(&r);
  hbp_status st = dec_finish(&r, 0);
  if (st != HBP_OK) return st;
  return m->baud != 0 && m->revert_ms != 0 ? HBP_OK : HBP_ERR_RANGE;
}

hbp_status hbp_baud_encode(const hbp_baud* m, uint8_t* buf, size_t cap, size_t* len) {
  ENC_PROLOGUE(m, buf, len);
  if (m->status > HBP_BAUD_UNSUPPORTED) return HBP_ERR_RANGE;
  hbp_writer w;
  hbp_writer_init(&w, buf, cap);
  hbp_w_u32(&w, m->baud);
  hbp_w_u8(&w, m->status);
  return enc_finish(&w, len);
}

hbp_status hbp_baud_decode(const uint8_t* p, size_t n, hbp_baud* m) {
  DEC_PROLOGUE(p, n, m);
  hbp_reader r;
  hbp_reader_init(&r, p, n);
  m->baud = hbp_r_u32(&r);
  m->status = hbp_r_u8(&r);
  hbp_status st = dec_finish(&r, 0);
  if (st != HBP_OK) return st;
  return m->status <= HBP_BAUD_UNSUPPORTED ? HBP_OK : HBP_ERR_RANGE;
}
