// CRC-32 against the catalogue check value and zlib's crc32 (independent
// implementation of the same CRC).
#include <gtest/gtest.h>
#include <zlib.h>

#include "protocols/proto_test_util.h"

extern "C" {
#include "codec/crc32.h"
}

TEST(HbpCrc32, CheckValue) {
  const char* s = "123456789";
  EXPECT_EQ(hbp_crc32(reinterpret_cast<const uint8_t*>(s), 9), 0xCBF43926u);
}

TEST(HbpCrc32, KnownValues) {
  EXPECT_EQ(hbp_crc32(nullptr, 0), 0u);
  const uint8_t zero = 0;
  EXPECT_EQ(hbp_crc32(&zero, 1), 0xD202EF8Du);
  const char* fox = "The quick brown fox jumps over the lazy dog";
  EXPECT_EQ(hbp_crc32(reinterpret_cast<const uint8_t*>(fox), 43), 0x414FA339u);
}

TEST(HbpCrc32, MatchesZlibOnRandomData) {
  hbp_test::Rng rng(1234);
  for (int iter = 0; iter < 200; ++iter) {
    auto data = rng.bytes(rng.below(3000));
    uLong z = crc32(0L, Z_NULL, 0);
    z = crc32(z, data.data(), static_cast<uInt>(data.size()));
    ASSERT_EQ(hbp_crc32(data.data(), data.size()), static_cast<uint32_t>(z)) << data.size();
  }
}

TEST(HbpCrc32, ChainingEqualsOneShot) {
  hbp_test::Rng rng(99);
  auto data = rng.bytes(1024);
  for (size_t cut : {0u, 1u, 7u, 512u, 1023u, 1024u}) {
    uint32_t c = hbp_crc32_update(0, data.data(), cut);
    c = hbp_crc32_update(c, data.data() + cut, data.size() - cut);
    EXPECT_EQ(c, hbp_crc32(data.data(), data.size())) << cut;
  }
}
