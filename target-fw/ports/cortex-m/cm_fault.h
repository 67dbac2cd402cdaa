/* What a fault handler can tell the host before the chip resets: the
 * fault status registers and the stacked PC/LR, as one protocol ERROR
 * frame (code INTERNAL, UNSEQ so it needs no session state) whose text
 * the host prints as "the board reported INTERNAL: HardFault: CFSR ...".
 * Shared by the STM32 and QEMU ports; the port sends the bytes. */
#ifndef HB_CM_FAULT_H
#define HB_CM_FAULT_H

#include <stddef.h>
#include <stdint.h>

/* System Control Block fault registers (Armv7-M ARM B3.2.2 "System control
 * block (SCB) summary"; Armv8-M ARM D1.2 the same offsets):
 *   CFSR  0xE000ED28  Configurable Fault Status: MMFSR [7:0], BFSR [15:8],
 *                     UFSR [31:16] (MMARVALID bit 7, BFARVALID bit 15,
 *                     MSTKERR bit 4 / BSTKERR bit 12: stacking failed)
 *   HFSR  0xE000ED2C  HardFault Status: FORCED bit 30 (escalated), VECTTBL bit 1
 *   MMFAR 0xE000ED34  MemManage Fault Address (valid when CFSR.MMARVALID)
 *   BFAR  0xE000ED38  BusFault Address (valid when CFSR.BFARVALID) */
#define CM_FAULT_CFSR (*(volatile uint32_t*)0xE000ED28u)
#define CM_FAULT_HFSR (*(volatile uint32_t*)0xE000ED2Cu)
#define CM_FAULT_MMFAR (*(volatile uint32_t*)0xE000ED34u)
#define CM_FAULT_BFAR (*(volatile uint32_t*)0xE000ED38u)
#define CM_CFSR_STACKING_FAILED ((1u << 4) | (1u << 12)) /* MSTKERR | BSTKERR */

typedef struct {
  uint32_t exception; /* IPSR: 3 HardFault, 4 MemManage, 5 BusFault, 6 UsageFault, 7 SecureFault */
  uint32_t cfsr, hfsr, mmfar, bfar;
  uint32_t pc, lr; /* stacked by the core; 0 when stacking itself failed */
} cm_fault_info;

/* Reads the registers; frame is the stacked exception frame (r0-r3, r12,
 * lr, pc, xpsr), from MSP or PSP as EXC_RETURN says. */
void cm_fault_read(const uint32_t* frame, cm_fault_info* out);

/* "HardFault: CFSR 0x... HFSR 0x... MMFAR 0x... BFAR 0x... PC 0x... LR 0x..." */
void cm_fault_text(const cm_fault_info* f, char* out, size_t cap);

/* The whole wire frame (delimiters, COBS, CRC) into wire; returns its
 * length, 0 if cap is too small. */
size_t cm_fault_error_frame(const cm_fault_info* f, uint8_t* wire, size_t cap);

#endif
