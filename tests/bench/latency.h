// Request latencies of one kind, and their percentiles. Not thread-safe: each worker records
// into its own and the phase merges them at the end.
#pragma once

#include <cstddef>
#include <vector>

namespace lrs::bench {

class Latencies {
 public:
  void Add(double millis) {
    samples_.push_back(millis);
    sorted_ = false;
  }
  void Merge(const Latencies& other);

  size_t count() const { return samples_.size(); }

  // The nearest-rank percentile `p` (0 < p <= 100) in milliseconds; 0 when empty.
  double Percentile(double p) const;
  double Max() const;
  double Mean() const;

 private:
  // Sorted lazily by the first percentile asked for after an Add or Merge.
  mutable std::vector<double> samples_;
  mutable bool sorted_ = false;
};

}  // namespace lrs::bench
