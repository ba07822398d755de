// The statistics of the dashboards, each with the sample size behind it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace outcomes {

// Below this many observations a figure is flagged as a small sample (shown, not hidden).
inline constexpr int64_t kSmallSample = 10;

// The arithmetic mean of `values`; nullopt when empty. Finite whenever the values are (a sum
// that overflows is redone as a sum of shares).
std::optional<double> Mean(const std::vector<double>& values);

// The median of `values` (mean of the two middle ones for an even count); nullopt when empty.
std::optional<double> Median(std::vector<double> values);

// Pearson's correlation coefficient of paired samples, with a 95 % confidence interval from
// Fisher's z transformation (z = atanh r, standard error 1 / sqrt(n - 3)).
struct Correlation {
  int64_t n = 0;
  std::optional<double> r;                // nullopt when undefined (see reason)
  std::optional<double> ci_low, ci_high;  // nullopt when n < 4 or r is undefined; r when |r| = 1
  bool small_sample = false;              // n < kSmallSample
  std::string reason;                     // why r is undefined, when it is
};

Correlation Pearson(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace outcomes
