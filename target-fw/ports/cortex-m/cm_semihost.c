/* Semihosting calls: r0 = operation, r1 = argument, BKPT 0xAB, r0 = result
 * (Arm "Semihosting for AArch32 and AArch64", operation numbers there). */
#include "cm_semihost.h"

#define SYS_WRITE0 0x04u
#define SYS_EXIT_EXTENDED 0x20u
#define SYS_ELAPSED 0x30u
#define SYS_TICKFREQ 0x31u
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u

static int32_t call(uint32_t op, const volatile void* arg) {
  register uint32_t r0 __asm__("r0") = op;
  register const volatile void* r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return (int32_t)r0;
}

void cm_semihost_write0(const char* s) { (void)call(SYS_WRITE0, s); }

int cm_semihost_elapsed(uint64_t* ticks) {
  volatile uint32_t block[2] = {0, 0}; /* little-endian 64-bit count */
  if (call(SYS_ELAPSED, block) != 0) return -1;
  *ticks = ((uint64_t)block[1] << 32) | block[0];
  return 0;
}

int cm_semihost_tickfreq(uint32_t* hz) {
  int32_t r = call(SYS_TICKFREQ, 0);
  if (r <= 0) return -1;
  *hz = (uint32_t)r;
  return 0;
}

void cm_semihost_exit(uint32_t code) {
  volatile uint32_t block[2] = {ADP_STOPPED_APPLICATION_EXIT, code};
  (void)call(SYS_EXIT_EXTENDED, block);
  for (;;) {
  }
}
