/* STM32F769I-DISCO at 216 MHz. Register addresses and bit positions:
 * RM0410 (RCC, PWR, FLASH, GPIO chapters).
 *
 * 216 MHz needs voltage scale 1 with over-drive, and 7 flash wait states
 * (2.7-3.6 V). Over-drive is switched on while the PLL is locked but not
 * yet the system clock (RM0410 "Entering Over-drive mode").
 *
 * Clock source: HSI (16 MHz, factory trimmed), so nothing depends on the
 * board's 25 MHz crystal; 1 % is ample for the UART. PLL: 16 / M8 = 2 MHz
 * VCO input, x N216 = 432 MHz VCO, / P2 = 216 MHz; Q9 = 48 MHz. */
#include <stdint.h>

#include "cm7_cache.h"
#include "stm32_board.h"
#include "stm32_cm.h"
#include "stm32_gpio.h"

#define RCC_BASE 0x40023800u
#define RCC_CR HB_REG(RCC_BASE + 0x00u)
#define RCC_PLLCFGR HB_REG(RCC_BASE + 0x04u)
#define RCC_CFGR HB_REG(RCC_BASE + 0x08u)
#define RCC_AHB1ENR HB_REG(RCC_BASE + 0x30u)
#define RCC_APB1ENR HB_REG(RCC_BASE + 0x40u)
#define RCC_APB2ENR HB_REG(RCC_BASE + 0x44u)
#define CR_HSION (1u << 0)
#define CR_HSIRDY (1u << 1)
#define CR_PLLON (1u << 24)
#define CR_PLLRDY (1u << 25)
#define CFGR_SW_MASK 3u
#define CFGR_SW_PLL 2u
#define CFGR_SWS_MASK (3u << 2)
#define CFGR_SWS_PLL (2u << 2)
#define AHB1ENR_GPIOA (1u << 0)
#define APB1ENR_PWR (1u << 28)
#define APB2ENR_USART1 (1u << 4)

#define PWR_BASE 0x40007000u
#define PWR_CR1 HB_REG(PWR_BASE + 0x00u)
#define PWR_CSR1 HB_REG(PWR_BASE + 0x04u)
#define CR1_VOS_MASK (3u << 14)
#define CR1_VOS_SCALE1 (3u << 14)
#define CR1_ODEN (1u << 16)
#define CR1_ODSWEN (1u << 17)
#define CSR1_ODRDY (1u << 16)
#define CSR1_ODSWRDY (1u << 17)

#define FLASH_ACR HB_REG(0x40023C00u)
#define ACR_216MHZ (7u | (1u << 8) | (1u << 9)) /* LATENCY 7 WS, PRFTEN, ARTEN */

#define GPIOA_BASE 0x40020000u
#define USART1_BASE 0x40011000u

#define SPINS 10000000u

hb_stm32_board hb_board = {
    .name = "f769",
    .core_hz = 216000000u,
    .usart_base = USART1_BASE,
    .usart_kernel_hz = 108000000u, /* APB2 (reset USART1SEL), 216 MHz / 2 */
    .usart_irq = HB_USART_IRQN,
    .baud = HB_BAUD,
    .iwdg_base = 0x40003000u, /* RM0410 section 2.2.2 memory map: IWDG on APB1 at 0x4000 3000 */
};

void hb_board_early(void) {} /* all SRAM is clocked from reset */

static int clocks_216mhz(void) {
  RCC_APB1ENR |= APB1ENR_PWR;
  (void)RCC_APB1ENR;
  PWR_CR1 = (PWR_CR1 & ~CR1_VOS_MASK) | CR1_VOS_SCALE1;

  RCC_CR |= CR_HSION;
  if (hb_wait_bits(&RCC_CR, CR_HSIRDY, CR_HSIRDY, SPINS)) return -1;
  /* PLLM 8, PLLN 216, PLLP /2 (00), PLLSRC HSI (bit 22 = 0), PLLQ 9, PLLR 2 (unused, must be >= 2). */
  RCC_PLLCFGR = 8u | (216u << 6) | (0u << 16) | (0u << 22) | (9u << 24) | (2u << 28);
  RCC_CR |= CR_PLLON;
  if (hb_wait_bits(&RCC_CR, CR_PLLRDY, CR_PLLRDY, SPINS)) return -1;

  /* Over-drive: enable, wait ready, switch, wait ready. */
  PWR_CR1 |= CR1_ODEN;
  if (hb_wait_bits(&PWR_CSR1, CSR1_ODRDY, CSR1_ODRDY, SPINS)) return -1;
  PWR_CR1 |= CR1_ODSWEN;
  if (hb_wait_bits(&PWR_CSR1, CSR1_ODSWRDY, CSR1_ODSWRDY, SPINS)) return -1;

  FLASH_ACR = ACR_216MHZ;
  if (hb_wait_bits(&FLASH_ACR, 0xFu, 7u, SPINS)) return -1;

  /* AHB /1, APB1 /4 (54 MHz max), APB2 /2 (108 MHz max), then SYSCLK = PLL. */
  RCC_CFGR = (RCC_CFGR & ~((0xFu << 4) | (7u << 10) | (7u << 13))) | (5u << 10) | (4u << 13);
  RCC_CFGR = (RCC_CFGR & ~CFGR_SW_MASK) | CFGR_SW_PLL;
  return hb_wait_bits(&RCC_CFGR, CFGR_SWS_MASK, CFGR_SWS_PLL, SPINS);
}

int hb_board_init(void) {
  const int rc = clocks_216mhz();
  if (rc != 0 && (RCC_CFGR & CFGR_SWS_MASK) != CFGR_SWS_PLL) {
    RCC_CFGR &= ~((0xFu << 4) | (7u << 10) | (7u << 13)); /* HSI, undivided buses */
    hb_board.usart_kernel_hz = 16000000u;
  }
  hb_cm7_caches_on();

  /* USART1 on PA9 (TX) / PA10 (RX), AF7: the ST-LINK/V2-1 virtual COM port. */
  RCC_AHB1ENR |= AHB1ENR_GPIOA;
  (void)RCC_AHB1ENR;
  hb_gpio_af(GPIOA_BASE, 9, 7, 0);
  hb_gpio_af(GPIOA_BASE, 10, 7, 1);
  RCC_APB2ENR |= APB2ENR_USART1;
  (void)RCC_APB2ENR;
  return rc;
}
