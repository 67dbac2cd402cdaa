/* DEQUANTIZE int8/uint8 -> float32 (reference/dequantize.h):
 * out = scale * (q - zero_point), one float multiply. TFLite keeps the scale
 * as a double but casts it back to float before multiplying, so the result is
 * exactly the float product. */
#ifndef HB_K_DEQUANTIZE_H
#define HB_K_DEQUANTIZE_H

#include <stdint.h>

typedef struct {
  int32_t zero_point;
  float scale;
} hb_dequantize_params;

#endif
