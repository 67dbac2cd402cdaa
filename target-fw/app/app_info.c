/* The model as the firmware sees it, and HELLO -> INFO. */
#include <string.h>

#include "app/app_internal.h"

static uint32_t min_u32(uint32_t a, uint32_t b) { return a < b ? a : b; }

void hb_app_open_model(hb_app* a) {
  const uint8_t* blob = NULL;
  uint32_t len = 0;
  a->model_ok = 0;
  a->input_bytes = a->output_bytes = 0;
  a->op_count = 0;
  hb_copy_str(a->model_name, "(none)", HBP_STR_MAX);
  memset(&a->plan, 0, sizeof a->plan);
  if (hb_port_plan(&blob, &len) != 0 || !blob) {
    a->problem = "no model plan in the firmware";
    return;
  }
  hb_status st = hb_plan_open(&a->plan, blob, len);
  if (st == HB_OK && a->plan.hdr->arena_bytes > a->mem->arena_bytes) st = HB_E_ARENA;
  if (st != HB_OK) {
    a->problem = hb_status_str(st);
    return;
  }
  const hb_tensor* in = &a->plan.tensors[a->plan.hdr->input_tensor];
  if (in->bytes > a->mem->slot_bytes) {
    a->problem = "input tensor larger than the firmware's input slots";
    return;
  }
  if (a->plan.hdr->n_ops > 0xFFFFu) {
    a->problem = "model plan has more than 65535 ops";
    return;
  }
  a->model_ok = 1;
  a->problem = "";
  a->input_bytes = in->bytes;
  a->output_bytes = a->plan.tensors[a->plan.hdr->output_tensor].bytes;
  a->op_count = (uint16_t)a->plan.hdr->n_ops;
  /* Copied, not pointed to: the header is outside the plan's CRC, so its
   * name field may lack a terminator. */
  hb_copy_str(a->model_name, a->plan.hdr->name, min_u32(HBP_STR_MAX, sizeof a->plan.hdr->name - 1u));
}

const char* hb_app_model_name(void) { return hb_g_app.model_name; }

const char* hb_app_plan_problem(void) { return hb_g_app.problem ? hb_g_app.problem : ""; }

static void tensor_desc(const hb_tensor* t, hbp_tensor_desc* d) {
  d->dtype = t->dtype; /* hbp_dtype uses hb_dtype's numbering */
  d->ndim = t->ndim;
  for (int i = 0; i < HBP_MAX_DIMS; ++i) d->dims[i] = (uint32_t)t->dims[i];
  d->scale = t->scale;
  d->zero_point = t->zero_point;
}

/* "No model" still needs encodable descriptors: a scalar int8. */
static void empty_desc(hbp_tensor_desc* d) {
  memset(d, 0, sizeof *d);
  d->dtype = HBP_DT_INT8;
  for (int i = 0; i < HBP_MAX_DIMS; ++i) d->dims[i] = 1;
}

static void fill_info(const hb_app* a, uint32_t session, hbp_info* m) {
  const hb_port_info_t* pi = hb_port_info();
  memset(m, 0, sizeof *m);
  m->session = session;
  m->version = (uint8_t)HBP_VERSION;
  m->window = pi->rx_window >= 1 && pi->rx_window <= HBP_WINDOW_LIMIT ? pi->rx_window : 1;
  m->max_payload = (uint16_t)HBP_PAYLOAD_MAX; /* the link's frame buffer holds HBP_FRAME_MAX */
  m->n_slots = a->n_slots;
  m->timer_source = pi->timer_source;
  m->rx_policy = pi->rx_policy;
  m->caps = a->op_count <= HB_APP_MAX_OPS ? HBP_CAP_PER_OP_TIMING : 0u;
  m->cpuid = pi->cpuid;
  m->core_clock_hz = pi->core_clock_hz;
  m->timer_hz = pi->timer_hz;
  /* The arena the board provides (what a plan may use); the plan's own need
   * is in the plan, which the host already has. */
  m->arena_bytes = a->mem->arena_bytes;
  m->op_count = a->op_count;
  if (a->model_ok) {
    memcpy(m->plan_hash, a->plan.hdr->model_sha256, HBP_HASH_SIZE);
    tensor_desc(&a->plan.tensors[a->plan.hdr->input_tensor], &m->input);
    tensor_desc(&a->plan.tensors[a->plan.hdr->output_tensor], &m->output);
  } else {
    empty_desc(&m->input);
    empty_desc(&m->output);
  }
  hb_copy_str(m->model_name, a->model_name, HBP_STR_MAX);
  hb_copy_str(m->fw_build, pi->fw_build, HBP_STR_MAX);
  hb_copy_str(m->board, pi->board, HBP_STR_MAX);
  hb_copy_str(m->timer_unit, pi->timer_unit, HBP_STR_MAX);
}

void hb_app_hello(hb_app* a, const hbp_rx_msg* msg) {
  hbp_hello h;
  hbp_status st = hbp_hello_decode(msg->payload, msg->len, &h);
  if (st != HBP_OK) {
    hb_text t;
    hb_text_init(&t);
    hb_text_str(&t, "HELLO: ");
    hb_text_str(&t, hbp_status_name(st));
    hb_app_error(a, HBP_EC_MALFORMED, msg, t.s);
    return;
  }
  /* A new session: nothing of the previous one survives (frames in flight,
   * queued replies, slots, pending inferences). Our new sequence space must
   * not start at the old SYN seq, or the host would take the new SYN frame for
   * a resent old one. */
  uint16_t first = a->link.tx.next_seq;
  if (first == a->tx_syn_seq) ++first;
  hbp_link_restart_tx(&a->link, first);
  a->tx_syn_seq = first;
  (void)hbp_tx_set_window(&a->link.tx, h.window < a->link.tx.n_slots ? h.window : a->link.tx.n_slots);
  (void)hbp_tx_set_max_payload(&a->link.tx, h.max_payload);
  hb_app_out_clear(a);
  hb_app_infer_cancel(a);
  hb_app_slots_clear(a);
  a->session_open = 1;

  hbp_info info;
  fill_info(a, h.session, &info);
  size_t n = 0;
  st = hbp_info_encode(&info, a->payload, sizeof a->payload, &n);
  if (st != HBP_OK) {
    hb_text t;
    hb_text_init(&t);
    hb_text_str(&t, "INFO: ");
    hb_text_str(&t, hbp_status_name(st));
    hb_app_error(a, HBP_EC_INTERNAL, msg, t.s);
    return;
  }
  hb_app_send(a, HBP_MSG_INFO, a->payload, n);
  if (!a->model_ok) {
    hb_text t;
    hb_text_init(&t);
    hb_text_str(&t, "no model: ");
    hb_text_str(&t, a->problem);
    hb_app_log(a, HBP_LOG_ERROR, t.s);
  }
}
