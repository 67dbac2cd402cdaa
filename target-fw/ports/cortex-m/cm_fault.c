#include "cm_fault.h"

#include "codec/frame.h"
#include "codec/messages.h"

#if defined(__arm__) /* the rest is plain C, also built for the host tests */
void cm_fault_read(const uint32_t* frame, cm_fault_info* out) {
  uint32_t ipsr;
  __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
  out->exception = ipsr & 0x1FFu;
  out->cfsr = CM_FAULT_CFSR;
  out->hfsr = CM_FAULT_HFSR;
  out->mmfar = CM_FAULT_MMFAR;
  out->bfar = CM_FAULT_BFAR;
  /* A failed stacking left no frame to read (and reading it could fault
   * again, which locks the core up before the host hears anything). */
  const int usable = !(out->cfsr & CM_CFSR_STACKING_FAILED) && ((uintptr_t)frame & 3u) == 0u;
  out->lr = usable ? frame[5] : 0u;
  out->pc = usable ? frame[6] : 0u;
}
#endif

static const char* exception_name(uint32_t n) {
  switch (n) {
    case 2:
      return "NMI";
    case 3:
      return "HardFault";
    case 4:
      return "MemManage";
    case 5:
      return "BusFault";
    case 6:
      return "UsageFault";
    case 7:
      return "SecureFault";
    default:
      return "unexpected exception";
  }
}

/* Appends s to out[*at..cap-1], always terminated. */
static void put(char* out, size_t cap, size_t* at, const char* s) {
  while (*s && *at + 1 < cap) out[(*at)++] = *s++;
  out[*at] = '\0';
}

static void put_hex(char* out, size_t cap, size_t* at, const char* label, uint32_t v) {
  static const char digits[] = "0123456789abcdef";
  char h[12] = " 0x";
  for (int i = 0; i < 8; ++i) h[3 + i] = digits[(v >> (28 - 4 * i)) & 0xFu];
  h[11] = '\0';
  put(out, cap, at, label);
  put(out, cap, at, h);
}

void cm_fault_text(const cm_fault_info* f, char* out, size_t cap) {
  size_t at = 0;
  if (cap == 0) return;
  out[0] = '\0';
  put(out, cap, &at, exception_name(f->exception));
  if (f->exception < 2 || f->exception > 7) put_hex(out, cap, &at, "", f->exception);
  put_hex(out, cap, &at, ": CFSR", f->cfsr);
  put_hex(out, cap, &at, " HFSR", f->hfsr);
  put_hex(out, cap, &at, " MMFAR", f->mmfar);
  put_hex(out, cap, &at, " BFAR", f->bfar);
  put_hex(out, cap, &at, " PC", f->pc);
  put_hex(out, cap, &at, " LR", f->lr);
  put(out, cap, &at, " (board resets)");
}

size_t cm_fault_error_frame(const cm_fault_info* f, uint8_t* wire, size_t cap) {
  static hbp_error e; /* static: a fault may come with little stack left */
  e.code = HBP_EC_INTERNAL;
  e.ref_seq = 0;
  e.ref_type = 0;
  cm_fault_text(f, e.text, sizeof e.text);
  uint8_t payload[8 + HBP_TEXT_MAX];
  size_t len = 0;
  if (hbp_error_encode(&e, payload, sizeof payload, &len) != HBP_OK) return 0;
  const hbp_header h = {HBP_VERSION, HBP_MSG_ERROR, HBP_FLAG_UNSEQ, 0, (uint16_t)len};
  size_t n = 0;
  if (hbp_frame_encode(&h, payload, wire, cap, &n) != HBP_OK) return 0;
  return n;
}
