/* Firmware entry for the QEMU MPS2 boards. */
#include "app/app.h"
#include "qemu_port.h"

int main(void) {
  qemu_port_init();
  hb_app_init();
  /* One line on QEMU's stderr (the flasher's log) saying what we serve. */
  if (hb_app_plan_problem()[0])
    qemu_console("hb-fw: no model: ", hb_app_plan_problem());
  else
    qemu_console("hb-fw: serving ", hb_app_model_name());
  for (;;) (void)hb_app_poll();
}
