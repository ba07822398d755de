#include "plugin/analytics/statistics.h"

#include <algorithm>
#include <cmath>

namespace outcomes {

std::optional<double> Mean(const std::vector<double>& values) {
  if (values.empty()) return std::nullopt;
  double sum = 0;
  for (double v : values)
    sum += v;
  return sum / static_cast<double>(values.size());
}

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
  double mx = 0, my = 0;
  for (size_t i = 0; i < n; ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < n; ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
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
