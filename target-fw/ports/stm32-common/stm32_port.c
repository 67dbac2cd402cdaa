/* hb_port_* for the STM32 boards: the app's link is the VCP USART, its
 * benchmark timer DWT CYCCNT extended to 64 bits, its memory the pools the
 * linker left free, carved per model (mem_carve.h). */
#include <string.h>

#include "app/port.h"
#include "codec/messages.h"
#include "nn/engine.h"
#include "stm32_board.h"
#include "stm32_cm.h"
#include "stm32_iwdg.h"
#include "stm32_port.h"
#include "stm32_usart.h"

/* Reception: circular DMA (ring_dma: no CPU work per byte, so the host may
 * load the next input during a timed run), or the RX interrupt (ring_isr)
 * with -DHB_STM32_RX_DMA=0. */
#if HB_STM32_RX_DMA
#include "stm32_dma_rx.h"
#define RX_POLICY HBP_RXP_RING_DMA
#define rx_read hb_dma_rx_read
#define rx_pending hb_dma_rx_pending
#define rx_counts hb_dma_rx_counts
#else
#define RX_POLICY HBP_RXP_RING_ISR
#define rx_read hb_usart_read
#define rx_pending hb_usart_pending
#define rx_counts hb_usart_counts
#endif

#ifndef HB_FW_BUILD
#define HB_FW_BUILD "hb-fw stm32"
#endif

#define MAX_POOLS 4
#define MAX_SLOTS 4u /* two already let the host load one input while the other runs */

extern uint8_t __plan_start[], __plan_end[];

static hb_port_info_t g_info = {
    .fw_build = HB_FW_BUILD,
    .timer_source = HBP_TIMER_DWT_CYCLES,
    .timer_unit = "cycles",
    .rx_policy = RX_POLICY,
    .rx_window = HB_STM32_RX_WINDOW,
};
static hb_port_mem_t g_mem;
static uint32_t g_plan_len;

/* SysTick: 1 ms tick for hb_port_now_ms and, in the same interrupt, a look
 * at CYCCNT well within each of its 2^32-cycle wraps (10.7 s at 400 MHz). */
static volatile uint32_t g_ms;
static volatile uint32_t g_cyc_hi, g_cyc_last;

static uint64_t cycles_locked(void) {
  const uint32_t now = DWT_CYCCNT;
  if (now < g_cyc_last) g_cyc_hi = g_cyc_hi + 1u;
  g_cyc_last = now;
  return ((uint64_t)g_cyc_hi << 32) | now;
}

void SysTick_Handler(void) {
  g_ms = g_ms + 1u;
  (void)cycles_locked(); /* SysTick runs at the lowest priority; nothing preempting it reads CYCCNT */
}

static void dwt_on(void) {
  DEMCR |= DEMCR_TRCENA;
#if defined(__ARM_ARCH_7EM__)
  DWT_LAR = DWT_LAR_KEY; /* Cortex-M7 only; Armv8-M (M33) has no lock register */
#endif
  DWT_CTRL |= DWT_CTRL_CYCCNTENA;
}

/* The plan region holds a plan (header magic first) or erased flash. */
static uint32_t plan_length(void) {
  const uint32_t region = (uint32_t)(__plan_end - __plan_start);
  hb_plan_header h;
  memcpy(&h, __plan_start, sizeof h);
  if (h.magic == HB_PLAN_MAGIC && h.total_bytes >= sizeof h && h.total_bytes <= region) return h.total_bytes;
  return region; /* hb_plan_open reports what is wrong with it */
}

/* Arena and slots for the plan in flash. When the plan does not fit (or
 * there is none) the app must still get memory: it then reports "arena too
 * small" / "input larger than the slots" (or "no model") to the host. */
static void carve_memory(void) {
  hb_pool pools[MAX_POOLS];
  const int n = hb_board_pools(pools, MAX_POOLS);
  uint32_t arena = 0, input = 0;
  hb_plan p;
  const int have_plan = hb_plan_open(&p, __plan_start, g_plan_len) == HB_OK;
  if (have_plan) {
    arena = p.hdr->arena_bytes;
    input = p.tensors[p.hdr->input_tensor].bytes;
  }
  hb_carve c;
  const hb_carve_status st = hb_carve_run(pools, n, arena, input, MAX_SLOTS, &c);
  if (st == HB_CARVE_OK && have_plan) {
    g_mem.arena = (uint8_t*)(uintptr_t)c.arena_start;
    g_mem.arena_bytes = c.arena_bytes;
    g_mem.slots = (uint8_t*)(uintptr_t)c.slots_start;
    g_mem.slot_bytes = c.slot_bytes;
    g_mem.n_slots = (uint8_t)c.n_slots;
    return;
  }
  if (st == HB_CARVE_NO_SLOT) { /* the host's check refuses this model too */
    g_mem.arena = (uint8_t*)(uintptr_t)c.arena_start;
    g_mem.arena_bytes = c.arena_bytes;
    g_mem.slots = g_mem.arena;
    g_mem.slot_bytes = 0;
    g_mem.n_slots = 1;
    return;
  }
  /* No plan, or an arena no pool holds: the largest pool is the arena and
   * two slots share the second largest (or the largest pool's last quarter). */
  int big = 0, other = -1;
  for (int i = 1; i < n; ++i)
    if (pools[i].bytes > pools[big].bytes) big = i;
  for (int i = 0; i < n; ++i)
    if (i != big && (other < 0 || pools[i].bytes > pools[other].bytes)) other = i;
  const uint32_t a0 = hb_carve_align(pools[big].start), a_end = pools[big].start + pools[big].bytes;
  uint32_t s0, s_end = a_end, a_len = (a_end - a0) & ~(HB_CARVE_ALIGN - 1u);
  if (other >= 0) {
    s0 = hb_carve_align(pools[other].start);
    s_end = pools[other].start + pools[other].bytes;
  } else {
    a_len = ((a_end - a0) / 4u * 3u) & ~(HB_CARVE_ALIGN - 1u);
    s0 = a0 + a_len;
  }
  g_mem.arena = (uint8_t*)(uintptr_t)a0;
  g_mem.arena_bytes = a_len;
  g_mem.slots = (uint8_t*)(uintptr_t)s0;
  g_mem.slot_bytes = ((s_end - s0) / 2u) & ~(HB_CARVE_ALIGN - 1u);
  g_mem.n_slots = 2;
}

void hb_stm32_port_init(int clocks_ok) {
  g_info.board = hb_board.name;
  g_info.cpuid = SCB_CPUID;
  /* On a clock failure the chip runs on its reset oscillator: an unknown
   * rate, so say 0 rather than report cycles at a wrong frequency. */
  g_info.core_clock_hz = clocks_ok ? hb_board.core_hz : 0u;
  g_info.timer_hz = g_info.core_clock_hz;
  g_plan_len = plan_length();
  carve_memory();
  dwt_on();
  SYST_RVR = hb_board.core_hz / 1000u - 1u;
  SYST_CVR = 0;
  SCB_SHPR3 = (SCB_SHPR3 & 0x00FFFFFFu) | (0xF0u << 24); /* SysTick: lowest priority */
  SYST_CSR = SYST_ENABLE_TICKINT_CORECLK;
  hb_usart_init(hb_board.usart_base, hb_board.usart_kernel_hz, hb_board.baud, hb_board.usart_irq);
#if HB_STM32_RX_DMA
  hb_dma_rx_init(hb_board.usart_base, hb_board.usart_irq);
#endif
  __asm__ volatile("cpsie i" ::: "memory");
  hb_iwdg_start(hb_board.iwdg_base);
}

const hb_port_info_t* hb_port_info(void) { return &g_info; }
const hb_port_mem_t* hb_port_mem(void) { return &g_mem; }

int hb_port_plan(const uint8_t** ptr, uint32_t* len) {
  *ptr = __plan_start;
  *len = g_plan_len;
  return 0;
}

void hb_port_write(const uint8_t* bytes, size_t n) {
  hb_iwdg_refresh(); /* a long RESULT leaves no idle time between its frames */
  hb_usart_write(bytes, n);
}
size_t hb_port_read(uint8_t* buf, size_t max) { return rx_read(buf, max); }
void hb_port_rx_counts(uint32_t* arrived, uint32_t* dropped) { rx_counts(arrived, dropped); }
uint32_t hb_port_now_ms(void) { return g_ms; }

/* SET_BAUD (the descriptor's link.bauds; the ST-LINK VCP follows the host). */
int hb_port_set_baud(uint32_t baud) {
  if (hb_usart_set_baud(hb_board.usart_kernel_hz, baud) != 0) return -1;
  hb_board.baud = baud;
  return 0;
}
uint32_t hb_port_baud(void) { return hb_board.baud; }

/* Right before every inference: the watchdog's period covers one whole
 * inference, and the main loop refreshes it again in idle. */
void hb_port_timer_start(void) {
  hb_iwdg_refresh();
  dwt_on();
}

uint64_t hb_port_timer_read(void) {
  const uint32_t pm = hb_irq_save();
  const uint64_t t = cycles_locked();
  hb_irq_restore(pm);
  return t;
}

/* No WFI: it gates the core clock, and CYCCNT counts core cycles, so the
 * "free-running" timer would stall while idle and two PINGs could not
 * measure its rate. Spin until a byte or the next millisecond instead. */
void hb_port_idle(void) {
  hb_iwdg_refresh();
  const uint32_t t = g_ms;
  while (g_ms == t && rx_pending() == 0u) {
  }
}

void hb_port_reboot(void) {
  hb_usart_drain(); /* the RESET acknowledgement must leave before the reset */
  SCB_AIRCR = AIRCR_SYSRESETREQ;
  hb_dsb_isb();
  for (;;) {
  }
}
