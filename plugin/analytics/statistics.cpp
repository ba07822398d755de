#include "plugin/analytics/statistics.h"

#include <algorithm>
#include <cmath>

namespace outcomes {

std::optional<double> Mean(const std::vector<double>& values) {
  if (values.empty()) return std::nullopt;
  const double n = static_cast<double>(values.size());
  double sum = 0;
  for (double v : values)
    sum += v;
  if (std::isfinite(sum)) return sum / n;
  // The sum of finite values overflowed: the sum of each value's share cannot (its magnitude is
  // at most the largest value's).
  double mean = 0;
  for (double v : values)
    mean += v / n;
  return mean;
}

namespace {

// The power of two that brings the largest magnitude of `v` near 1: scaling by it is exact, so
// statistics that do not depend on scale come out the same, without overflow in their sums of
// squares.
double ScaleOf(const std::vector<double>& v, size_t n) {
  double largest = 0;
  for (size_t i = 0; i < n; ++i)
    largest = std::max(largest, std::fabs(v[i]));
  if (largest == 0 || !std::isfinite(largest)) return 1.0;
  int exponent = 0;
  std::frexp(largest, &exponent);
  return std::ldexp(1.0, -exponent);
}

}  // namespace

std::optional<double> Median(std::vector<double> values) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

Correlation Pearson(const std::vector<double>& x, const std::vector<double>& y) {
  Correlation c;
  c.n = static_cast<int64_t>(std::min(x.size(), y.size()));
  c.small_sample = c.n < kSmallSample;
  if (c.n < 3) {
    c.reason = "fewer than 3 pairs";
    return c;
  }
  const size_t n = static_cast<size_t>(c.n);
  // r does not depend on the scale of x or y: both are scaled (exactly, by powers of two) so
  // that huge values cannot overflow the sums below.
  const double kx = ScaleOf(x, n);
  const double ky = ScaleOf(y, n);
  double mx = 0, my = 0;
  for (size_t i = 0; i < n; ++i) {
    mx += x[i] * kx;
    my += y[i] * ky;
  }
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < n; ++i) {
    const double dx = x[i] * kx - mx;
    const double dy = y[i] * ky - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx <= 0 || syy <= 0) {
    c.reason = sxx <= 0 ? "the activity does not vary" : "the KPI does not vary";
    return c;
  }
  double r = sxy / std::sqrt(sxx * syy);
  r = std::max(-1.0, std::min(1.0, r));
  c.r = r;
  if (n >= 4 && std::fabs(r) == 1.0) {
    c.ci_low = c.ci_high = r;  // an exact line: the interval collapses
  } else if (n >= 4) {
    const double z = std::atanh(r);
    const double se = 1.0 / std::sqrt(static_cast<double>(n) - 3.0);
    c.ci_low = std::tanh(z - 1.959964 * se);
    c.ci_high = std::tanh(z + 1.959964 * se);
  }
  return c;
}

}  // namespace outcomes
