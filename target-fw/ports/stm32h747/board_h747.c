/* STM32H747I-DISCO, Cortex-M7 core at 400 MHz. Register addresses and bit
 * positions: RM0399 (PWR, RCC, FLASH, GPIO chapters).
 *
 * Power: the DISCO board supplies VCORE from the chip's SMPS ("direct SMPS
 * supply"). PWR_CR3 selects the supply; it can be written once per power-on
 * and a wrong setting leaves the chip unbootable until it is reconnected
 * under reset and mass-erased, so it is the first thing done, before any
 * voltage scaling or PLL. With direct SMPS, VOS1 is the top scale: 400 MHz
 * CPU, 200 MHz AXI/AHB, 100 MHz APB.
 *
 * Clock source: HSI (64 MHz, factory trimmed) rather than the board's HSE,
 * so nothing depends on the DISCO's oscillator fitting; 1 % is ample for
 * the UART. PLL1: 64 / M4 = 16 MHz reference (range 8-16 MHz, wide VCO),
 * x N50 = 800 MHz VCO, / P2 = 400 MHz. */
#include <stdint.h>

#include "cm7_cache.h"
#include "stm32_board.h"
#include "stm32_cm.h"
#include "stm32_gpio.h"

#define PWR_BASE 0x58024800u
#define PWR_CSR1 HB_REG(PWR_BASE + 0x04u)
#define PWR_CR3 HB_REG(PWR_BASE + 0x0Cu)
#define PWR_D3CR HB_REG(PWR_BASE + 0x18u)
#define CR3_BYPASS (1u << 0)
#define CR3_LDOEN (1u << 1)
#define CR3_SMPSEN (1u << 2)
#define CR3_SMPSEXTHP (1u << 3)
#define CR3_SMPSLEVEL (3u << 4)
#define CR3_SUPPLY_MASK (CR3_BYPASS | CR3_LDOEN | CR3_SMPSEN | CR3_SMPSEXTHP | CR3_SMPSLEVEL)
#define CSR1_ACTVOSRDY (1u << 13)
#define D3CR_VOS_MASK (3u << 14)
#define D3CR_VOS1 (3u << 14)
#define D3CR_VOSRDY (1u << 13)

#define RCC_BASE 0x58024400u
#define RCC_CR HB_REG(RCC_BASE + 0x00u)
#define RCC_CFGR HB_REG(RCC_BASE + 0x10u)
#define RCC_D1CFGR HB_REG(RCC_BASE + 0x18u)
#define RCC_D2CFGR HB_REG(RCC_BASE + 0x1Cu)
#define RCC_D3CFGR HB_REG(RCC_BASE + 0x20u)
#define RCC_PLLCKSELR HB_REG(RCC_BASE + 0x28u)
#define RCC_PLLCFGR HB_REG(RCC_BASE + 0x2Cu)
#define RCC_PLL1DIVR HB_REG(RCC_BASE + 0x30u)
#define RCC_PLL1FRACR HB_REG(RCC_BASE + 0x34u)
#define RCC_AHB2ENR HB_REG(RCC_BASE + 0xDCu) /* the accessing core's copy (CPU1 = M7) */
#define RCC_AHB4ENR HB_REG(RCC_BASE + 0xE0u)
#define RCC_APB2ENR HB_REG(RCC_BASE + 0xF0u)
#define CR_HSION (1u << 0)
#define CR_HSIRDY (1u << 2)
#define CR_PLL1ON (1u << 24)
#define CR_PLL1RDY (1u << 25)
#define CFGR_SW_MASK 7u
#define CFGR_SW_PLL1 3u
#define CFGR_SWS_MASK (7u << 3)
#define CFGR_SWS_PLL1 (3u << 3)
#define AHB2ENR_SRAM123 (7u << 29) /* SRAM1EN, SRAM2EN, SRAM3EN */
#define AHB4ENR_GPIOA (1u << 0)
#define APB2ENR_USART1 (1u << 4)

#define FLASH_ACR HB_REG(0x52002000u)
#define ACR_400MHZ_VOS1 (2u | (2u << 4)) /* LATENCY 2 WS, WRHIGHFREQ 2 for a 200 MHz AXI clock at VOS1 */

#define GPIOA_BASE 0x58020000u
#define USART1_BASE 0x40011000u

#define SPINS 10000000u /* generous: each step takes microseconds */

hb_stm32_board hb_board = {
    .name = "h747",
    .core_hz = 400000000u,
    .usart_base = USART1_BASE,
    .usart_kernel_hz = 100000000u, /* rcc_pclk2 (reset USART16SEL), APB2 = 200 MHz / 2 */
    .usart_irq = HB_USART_IRQN,
    .baud = HB_BAUD,
    /* RM0399 section 2.3.2 memory map: IWDG1 (the Cortex-M7's watchdog) in D3 APB4
     * at 0x5800 4800; IWDG2 belongs to the parked Cortex-M4 and stays off. */
    .iwdg_base = 0x58004800u,
};

void hb_board_early(void) {
  /* D2 SRAM1-3 (pool 2) clocks on; DTCM and AXI SRAM run from reset. */
  RCC_AHB2ENR |= AHB2ENR_SRAM123;
  (void)RCC_AHB2ENR;
}

static int clocks_400mhz(void) {
  /* 1. Supply: direct SMPS, LDO off, no bypass. Written only when it
   * differs: after the first write of a power-on, PWR_CR3 ignores writes. */
  const uint32_t cr3 = PWR_CR3;
  if ((cr3 & CR3_SUPPLY_MASK) != CR3_SMPSEN) PWR_CR3 = (cr3 & ~CR3_SUPPLY_MASK) | CR3_SMPSEN;
  if (hb_wait_bits(&PWR_CSR1, CSR1_ACTVOSRDY, CSR1_ACTVOSRDY, SPINS)) return -1;

  /* 2. Voltage scale 1 (the highest with direct SMPS). */
  PWR_D3CR = (PWR_D3CR & ~D3CR_VOS_MASK) | D3CR_VOS1;
  if (hb_wait_bits(&PWR_D3CR, D3CR_VOSRDY, D3CR_VOSRDY, SPINS)) return -1;

  /* 3. PLL1 from HSI. */
  RCC_CR |= CR_HSION;
  if (hb_wait_bits(&RCC_CR, CR_HSIRDY, CR_HSIRDY, SPINS)) return -1;
  RCC_PLLCKSELR = (RCC_PLLCKSELR & ~(3u | (0x3Fu << 4))) | (0u /* HSI */) | (4u << 4) /* DIVM1 */;
  RCC_PLLCFGR = (RCC_PLLCFGR & ~0xFu)                   /* PLL1FRACEN 0, PLL1VCOSEL 0 (wide) */
                | (3u << 2)                             /* PLL1RGE: 8-16 MHz */
                | (1u << 16) | (1u << 17) | (1u << 18); /* DIVP1EN, DIVQ1EN, DIVR1EN */
  RCC_PLL1FRACR = 0;
  RCC_PLL1DIVR = (50u - 1u) | ((2u - 1u) << 9) | ((8u - 1u) << 16) | ((2u - 1u) << 24); /* N, P, Q, R */
  RCC_CR |= CR_PLL1ON;
  if (hb_wait_bits(&RCC_CR, CR_PLL1RDY, CR_PLL1RDY, SPINS)) return -1;

  /* 4. Flash wait states before the clock goes up. */
  FLASH_ACR = (FLASH_ACR & ~0x3Fu) | ACR_400MHZ_VOS1;
  if (hb_wait_bits(&FLASH_ACR, 0x3Fu, ACR_400MHZ_VOS1, SPINS)) return -1;

  /* 5. Bus prescalers: CPU /1, AXI/AHB (HPRE) /2, every APB /2. */
  RCC_D1CFGR = (0u << 8) | (4u << 4) | 8u; /* D1CPRE /1, D1PPRE /2, HPRE /2 */
  RCC_D2CFGR = (4u << 8) | (4u << 4);      /* D2PPRE2 /2, D2PPRE1 /2 */
  RCC_D3CFGR = 4u << 4;                    /* D3PPRE /2 */

  /* 6. Switch SYSCLK to PLL1. */
  RCC_CFGR = (RCC_CFGR & ~CFGR_SW_MASK) | CFGR_SW_PLL1;
  return hb_wait_bits(&RCC_CFGR, CFGR_SWS_MASK, CFGR_SWS_PLL1, SPINS);
}

int hb_board_init(void) {
  const int rc = clocks_400mhz();
  if (rc != 0 && (RCC_CFGR & CFGR_SWS_MASK) != CFGR_SWS_PLL1) {
    /* Still on HSI: undivided buses, so the UART at least runs at a known rate. */
    RCC_D1CFGR = 0;
    RCC_D2CFGR = 0;
    RCC_D3CFGR = 0;
    hb_board.usart_kernel_hz = 64000000u;
  }
  hb_cm7_caches_on();

  /* USART1 on PA9 (TX) / PA10 (RX), AF7: the ST-LINK V3 virtual COM port. */
  RCC_AHB4ENR |= AHB4ENR_GPIOA;
  (void)RCC_AHB4ENR; /* read back: the clock is on before the first GPIO access */
  hb_gpio_af(GPIOA_BASE, 9, 7, 0);
  hb_gpio_af(GPIOA_BASE, 10, 7, 1);
  RCC_APB2ENR |= APB2ENR_USART1;
  (void)RCC_APB2ENR;
  return rc;
}
