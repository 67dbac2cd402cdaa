#include "session/types.h"

namespace hb::session {

TensorDesc tensor_from_wire(const hbp_tensor_desc& d) {
  TensorDesc t;
  t.dtype = d.dtype;
  for (uint8_t i = 0; i < d.ndim && i < HBP_MAX_DIMS; ++i) t.dims.push_back(d.dims[i]);
  t.scale = d.scale;
  t.zero_point = d.zero_point;
  t.bytes = hbp_tensor_bytes(&d);
  return t;
}

Info info_from_wire(const hbp_info& m) {
  Info i;
  i.session = m.session;
  i.version = m.version;
  i.window = m.window;
  i.max_payload = m.max_payload;
  i.n_slots = m.n_slots;
  i.timer_source = m.timer_source;
  i.rx_policy = m.rx_policy;
  i.caps = m.caps;
  i.cpuid = m.cpuid;
  i.core_clock_hz = m.core_clock_hz;
  i.timer_hz = m.timer_hz;
  i.arena_bytes = m.arena_bytes;
  i.op_count = m.op_count;
  for (size_t k = 0; k < i.plan_hash.size(); ++k) i.plan_hash[k] = m.plan_hash[k];
  i.input = tensor_from_wire(m.input);
  i.output = tensor_from_wire(m.output);
  i.fw_build = m.fw_build;
  i.board = m.board;
  i.model_name = m.model_name;
  i.timer_unit = m.timer_unit;
  return i;
}

const char* timer_source_name(uint8_t source) {
  switch (source) {
    case HBP_TIMER_DWT_CYCLES:
      return "dwt-cycles";
    case HBP_TIMER_SYSTICK_ICOUNT:
      return "systick-icount";
    case HBP_TIMER_PMU_CYCLES:
      return "pmu-cycles";
    case HBP_TIMER_CLOCK_NS:
      return "clock-ns";
    default:
      return "unknown";
  }
}

const char* rx_policy_name(uint8_t policy) {
  switch (policy) {
    case HBP_RXP_HELD_OFF:
      return "held-off";
    case HBP_RXP_RING_DMA:
      return "ring-dma";
    case HBP_RXP_RING_ISR:
      return "ring-isr";
    default:
      return "unknown";
  }
}

const char* result_status_name(uint16_t status) {
  switch (status) {
    case HBP_RS_OK:
      return "ok";
    case HBP_RS_BAD_SLOT:
      return "bad-slot";
    case HBP_RS_SLOT_INCOMPLETE:
      return "slot-incomplete";
    case HBP_RS_NO_MODEL:
      return "no-model";
    case HBP_RS_ENGINE_ERROR:
      return "engine-error";
    case HBP_RS_UNSUPPORTED:
      return "unsupported";
    case HBP_RS_BUSY:
      return "busy";
    default:
      return "unknown";
  }
}

const char* error_code_name(uint16_t code) {
  switch (code) {
    case HBP_EC_MALFORMED:
      return "MALFORMED";
    case HBP_EC_UNKNOWN_TYPE:
      return "UNKNOWN_TYPE";
    case HBP_EC_BAD_SLOT:
      return "BAD_SLOT";
    case HBP_EC_BAD_OFFSET:
      return "BAD_OFFSET";
    case HBP_EC_NOT_SUPPORTED:
      return "NOT_SUPPORTED";
    case HBP_EC_STATE:
      return "STATE";
    case HBP_EC_INTERNAL:
      return "INTERNAL";
    default:
      return "UNKNOWN";
  }
}

}  // namespace hb::session
