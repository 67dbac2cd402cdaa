/* The board port: everything the protocol server (app.c) needs from a board.
 * Each port (target-fw/ports/<board>/) implements these functions; the app is
 * linked against exactly one port, so there is no function-pointer table and
 * no per-board #if in the app.
 *
 * Threading model: the app runs in one main loop. Only a port's RX interrupt
 * (or DMA) runs concurrently, and it only stores bytes (hbp_ring). */
#ifndef HB_PORT_H
#define HB_PORT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What the board reports in INFO. Strings are NUL terminated and at most
 * HBP_STR_MAX (63) characters; longer ones are truncated by the app. */
typedef struct {
  const char* board;      /* board id, e.g. "nucleo-h743zi", "sim" */
  const char* fw_build;   /* firmware build id, e.g. "hb-fw 0.1.0 sim" */
  uint32_t cpuid;         /* SCB->CPUID, 0 where there is none */
  uint32_t core_clock_hz; /* 0 if unknown (sim) */
  uint8_t timer_source;   /* enum hbp_timer_source */
  uint32_t timer_hz;      /* hb_port_timer_read ticks per second */
  const char* timer_unit; /* "cycles", "ns", ... */
  uint8_t rx_policy;      /* enum hbp_rx_policy: where bytes go while a run is timed */
  uint8_t rx_window;      /* frames the host may have in flight to us (INFO.window), 1..32:
                             what the RX path absorbs while the app is busy running the model */
} hb_port_info_t;

/* RAM the port sets aside for the app (static arrays sized per board). */
typedef struct {
  uint8_t* arena; /* 16-byte aligned activation arena */
  uint32_t arena_bytes;
  uint8_t* slots; /* n_slots input slots of slot_bytes each, back to back */
  uint32_t slot_bytes;
  uint8_t n_slots; /* >= 2 so the host can LOAD one slot while the other runs */
} hb_port_mem_t;

const hb_port_info_t* hb_port_info(void);
const hb_port_mem_t* hb_port_mem(void);

/* Where the model plan lives (a file on sim, a fixed flash region on MCUs).
 * Returns 0 with *ptr (16-byte aligned) and *len set, or -1 if there is none.
 * The app validates it with hb_plan_open; a bad plan is served as "no model". */
int hb_port_plan(const uint8_t** ptr, uint32_t* len);

/* Link bytes. write must take every byte (block or queue); it is only called
 * from the main loop. read is non-blocking: returns bytes copied (0 if none);
 * it never has to be called during a timed run, so bytes that arrive then
 * wait in the port's buffer (ring, DMA buffer, pty). */
void hb_port_write(const uint8_t* bytes, size_t n);
size_t hb_port_read(uint8_t* buf, size_t max);
/* Bytes that have ever arrived at the device (taken by read, still buffered,
 * or dropped) and bytes dropped because the buffer was full. Both wrap. The
 * app samples them around a timed run for RESULT.rx_bytes / RX_OVERFLOW. */
void hb_port_rx_counts(uint32_t* arrived, uint32_t* dropped);

/* SET_BAUD: switch the link to `baud` now (the app has waited until every
 * byte written so far has left). Returns 0, or -1 if the port cannot use that
 * rate. Optional: the app's weak default refuses every rate (links without a
 * baud rate: TCP, USB-CDC, emulated UARTs). */
int hb_port_set_baud(uint32_t baud);
/* The link's current rate in bit/s, 0 if it has none (weak default: 0). */
uint32_t hb_port_baud(void);

/* Called just before and just after the timed region (hb_run). A port whose
 * receive path would cost CPU time inside it (an RX interrupt) may hold
 * reception off meanwhile, e.g. mask the interrupt so bytes wait in the UART
 * and, beyond it, outside the device. Optional: weak defaults do nothing. */
void hb_port_run_begin(void);
void hb_port_run_end(void);

/* Milliseconds from any origin; wraps. Drives retransmission timeouts. */
uint32_t hb_port_now_ms(void);

/* The benchmark timer. timer_start prepares it (e.g. enables DWT CYCCNT) and
 * is called before every timed run; it must not reset the count, because
 * PONG reports timer_read as "device time now" and the host checks timer_hz
 * from two PONGs. timer_read is a free-running, monotonic 64-bit count (a
 * port with a 32-bit counter extends it). */
void hb_port_timer_start(void);
uint64_t hb_port_timer_read(void);

/* Nothing to do: sleep until an interrupt or a few milliseconds (WFI on
 * MCUs, poll() on sim). Must return within the retransmission timeout. */
void hb_port_idle(void);

/* RESET mode REBOOT. MCU ports reset the chip and do not return. A port that
 * returns (sim) has the app re-initialise itself as if it had rebooted. */
void hb_port_reboot(void);

#ifdef __cplusplus
}
#endif

#endif
