// The DSP-extension kernels (target-fw/nn/kernels/arm/) against the
// reference kernels they replace on Cortex-M, on generated shapes: odd
// channel counts and lengths (the 4-byte loops' tails), windows of several
// runs and segments (padding / dilation geometry), extreme offsets and
// weights, every requantization parameter shape. On the host they run with
// the C emulation of the instructions (kernels/arm/dsp.h); on the QEMU boards
// the same kernels run natively and the golden/generated model tests check
// them end to end.
#include <gtest/gtest.h>

#include <random>
#include <vector>

extern "C" {
#include "nn/kernels/arm/dsp.h"
#include "nn/kernels/conv_core.h"
#include "nn/kernels/dw_core.h"
#include "nn/qmath.h"
}

namespace {

std::vector<int8_t> rand_i8(std::mt19937& rng, size_t n, int lo = -128, int hi = 127) {
  std::uniform_int_distribution<int> d(lo, hi);
  std::vector<int8_t> v(n);
  for (auto& x : v) x = static_cast<int8_t>(d(rng));
  return v;
}

// Per-channel requantization: realistic multipliers and shifts, random bias.
struct Requant {
  std::vector<int32_t> bias, mult, shift;
  hb_conv_out out(std::mt19937& rng, int32_t ch) {
    std::uniform_int_distribution<int32_t> b(-40000, 40000), m(1 << 30, INT32_MAX), s(-12, 1), z(-128, 127);
    bias.resize(ch);
    mult.resize(ch);
    shift.resize(ch);
    for (int32_t i = 0; i < ch; ++i) {
      bias[i] = b(rng);
      mult[i] = m(rng);
      shift[i] = s(rng);
    }
    const int32_t act_min = std::uniform_int_distribution<int32_t>(-128, -60)(rng);
    return hb_conv_out{bias.data(), mult.data(), shift.data(), z(rng), act_min, 127};
  }
};

TEST(DspEmulation, InstructionsMatchTheirDefinitions) {
  // SXTB16 takes bytes 0 and 2, the ROR #8 form bytes 1 and 3, sign-extended.
  EXPECT_EQ(hb_sxtb16(0x80ff7f01u), 0xffff0001u);
  EXPECT_EQ(hb_sxtb16_r8(0x80ff7f01u), 0xff80007fu);
  // SMLAD: bottom*bottom + top*top + acc.
  EXPECT_EQ(hb_smlad(0xff80007fu, 0xff800002u, 10), -128 * -128 + 127 * 2 + 10);
  EXPECT_EQ(hb_smlabb(0x0003fffeu, 0x00050007u, 1), -2 * 7 + 1);
  EXPECT_EQ(hb_smlatt(0x0003fffeu, 0xfff90007u, 1), 3 * -7 + 1);
  EXPECT_EQ(hb_sadd16(0x0001ffffu, 0x00800080u), 0x0081007fu);
}

// The 32-bit requantization every kernel uses for non-negative multipliers
// against the gemmlowp-literal hb_mul_qm, on random and edge operands.
TEST(DspKernels, MulQmPosEqualsMulQm) {
  std::mt19937 rng(1303);
  std::uniform_int_distribution<int32_t> any(INT32_MIN, INT32_MAX), mult(0, INT32_MAX), shift(-31, 8), bits(0, 31);
  const int32_t edges[] = {INT32_MIN, INT32_MIN + 1, -1, 0, 1, INT32_MAX};
  for (int i = 0; i < 2000000; ++i) {
    int32_t x = any(rng);
    if (i % 3 == 1) x >>= bits(rng);
    if (i % 17 == 0) x = edges[(i / 17) % 6];
    const int32_t m = i % 13 == 0 ? (i % 2 ? INT32_MAX : 1 << 30) : mult(rng);
    const int s = shift(rng);
    ASSERT_EQ(hb_mul_qm_pos(x, m, s), hb_mul_qm(x, m, s)) << x << " " << m << " " << s;
  }
}

// hb_conv_dot_rows: the CONV_2D interior / border-scratch path and
// FULLY_CONNECTED.
TEST(DspKernels, ConvDotRowsMatchesReference) {
  std::mt19937 rng(1301);
  int cases = 0;
  for (int32_t kh : {1, 2, 3}) {
    for (int32_t nseg : {1, 3}) {
      for (int32_t seglen : {1, 3, 4, 7, 8, 16, 27, 33}) {
        for (int32_t npix : {1, 2, 3, 5}) {
          for (int32_t out_c : {1, 2, 3, 8, 13}) {
            const int32_t seg_step = seglen + (nseg > 1 ? 2 : 0);
            const int32_t run_step = nseg * seg_step + 5;
            const int32_t pix_step = seglen + 3;
            const hb_conv_window win{kh, nseg, seglen, run_step, nseg > 1 ? seg_step : 0};
            const size_t in_bytes = static_cast<size_t>((npix - 1) * pix_step + kh * run_step + 8);
            const auto in = rand_i8(rng, in_bytes);
            const auto w = rand_i8(rng, static_cast<size_t>(out_c * kh * nseg * seglen));
            Requant rq;
            const hb_conv_out o = rq.out(rng, out_c);
            std::vector<int8_t> want(static_cast<size_t>(npix * out_c)), got(want.size(), 0x55);
            hb_conv_dot_rows_ref(in.data(), npix, pix_step, &win, w.data(), out_c, &o, want.data());
            hb_conv_dot_rows_dsp(in.data(), npix, pix_step, &win, w.data(), out_c, &o, got.data());
            ASSERT_EQ(got, want) << "kh " << kh << " nseg " << nseg << " seglen " << seglen << " npix " << npix
                                 << " out_c " << out_c;
            ++cases;
          }
        }
      }
    }
  }
  EXPECT_EQ(cases, 3 * 2 * 8 * 4 * 5);
}

// Extreme operands: every int8 -128 (the one value whose products reach
// 2^14) in both input and weights, long dot products (through the column
// buffer, and longer than it holds).
TEST(DspKernels, ConvDotRowsExtremeOperands) {
  std::mt19937 rng(7);
  const int32_t out_c = 3, npix = 3;
  for (const auto& [seglen, fill] : {std::pair{1021, -128}, {1021, 127}, {1100, -128}, {1100, 127}}) {
    const hb_conv_window win{1, 1, seglen, 0, 0};
    const std::vector<int8_t> in(static_cast<size_t>(npix * seglen), static_cast<int8_t>(fill));
    const std::vector<int8_t> w(static_cast<size_t>(out_c * seglen), -128);
    Requant rq;
    const hb_conv_out o = rq.out(rng, out_c);
    std::vector<int8_t> want(npix * out_c), got(npix * out_c);
    hb_conv_dot_rows_ref(in.data(), npix, seglen, &win, w.data(), out_c, &o, want.data());
    hb_conv_dot_rows_dsp(in.data(), npix, seglen, &win, w.data(), out_c, &o, got.data());
    EXPECT_EQ(got, want) << seglen << " " << fill;
  }
}

// hb_dw_pixel: DEPTHWISE_CONV_2D with depth multiplier 1, tap rectangles
// of border and interior pixels, dilation, every input offset extreme.
TEST(DspKernels, DepthwisePixelMatchesReference) {
  std::mt19937 rng(1302);
  int cases = 0;
  for (int32_t ch : {1, 3, 4, 5, 8, 17, 64, 67, 130}) {
    for (int32_t nky : {1, 2, 3, 5}) {
      for (int32_t nkx : {1, 2, 3, 5}) {
        for (int32_t io : {-127, -3, 0, 128}) {
          const int32_t dil = (cases % 3) + 1, width = nkx * dil + 2;
          const int32_t kw = nkx + (cases % 2);  // the full filter row may be wider than the inside taps
          const hb_dw_taps t{nky, nkx, dil * ch, width * ch, kw * ch, io};
          const auto in = rand_i8(rng, static_cast<size_t>((nky * dil + 1) * width * ch));
          const auto w = rand_i8(rng, static_cast<size_t>(nky * kw * ch), -127, 127);
          Requant rq;
          const hb_conv_out o = rq.out(rng, ch);
          std::vector<int8_t> want(static_cast<size_t>(ch)), got(want.size(), 0x55);
          hb_dw_pixel_ref(in.data(), w.data(), &t, ch, &o, want.data());
          hb_dw_pixel_dsp(in.data(), w.data(), &t, ch, &o, got.data());
          ASSERT_EQ(got, want) << "ch " << ch << " taps " << nky << "x" << nkx << " io " << io;
          ++cases;
        }
      }
    }
  }
  EXPECT_EQ(cases, 9 * 4 * 4 * 4);
}

}  // namespace
