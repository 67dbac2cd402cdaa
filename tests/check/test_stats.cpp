// The statistics behind `hilbench check`, against values worked out by hand
// (derivations in the comments), not against the implementation.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "check/stats.h"
#include "common/error.h"

namespace hb::check {
namespace {

TEST(CheckStats, MedianAndScaledMad) {
  EXPECT_DOUBLE_EQ(median({3, 1, 2}), 2);
  EXPECT_DOUBLE_EQ(median({4, 1, 3, 2}), 2.5);
  EXPECT_DOUBLE_EQ(median({7}), 7);
  EXPECT_THROW(median({}), hb::Error);
  // median 3, |deviations| {2,1,0,1,97} -> median 1 -> 1.4826.
  const std::vector<double> v = {1, 2, 3, 4, 100};
  EXPECT_DOUBLE_EQ(mad_scaled(v), 1.4826);
  const std::vector<double> flat = {5, 5, 5, 9};  // more than half equal: MAD 0
  EXPECT_DOUBLE_EQ(mad_scaled(flat), 0);
}

TEST(CheckStats, MannWhitneyExactCompleteSeparation) {
  // {1,2,3} vs {4,5,6}: U = 0, the most extreme of C(6,3) = 20 equally likely
  // orderings; two-sided p = 2/20.
  const std::vector<double> x = {1, 2, 3}, y = {4, 5, 6};
  const MannWhitney r = mann_whitney(x, y);
  EXPECT_TRUE(r.exact);
  EXPECT_DOUBLE_EQ(r.u, 0);
  EXPECT_NEAR(r.p, 0.1, 1e-12);
  const MannWhitney s = mann_whitney(y, x);  // U = 9 = n1*n2: same p
  EXPECT_DOUBLE_EQ(s.u, 9);
  EXPECT_NEAR(s.p, 0.1, 1e-12);
}

TEST(CheckStats, MannWhitneyExactInterleaved) {
  // {1,3,5} vs {2,4,6,8}: x beats 0 + 1 + 2 y's -> U = 3. The number of
  // orderings with U = u is the number of partitions of u into at most 3
  // parts of size <= 4: u = 0..3 -> 1, 1, 2, 3 (7 of C(7,3) = 35).
  // p = 2 * 7/35 = 0.4.
  const std::vector<double> x = {1, 3, 5}, y = {2, 4, 6, 8};
  const MannWhitney r = mann_whitney(x, y);
  EXPECT_TRUE(r.exact);
  EXPECT_DOUBLE_EQ(r.u, 3);
  EXPECT_NEAR(r.p, 0.4, 1e-12);
  // 5 vs 5, fully separated: 2 / C(10,5) = 2/252.
  const std::vector<double> a = {1, 2, 3, 4, 5}, b = {6, 7, 8, 9, 10};
  EXPECT_NEAR(mann_whitney(a, b).p, 2.0 / 252, 1e-12);
}

TEST(CheckStats, MannWhitneyNormalApproximationWithTies) {
  // x = {1,2,2,3}, y = {2,3,4,5}. Pooled ranks: 1 -> 1; the three 2s share
  // ranks 2..4 -> 3; the two 3s share 5,6 -> 5.5. R_x = 1 + 3 + 3 + 5.5 = 12.5,
  // U = 12.5 - 4*5/2 = 2.5. Mean 8; tie term (27-3) + (8-2) = 30;
  // var = 16/12 * (9 - 30/56) = 11.2857142857; continuity-corrected
  // z = (2.5 - 8 + 0.5) / sqrt(var) = -1.48835139; p = erfc(|z|/sqrt 2) = 0.1366582477.
  const std::vector<double> x = {1, 2, 2, 3}, y = {2, 3, 4, 5};
  const MannWhitney r = mann_whitney(x, y);
  EXPECT_FALSE(r.exact);
  EXPECT_DOUBLE_EQ(r.u, 2.5);
  EXPECT_NEAR(r.z, -1.4883513944689681, 1e-12);
  EXPECT_NEAR(r.p, 0.13665824773814753, 1e-12);
}

TEST(CheckStats, MannWhitneyNormalApproximationLargeSamples) {
  // 1..21 vs 22..42: too large for the exact path. U = 0, mean 220.5,
  // var = 21*21*43/12 = 1580.25, z = -220/39.7524 = -5.53426; p = 3.1254e-8.
  std::vector<double> x, y;
  for (int i = 1; i <= 21; ++i) x.push_back(i), y.push_back(i + 21);
  const MannWhitney r = mann_whitney(x, y);
  EXPECT_FALSE(r.exact);
  EXPECT_DOUBLE_EQ(r.u, 0);
  EXPECT_NEAR(r.z, -5.534262839761064, 1e-9);
  EXPECT_NEAR(r.p / 3.125399998400882e-08, 1.0, 1e-6);
}

TEST(CheckStats, MannWhitneyDegenerateCases) {
  const std::vector<double> same(10, 42.0);
  const MannWhitney r = mann_whitney(same, same);  // all tied: zero variance, no evidence
  EXPECT_DOUBLE_EQ(r.p, 1);
  EXPECT_DOUBLE_EQ(r.u, 50);
  // Two constant samples at different levels: every pair is ordered, a tiny p.
  const std::vector<double> lo(200, 1000.0), hi(200, 1020.0);
  EXPECT_LT(mann_whitney(lo, hi).p, 1e-50);
  EXPECT_THROW(mann_whitney(std::vector<double>{}, same), hb::Error);
}

TEST(CheckStats, McNemarExactAgainstBinomialSums) {
  EXPECT_DOUBLE_EQ(mcnemar_exact_p(0, 0), 1.0);
  // n = 10, k = 1: P(X <= 1) = (1 + 10) / 1024 -> p = 22/1024.
  EXPECT_NEAR(mcnemar_exact_p(1, 9), 22.0 / 1024, 1e-13);
  EXPECT_NEAR(mcnemar_exact_p(9, 1), 22.0 / 1024, 1e-13);
  // n = 10, k = 2: (1 + 10 + 45) / 1024 -> p = 112/1024.
  EXPECT_NEAR(mcnemar_exact_p(2, 8), 112.0 / 1024, 1e-13);
  // n = 6, all one way: 2 * 2^-6.
  EXPECT_NEAR(mcnemar_exact_p(0, 6), 2.0 / 64, 1e-14);
  EXPECT_DOUBLE_EQ(mcnemar_exact_p(5, 5), 1.0);
  // Far beyond 2^-1074: the sum must not underflow into nonsense.
  const double p = mcnemar_exact_p(0, 2000);
  EXPECT_GE(p, 0);
  EXPECT_LT(p, 1e-300);
  // n = 30, k = 10: sum_{i<=10} C(30,i) = 53009102 (C(30,0..10) = 1, 30, 435,
  // 4060, 27405, 142506, 593775, 2035800, 5852925, 14307150, 30045015).
  EXPECT_NEAR(mcnemar_exact_p(10, 20), 2.0 * 53009102 / 1073741824.0, 1e-12);
}

TEST(CheckStats, NormalTail) {
  EXPECT_DOUBLE_EQ(normal_sf(0), 0.5);
  EXPECT_NEAR(normal_sf(1.959963984540054), 0.025, 1e-12);
}

}  // namespace
}  // namespace hb::check
