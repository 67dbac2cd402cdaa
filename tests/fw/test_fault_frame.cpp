// The fault report the Cortex-M ports send before they reset
// (target-fw/ports/cortex-m/cm_fault.c): one unsequenced ERROR frame that the
// host's own link layer accepts without a session, with every register in
// its text. The frame builder is plain C, so it is checked here; the
// register reads and the reset only run on a core (not on a real chip yet).
#include <gtest/gtest.h>

#include <string>

extern "C" {
#include "cm_fault.h"
#include "codec/link.h"
#include "codec/messages.h"
}

namespace {

void discard(void*, const uint8_t*, size_t) {}

TEST(FaultFrame, HostLinkDecodesTheErrorWithEveryRegister) {
  const cm_fault_info f = {3, 0x00008200u, 0x40000000u, 0xE000EDF8u, 0x2004FFF0u, 0x08001234u, 0x08000ABDu};
  char text[HBP_TEXT_MAX + 1];
  cm_fault_text(&f, text, sizeof text);
  EXPECT_STREQ(text,
               "HardFault: CFSR 0x00008200 HFSR 0x40000000 MMFAR 0xe000edf8 BFAR 0x2004fff0 PC 0x08001234 "
               "LR 0x08000abd (board resets)");

  uint8_t wire[320];
  const size_t n = cm_fault_error_frame(&f, wire, sizeof wire);
  ASSERT_GT(n, 0u);
  // A host link that never saw HELLO from this board still gets it.
  static hbp_link link;
  static hbp_tx_slot slots[4];
  ASSERT_EQ(hbp_link_init(&link, slots, 4, 100, discard, nullptr), HBP_OK);
  int got = 0;
  hbp_error e{};
  for (size_t i = 0; i < n; ++i) {
    hbp_rx_msg m;
    if (hbp_link_input(&link, wire[i], &m) != HBP_EV_MESSAGE) continue;
    ++got;
    EXPECT_EQ(m.type, HBP_MSG_ERROR);
    EXPECT_TRUE(m.flags & HBP_FLAG_UNSEQ);
    ASSERT_EQ(hbp_error_decode(m.payload, m.len, &e), HBP_OK);
  }
  ASSERT_EQ(got, 1);
  EXPECT_EQ(e.code, HBP_EC_INTERNAL);
  EXPECT_STREQ(e.text, text);
}

TEST(FaultFrame, OtherExceptionsAreNamedAndTextIsBounded) {
  cm_fault_info f = {6, 0x00010000u, 0, 0, 0, 0, 0};
  char text[HBP_TEXT_MAX + 1];
  cm_fault_text(&f, text, sizeof text);
  EXPECT_EQ(std::string(text).rfind("UsageFault: CFSR 0x00010000", 0), 0u) << text;
  f.exception = 40;
  cm_fault_text(&f, text, sizeof text);
  EXPECT_EQ(std::string(text).rfind("unexpected exception 0x00000028: CFSR", 0), 0u) << text;
  char small[16];
  cm_fault_text(&f, small, sizeof small);
  EXPECT_EQ(std::string(small), "unexpected exce");
  uint8_t tiny[8];
  EXPECT_EQ(cm_fault_error_frame(&f, tiny, sizeof tiny), 0u) << "a buffer too small gives no frame";
}

}  // namespace
