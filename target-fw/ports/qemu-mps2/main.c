/* Firmware entry for the QEMU MPS2 boards. */
#include "app/app.h"
#include "app/port.h"
#include "board.h"
#include "cm_semihost.h"
#include "qemu_port.h"

int main(void) {
  qemu_port_init();
  hb_app_init();
  /* One line on QEMU's console (the flasher's log): what we serve, timed how. */
  cm_semihost_write0("hb-fw " BOARD_PORT ": timer ");
  cm_semihost_write0(hb_port_info()->timer_unit);
  if (hb_app_plan_problem()[0]) {
    cm_semihost_write0(", no model: ");
    cm_semihost_write0(hb_app_plan_problem());
  } else {
    cm_semihost_write0(", serving ");
    cm_semihost_write0(hb_app_model_name());
  }
  cm_semihost_write0("\n");
  for (;;) (void)hb_app_poll();
}
