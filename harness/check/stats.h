// The statistics behind `hilbench check`: robust location/dispersion, the
// Mann-Whitney U test for two independent timing samples, and McNemar's exact
// test for paired right/wrong outcomes.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace hb::check {

// Median with linear interpolation between the two middle values. Throws on empty input.
double median(std::vector<double> v);
// Median absolute deviation from the median, times 1.4826 so that it
// estimates the standard deviation of normally distributed data.
double mad_scaled(std::span<const double> v);

struct MannWhitney {
  double u = 0;  // U of the first sample: pairs (x > y) + half the tied pairs
  double z = 0;  // standardised U (normal approximation; 0 when exact)
  double p = 1;  // two-sided
  bool exact = false;
};

// Two-sided Mann-Whitney U test of x against y. Exact (full permutation
// distribution) when there are no ties and both samples have at most
// kExactMax values; otherwise the normal approximation with tie-corrected
// variance and a 0.5 continuity correction (as scipy.stats.mannwhitneyu's
// asymptotic method). All values equal (zero variance): p = 1. Throws if a sample is empty.
inline constexpr size_t kMannWhitneyExactMax = 20;
MannWhitney mann_whitney(std::span<const double> x, std::span<const double> y);

// Two-sided exact McNemar test: b and c are the discordant pair counts
// (e.g. right->wrong and wrong->right). Under H0 b ~ Binomial(b + c, 1/2);
// p = min(1, 2 * P(X <= min(b, c))). b = c = 0: p = 1.
double mcnemar_exact_p(int64_t b, int64_t c);

// Standard normal upper tail P(Z > z).
double normal_sf(double z);

}  // namespace hb::check
