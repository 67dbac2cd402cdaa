/* MAXIMUM, int8 (micro/kernels/maximum_minimum.cc): raw int8 comparison, no
 * requantization, as TFLite Micro does. */
#ifndef HB_K_MAXIMUM_H
#define HB_K_MAXIMUM_H

#include "eltwise_bcast.h"

typedef struct {
  hb_bcast4 bc;
} hb_maximum_params;

#endif
