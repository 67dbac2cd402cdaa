/* hb_port_* for the QEMU MPS2 boards: CMSDK UART0 link (RX interrupt into
 * a ring), buffers in PSRAM, the plan in its own region, reset, idle. */
#include "qemu_port.h"

#include "app/port.h"
#include "board.h"
#include "cm_fault.h"
#include "cm_regs.h"
#include "cm_semihost.h"
#include "cm_startup.h"
#include "cm_timer.h"
#include "cmsdk_uart.h"
#include "codec/frame.h"
#include "codec/messages.h"
#include "codec/ring.h"
#include "nn/plan_format.h"

#ifndef HB_FW_BUILD
#define HB_FW_BUILD "hb-fw " BOARD_PORT
#endif

/* Frames the host may send while we run a model, and a ring that holds
 * them plus ACKs (PROTOCOL.md section 9). */
#define RX_WINDOW 16u
#define RX_RING_BYTES 32768u
#define N_SLOTS 2u
_Static_assert(RX_WINDOW* HBP_WIRE_MAX + 256u <= RX_RING_BYTES, "RX ring too small for the window");

#define BAUD 921600u /* nominal: QEMU moves bytes as fast as the host sends */

/* The plan region, filled by QEMU's loader device (linker script). */
extern const uint8_t _plan_start[], _plan_end[];

static _Alignas(16) uint8_t g_arena[BOARD_ARENA_BYTES] __attribute__((section(".big")));
static _Alignas(16) uint8_t g_slots[N_SLOTS * BOARD_SLOT_BYTES] __attribute__((section(".big")));
static uint8_t g_ring_buf[RX_RING_BYTES];
static hbp_ring g_ring;
static cmsdk_uart g_uart;

static hb_port_info_t g_info = {
    .board = BOARD_ID,
    .fw_build = HB_FW_BUILD,
    /* The RX interrupt is masked during the timed region (hb_port_run_begin):
     * a byte waits in the UART's holding register, and QEMU stops reading the
     * socket while it is full, so the rest waits outside the device. */
    .rx_policy = HBP_RXP_HELD_OFF,
    .rx_window = RX_WINDOW,
};
static const hb_port_mem_t g_mem = {g_arena, BOARD_ARENA_BYTES, g_slots, BOARD_SLOT_BYTES, N_SLOTS};

static void uart_rx_irq(void) { cmsdk_uart_rx_isr(&g_uart); }

void qemu_port_init(void) {
  (void)hbp_ring_init(&g_ring, g_ring_buf, RX_RING_BYTES);
  qemu_timer_init();
  g_info.cpuid = CM_SCB_CPUID;
  g_info.core_clock_hz = BOARD_CPU_HZ;
  qemu_timer_describe(&g_info.timer_source, &g_info.timer_hz, &g_info.timer_unit);

  cm_irq_install(BOARD_UART_RX_IRQ, uart_rx_irq);
  cm_nvic_set_priority(BOARD_UART_RX_IRQ, 0x80u);
  cmsdk_uart_init(&g_uart, BOARD_UART_BASE, BOARD_PCLK_HZ / BAUD, &g_ring);
  cm_nvic_enable(BOARD_UART_RX_IRQ);
  cm_irq_enable();
}

/* NVIC clear-/set-enable: a byte arriving meanwhile leaves the interrupt
 * pending, taken at once when unmasked (the ISR drains the UART). */
void hb_port_run_begin(void) { CM_NVIC_ICER(BOARD_UART_RX_IRQ / 32u) = 1u << (BOARD_UART_RX_IRQ % 32u); }
void hb_port_run_end(void) { CM_NVIC_ISER(BOARD_UART_RX_IRQ / 32u) = 1u << (BOARD_UART_RX_IRQ % 32u); }

const hb_port_info_t* hb_port_info(void) { return &g_info; }
const hb_port_mem_t* hb_port_mem(void) { return &g_mem; }

int hb_port_plan(const uint8_t** ptr, uint32_t* len) {
  const hb_plan_header* h = (const hb_plan_header*)(const void*)_plan_start;
  const uint32_t cap = (uint32_t)(_plan_end - _plan_start);
  /* An empty region (QEMU zeroes RAM) is "no plan"; anything with our
   * magic goes to hb_plan_open, which checks length and CRC. */
  if (h->magic != HB_PLAN_MAGIC) return -1;
  *ptr = _plan_start;
  *len = h->total_bytes < cap ? h->total_bytes : cap;
  return 0;
}

void hb_port_write(const uint8_t* bytes, size_t n) { cmsdk_uart_write(&g_uart, bytes, n); }

size_t hb_port_read(uint8_t* buf, size_t max) {
  size_t n = 0;
  while (n < max && hbp_ring_get(&g_ring, &buf[n])) ++n;
  return n;
}

void hb_port_rx_counts(uint32_t* arrived, uint32_t* dropped) {
  uint32_t pm = cm_irq_save();
  uint32_t lost = g_uart.overruns;
  *arrived = g_ring.total + lost;
  *dropped = g_ring.dropped + lost;
  cm_irq_restore(pm);
}

/* Sleeps until the next received byte. SysTick is paused meanwhile: under
 * -icount sleep=off a pending timer deadline turns WFI into a jump of
 * virtual time, and the core would spin through SysTick wraps on the host's
 * CPU. Interrupts stay masked from the ring check to WFI so a byte arriving
 * in between still wakes it. */
void hb_port_idle(void) {
  uint32_t pm = cm_irq_save();
  if (hbp_ring_count(&g_ring) == 0) {
    cm_systick_pause();
    __asm__ volatile("dsb\n\twfi" ::: "memory");
    cm_systick_resume();
  }
  cm_irq_restore(pm);
}

void hb_port_reboot(void) {
  /* A system reset: QEMU reloads the ELF and the plan and restarts us. */
  __asm__ volatile("dsb" ::: "memory");
  CM_SCB_AIRCR = CM_AIRCR_VECTKEY | CM_AIRCR_SYSRESETREQ;
  __asm__ volatile("dsb" ::: "memory");
  for (;;) {
  }
}

char* qemu_fmt_hex(char* out, uint32_t v) {
  static const char digits[] = "0123456789abcdef";
  out[0] = '0';
  out[1] = 'x';
  for (int i = 0; i < 8; ++i) out[2 + i] = digits[(v >> (28 - 4 * i)) & 0xFu];
  out[10] = '\0';
  return out;
}

/* A fault first tells the host over the link, as the STM32 ports do (an
 * ERROR frame with the fault registers, cm_fault.h), then ends the emulator
 * with status 3 and says where: the flasher shows QEMU's stderr. */
void cm_on_fault(uint32_t exception, uint32_t pc, uint32_t cfsr, uint32_t hfsr) {
  static cm_fault_info f;
  static uint8_t wire[320];
  static const uint8_t delimiter = 0;
  cm_fault_read(cm_fault_frame, &f);
  const size_t n = cm_fault_error_frame(&f, wire, sizeof wire);
  cmsdk_uart_write(&g_uart, &delimiter, 1);
  if (n) cmsdk_uart_write(&g_uart, wire, n);
  char h[4][11];
  cm_semihost_write0("hb-fw " BOARD_PORT ": fault: exception ");
  cm_semihost_write0(qemu_fmt_hex(h[0], exception));
  cm_semihost_write0(" pc ");
  cm_semihost_write0(qemu_fmt_hex(h[1], pc));
  cm_semihost_write0(" cfsr ");
  cm_semihost_write0(qemu_fmt_hex(h[2], cfsr));
  cm_semihost_write0(" hfsr ");
  cm_semihost_write0(qemu_fmt_hex(h[3], hfsr));
  cm_semihost_write0("\n");
  cm_semihost_exit(3);
}
