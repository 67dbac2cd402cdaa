/* GPIO alternate-function set-up (same GPIO block on F7/H7/U5). */
#ifndef HB_STM32_GPIO_H
#define HB_STM32_GPIO_H

#include <stdint.h>

#include "stm32_cm.h"

#define GPIO_MODER 0x00u
#define GPIO_OSPEEDR 0x08u
#define GPIO_PUPDR 0x0Cu
#define GPIO_AFRL 0x20u
#define GPIO_AFRH 0x24u

/* Pin `pin` of the port at `base` to alternate function `af`, medium speed,
 * with a pull-up if `pull_up` (a UART RX line idles high). */
static inline void hb_gpio_af(uintptr_t base, uint32_t pin, uint32_t af, int pull_up) {
  const uint32_t afr = pin < 8u ? GPIO_AFRL : GPIO_AFRH;
  const uint32_t sh4 = (pin & 7u) * 4u, sh2 = pin * 2u;
  HB_REG(base + afr) = (HB_REG(base + afr) & ~(0xFu << sh4)) | (af << sh4);
  HB_REG(base + GPIO_OSPEEDR) = (HB_REG(base + GPIO_OSPEEDR) & ~(3u << sh2)) | (1u << sh2);
  HB_REG(base + GPIO_PUPDR) = (HB_REG(base + GPIO_PUPDR) & ~(3u << sh2)) | ((pull_up ? 1u : 0u) << sh2);
  HB_REG(base + GPIO_MODER) = (HB_REG(base + GPIO_MODER) & ~(3u << sh2)) | (2u << sh2);
}

#endif
