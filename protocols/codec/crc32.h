/* CRC-32/ISO-HDLC ("IEEE 802.3", the zlib/PNG/Ethernet CRC): reflected
 * polynomial 0xEDB88320, init 0xFFFFFFFF, final xor 0xFFFFFFFF.
 * Check value: hbp_crc32("123456789", 9) == 0xCBF43926.
 * Same CRC as the model plan's header CRC, and the same chaining convention
 * as zlib's crc32(): pass the previous result (0 to start). */
#ifndef HBP_CRC32_H
#define HBP_CRC32_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

uint32_t hbp_crc32_update(uint32_t crc, const uint8_t* data, size_t n);

static inline uint32_t hbp_crc32(const uint8_t* data, size_t n) { return hbp_crc32_update(0u, data, n); }

#ifdef __cplusplus
}
#endif

#endif
