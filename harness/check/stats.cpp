#include "check/stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "common/error.h"

namespace hb::check {

double median(std::vector<double> v) {
  if (v.empty()) throw hb::Error("median of no values");
  const size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  const double hi = v[mid];
  if (v.size() % 2) return hi;
  const double lo = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
  return lo + (hi - lo) / 2;
}

double mad_scaled(std::span<const double> v) {
  const double m = median(std::vector<double>(v.begin(), v.end()));
  std::vector<double> dev;
  dev.reserve(v.size());
  for (double x : v) dev.push_back(std::fabs(x - m));
  return 1.4826 * median(std::move(dev));
}

double normal_sf(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

namespace {

// P(U <= u) and P(U >= u) under H0 for tie-free samples of sizes m and n:
// counts of orderings by U, built with f(m, n, u) = f(m-1, n, u-n) + f(m, n-1, u)
// (the largest value comes from x, beating all n y's, or from y).
double exact_two_sided(size_t m, size_t n, double u_obs) {
  const size_t umax = m * n;
  // f[i][j] is the distribution over u for sizes (i, j); only row i-1 and i are needed.
  std::vector<std::vector<double>> prev(n + 1), cur(n + 1);
  for (size_t j = 0; j <= n; ++j) prev[j].assign(umax + 1, 0.0), prev[j][0] = 1.0;  // i = 0: U = 0
  for (size_t i = 1; i <= m; ++i) {
    cur[0].assign(umax + 1, 0.0);
    cur[0][0] = 1.0;  // j = 0: U = 0
    for (size_t j = 1; j <= n; ++j) {
      cur[j].assign(umax + 1, 0.0);
      for (size_t u = 0; u <= i * j; ++u) cur[j][u] = (u >= j ? prev[j][u - j] : 0.0) + cur[j - 1][u];
    }
    std::swap(prev, cur);
  }
  const std::vector<double>& f = prev[n];
  const double total = std::accumulate(f.begin(), f.end(), 0.0);
  const auto k = static_cast<size_t>(std::llround(u_obs));
  double le = 0, ge = 0;
  for (size_t u = 0; u <= umax; ++u) (u <= k ? le : ge) += f[u];
  ge += f[k];  // P(U >= k) includes k itself
  return std::min(1.0, 2.0 * std::min(le, ge) / total);
}

}  // namespace

MannWhitney mann_whitney(std::span<const double> x, std::span<const double> y) {
  const size_t n1 = x.size(), n2 = y.size(), n = n1 + n2;
  if (n1 == 0 || n2 == 0) throw hb::Error("Mann-Whitney U test needs two non-empty samples");
  // Rank the pooled values, giving tied groups their mid-rank.
  std::vector<std::pair<double, bool>> all;  // value, from x
  all.reserve(n);
  for (double v : x) all.emplace_back(v, true);
  for (double v : y) all.emplace_back(v, false);
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  double r1 = 0, tie_term = 0;
  bool ties = false;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && all[j].first == all[i].first) ++j;
    const double t = static_cast<double>(j - i);
    const double rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;  // mid-rank of i+1..j
    for (size_t k = i; k < j; ++k)
      if (all[k].second) r1 += rank;
    if (t > 1) {
      ties = true;
      tie_term += t * t * t - t;
    }
    i = j;
  }
  const double dn1 = static_cast<double>(n1), dn2 = static_cast<double>(n2), dn = static_cast<double>(n);
  MannWhitney r;
  r.u = r1 - dn1 * (dn1 + 1) / 2;
  if (!ties && n1 <= kMannWhitneyExactMax && n2 <= kMannWhitneyExactMax) {
    r.exact = true;
    r.p = exact_two_sided(n1, n2, r.u);
    return r;
  }
  const double mean = dn1 * dn2 / 2;
  const double var = dn1 * dn2 / 12 * ((dn + 1) - tie_term / (dn * (dn - 1)));
  if (!(var > 0)) return r;  // every value equal: no evidence either way
  const double d = r.u - mean;
  const double corrected = std::fabs(d) <= 0.5 ? 0.0 : d - std::copysign(0.5, d);
  r.z = corrected / std::sqrt(var);
  r.p = std::min(1.0, 2 * normal_sf(std::fabs(r.z)));
  return r;
}

double mcnemar_exact_p(int64_t b, int64_t c) {
  if (b < 0 || c < 0) throw hb::Error("McNemar test: negative pair count");
  const int64_t n = b + c, k = std::min(b, c);
  if (n == 0) return 1.0;
  // Binomial(n, 1/2) terms in log space: 2^-n underflows for n > 1074.
  const double dn = static_cast<double>(n), log_half_n = -dn * std::log(2.0);
  double tail = 0;
  for (int64_t i = 0; i <= k; ++i) {
    const double di = static_cast<double>(i);
    tail += std::exp(std::lgamma(dn + 1) - std::lgamma(di + 1) - std::lgamma(dn - di + 1) + log_half_n);
  }
  return std::min(1.0, 2 * tail);
}

}  // namespace hb::check
