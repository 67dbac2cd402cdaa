/* MINIMUM, int8 (micro/kernels/maximum_minimum.cc): compares the raw int8
 * values and copies the smaller one, with no requantization, exactly as
 * TFLite Micro does (models give both inputs and the output one scale). */
#ifndef HB_K_MINIMUM_H
#define HB_K_MINIMUM_H

#include "eltwise_bcast.h"

typedef struct {
  hb_bcast4 bc;
} hb_minimum_params;

#endif
