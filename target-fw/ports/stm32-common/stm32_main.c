/* main() of the STM32 boards: bring the chip up, serve the protocol. */
#include "app/app.h"
#include "stm32_board.h"
#include "stm32_port.h"

int main(void) {
  const int clocks_ok = hb_board_init() == 0;
  hb_stm32_port_init(clocks_ok);
  hb_app_init();
  for (;;) (void)hb_app_poll();
}
