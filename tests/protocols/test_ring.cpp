// ISR -> main loop byte ring (codec/ring.h).
#include <gtest/gtest.h>

#include "protocols/proto_test_util.h"

extern "C" {
#include "codec/ring.h"
}

TEST(HbpRing, FifoOrderFullAndCounters) {
  uint8_t buf[8];
  hbp_ring r;
  ASSERT_EQ(hbp_ring_init(&r, buf, 8), HBP_OK);
  uint8_t b = 0;
  EXPECT_EQ(hbp_ring_get(&r, &b), 0);
  for (int i = 0; i < 8; ++i) EXPECT_EQ(hbp_ring_put(&r, static_cast<uint8_t>(i)), 1);
  EXPECT_EQ(hbp_ring_count(&r), 8u);
  EXPECT_EQ(hbp_ring_put(&r, 99), 0);  // full: dropped, not overwritten
  EXPECT_EQ(r.dropped, 1u);
  EXPECT_EQ(r.total, 9u);
  for (int i = 0; i < 8; ++i) {
    ASSERT_EQ(hbp_ring_get(&r, &b), 1);
    EXPECT_EQ(b, i);
  }
  EXPECT_EQ(hbp_ring_get(&r, &b), 0);
}

TEST(HbpRing, IndicesWrapAroundU32) {
  uint8_t buf[4];
  hbp_ring r;
  ASSERT_EQ(hbp_ring_init(&r, buf, 4), HBP_OK);
  r.head = 0xFFFFFFFEu;  // about to wrap
  r.tail = 0xFFFFFFFEu;
  hbp_test::Rng rng(3);
  std::vector<uint8_t> in, out;
  for (int step = 0; step < 100; ++step) {
    if (rng.chance(60)) {
      uint8_t v = rng.byte();
      if (hbp_ring_put(&r, v)) in.push_back(v);
    } else {
      uint8_t v;
      if (hbp_ring_get(&r, &v)) out.push_back(v);
    }
    ASSERT_LE(hbp_ring_count(&r), 4u);
  }
  uint8_t v;
  while (hbp_ring_get(&r, &v)) out.push_back(v);
  EXPECT_EQ(in, out);
}

TEST(HbpRing, CapacityMustBePowerOfTwo) {
  uint8_t buf[12];
  hbp_ring r;
  EXPECT_EQ(hbp_ring_init(&r, buf, 12), HBP_ERR_ARG);
  EXPECT_EQ(hbp_ring_init(&r, buf, 1), HBP_ERR_ARG);
  EXPECT_EQ(hbp_ring_init(&r, nullptr, 8), HBP_ERR_ARG);
  EXPECT_EQ(hbp_ring_init(&r, buf, 8), HBP_OK);
}
