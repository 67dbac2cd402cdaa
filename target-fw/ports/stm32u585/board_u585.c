/* B-U585I-IOT02A (STM32U585AI) at 160 MHz. Register addresses and bit
 * positions: RM0456 (RCC, PWR, FLASH, ICACHE, GPIO chapters), non-secure
 * aliases (TrustZone off).
 *
 * Sequence for > 55 MHz (RM0456 "RCC: clock configuration"): PLL1 source
 * and EPOD boost prescaler first, then voltage range 1, then the EPOD
 * booster, then flash wait states (4 WS at 160 MHz, range 1), then the PLL.
 *
 * Clock source: HSI16 (factory trimmed): PLL1 16 / M1 = 16 MHz reference
 * (range 8-16 MHz), x N20 = 320 MHz VCO, / R2 = 160 MHz. Booster clock
 * 16 / 2 = 8 MHz (it must be 4-16 MHz). */
#include <stdint.h>

#include "stm32_board.h"
#include "stm32_cm.h"
#include "stm32_gpio.h"

#define RCC_BASE 0x46020C00u
#define RCC_CR HB_REG(RCC_BASE + 0x00u)
#define RCC_CFGR1 HB_REG(RCC_BASE + 0x1Cu)
#define RCC_CFGR2 HB_REG(RCC_BASE + 0x20u)
#define RCC_CFGR3 HB_REG(RCC_BASE + 0x24u)
#define RCC_PLL1CFGR HB_REG(RCC_BASE + 0x28u)
#define RCC_PLL1DIVR HB_REG(RCC_BASE + 0x34u)
#define RCC_AHB2ENR1 HB_REG(RCC_BASE + 0x8Cu)
#define RCC_AHB3ENR HB_REG(RCC_BASE + 0x94u)
#define RCC_APB2ENR HB_REG(RCC_BASE + 0xA4u)
#define CR_HSION (1u << 8)
#define CR_HSIRDY (1u << 10)
#define CR_PLL1ON (1u << 24)
#define CR_PLL1RDY (1u << 25)
#define CFGR1_SW_MASK 3u
#define CFGR1_SW_PLL 3u
#define CFGR1_SWS_MASK (3u << 2)
#define CFGR1_SWS_PLL (3u << 2)
#define CFGR2_HPRE_MASK 0xFu
#define CFGR2_HPRE_DIV2 8u
#define AHB2ENR1_GPIOA (1u << 0)
#define AHB2ENR1_SRAM2_SRAM3 ((1u << 30) | (1u << 31))
#define AHB3ENR_PWR (1u << 2)
#define APB2ENR_USART1 (1u << 14)

#define PWR_VOSR HB_REG(0x46020800u + 0x0Cu)
#define VOSR_BOOSTRDY (1u << 14)
#define VOSR_VOSRDY (1u << 15)
#define VOSR_VOS_MASK (3u << 16)
#define VOSR_VOS_RANGE1 (3u << 16)
#define VOSR_BOOSTEN (1u << 18)

#define FLASH_ACR HB_REG(0x40022000u)
#define ACR_160MHZ (4u | (1u << 8)) /* LATENCY 4 WS, PRFTEN */

#define ICACHE_CR HB_REG(0x40030400u)
#define ICACHE_SR HB_REG(0x40030404u)

#define GPIOA_BASE 0x42020000u
#define USART1_BASE 0x40013800u

#define SPINS 10000000u

hb_stm32_board hb_board = {
    .name = "u585",
    .core_hz = 160000000u,
    .usart_base = USART1_BASE,
    .usart_kernel_hz = 160000000u, /* PCLK2 (reset USART1SEL), APB2 /1 */
    .usart_irq = HB_USART_IRQN,
    .baud = HB_BAUD,
    /* RM0456 section 2.3 memory map: IWDG on APB1 at 0x4000 3000 (non-secure
     * alias, like every peripheral this port uses; 0x5000 3000 is the secure one). */
    .iwdg_base = 0x40003000u,
};

void hb_board_early(void) {
  /* SRAM2/3 hold most of pool 0: their clocks on before anything uses them. */
  RCC_AHB2ENR1 |= AHB2ENR1_SRAM2_SRAM3;
  (void)RCC_AHB2ENR1;
}

static int clocks_160mhz(void) {
  RCC_AHB3ENR |= AHB3ENR_PWR;
  (void)RCC_AHB3ENR;
  RCC_CR |= CR_HSION;
  if (hb_wait_bits(&RCC_CR, CR_HSIRDY, CR_HSIRDY, SPINS)) return -1;

  /* PLL1SRC HSI16 (2), PLL1RGE 8-16 MHz (3), PLL1M /1 (0), PLL1MBOOST /2 (1), PLL1REN. */
  RCC_PLL1CFGR = 2u | (3u << 2) | (0u << 8) | (1u << 12) | (1u << 18);

  PWR_VOSR = (PWR_VOSR & ~VOSR_VOS_MASK) | VOSR_VOS_RANGE1;
  if (hb_wait_bits(&PWR_VOSR, VOSR_VOSRDY, VOSR_VOSRDY, SPINS)) return -1;
  PWR_VOSR |= VOSR_BOOSTEN;
  if (hb_wait_bits(&PWR_VOSR, VOSR_BOOSTRDY, VOSR_BOOSTRDY, SPINS)) return -1;

  FLASH_ACR = ACR_160MHZ;
  if (hb_wait_bits(&FLASH_ACR, 0xFu, 4u, SPINS)) return -1;

  RCC_PLL1DIVR = (20u - 1u) | ((2u - 1u) << 9) | ((2u - 1u) << 16) | ((2u - 1u) << 24); /* N, P, Q, R */
  RCC_CR |= CR_PLL1ON;
  if (hb_wait_bits(&RCC_CR, CR_PLL1RDY, CR_PLL1RDY, SPINS)) return -1;

  /* APB1/2/3 /1. Through AHB /2 for the switch (no sudden current step),
   * then AHB /1. */
  RCC_CFGR2 = CFGR2_HPRE_DIV2;
  RCC_CFGR3 = 0;
  RCC_CFGR1 = (RCC_CFGR1 & ~CFGR1_SW_MASK) | CFGR1_SW_PLL;
  const int rc = hb_wait_bits(&RCC_CFGR1, CFGR1_SWS_MASK, CFGR1_SWS_PLL, SPINS);
  for (volatile uint32_t i = 0; i < 200u; i = i + 1u) {
  }
  RCC_CFGR2 = 0;
  return rc;
}

int hb_board_init(void) {
  const int rc = clocks_160mhz();
  if (rc != 0 && (RCC_CFGR1 & CFGR1_SWS_MASK) != CFGR1_SWS_PLL) hb_board.usart_kernel_hz = 4000000u; /* MSIS at reset */

  /* Instruction cache on (it finishes its reset invalidation first). */
  (void)hb_wait_bits(&ICACHE_SR, 1u, 0u, SPINS);
  ICACHE_CR |= 1u;

  /* USART1 on PA9 (TX) / PA10 (RX), AF7: the STLINK-V3E virtual COM port. */
  RCC_AHB2ENR1 |= AHB2ENR1_GPIOA;
  (void)RCC_AHB2ENR1;
  hb_gpio_af(GPIOA_BASE, 9, 7, 0);
  hb_gpio_af(GPIOA_BASE, 10, 7, 1);
  RCC_APB2ENR |= APB2ENR_USART1;
  (void)RCC_APB2ENR;
  return rc;
}
