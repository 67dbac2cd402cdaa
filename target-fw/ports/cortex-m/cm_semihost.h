/* Arm semihosting (BKPT 0xAB): calls answered by a debugger or by QEMU
 * with -semihosting-config enable=on. Without one attached BKPT faults, so
 * only ports that always run under one (the QEMU boards) may call these. */
#ifndef HB_CM_SEMIHOST_H
#define HB_CM_SEMIHOST_H

#include <stdint.h>

/* Writes a NUL-terminated string to the host's debug console (QEMU: stderr). */
void cm_semihost_write0(const char* s);

/* Host clock: ticks since the program started and their rate (SYS_ELAPSED,
 * SYS_TICKFREQ; QEMU answers in host nanoseconds). Return 0, or -1 if the
 * host does not support the call. */
int cm_semihost_elapsed(uint64_t* ticks);
int cm_semihost_tickfreq(uint32_t* hz);

/* Ends the session with an exit status (SYS_EXIT_EXTENDED): QEMU exits
 * with `code`. */
void cm_semihost_exit(uint32_t code) __attribute__((noreturn));

#endif
