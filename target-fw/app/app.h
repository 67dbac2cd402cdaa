/* The firmware's protocol server: serves HELLO/INFO, LOAD, INFER, PING,
 * RESET (protocols/PROTOCOL.md) over the board port (port.h) and runs the
 * int8 engine (nn/engine.h). Portable: C11, freestanding, no allocation.
 *
 * A port's main():
 *   hb_app_init();
 *   for (;;) hb_app_poll();   // idles through hb_port_idle() when there is nothing to do */
#ifndef HB_APP_H
#define HB_APP_H

#ifdef __cplusplus
extern "C" {
#endif

/* Opens the port's plan (a bad or missing plan is served as "no model"),
 * starts the link and sends a best-effort startup LOG. */
void hb_app_init(void);

/* One main-loop step: retransmissions, queued replies, at most one queued
 * inference, then the bytes the port has received. Returns 1 if it did
 * something, 0 if it idled (called hb_port_idle). */
int hb_app_poll(void);

/* For the port's own messages (e.g. a console line at start). */
const char* hb_app_model_name(void);   /* "(none)" without a usable plan */
const char* hb_app_plan_problem(void); /* "" if the plan is usable, else why not */

#ifdef __cplusplus
}
#endif

#endif
