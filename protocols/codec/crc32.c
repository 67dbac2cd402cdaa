#include "codec/crc32.h"

/* One 4-bit step per table lookup: 64 bytes of table instead of 1 KiB, which
 * matters more on the firmware than the ~2x speed of a byte table (frames are
 * at most 1 KiB and the link is far slower than the CRC). */
static const uint32_t k_nibble[16] = {
    0x00000000u, 0x1DB71064u, 0x3B6E20C8u, 0x26D930ACu, 0x76DC4190u, 0x6B6B51F4u, 0x4DB26158u, 0x5005713Cu,
    0xEDB88320u, 0xF00F9344u, 0xD6D6A3E8u, 0xCB61B38Cu, 0x9B64C2B0u, 0x86D3D2D4u, 0xA00AE278u, 0xBDBDF21Cu,
};

uint32_t hbp_crc32_update(uint32_t crc, const uint8_t* data, size_t n) {
  crc = ~crc;
  for (size_t i = 0; i < n; ++i) {
    crc ^= data[i];
    crc = (crc >> 4) ^ k_nibble[crc & 0x0Fu];
    crc = (crc >> 4) ^ k_nibble[crc & 0x0Fu];
  }
  return ~crc;
}
