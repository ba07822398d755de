// A small, fast, deterministic pseudo-random generator for the benchmark's synthetic data. Not
// for anything secret: the point is that the same seed gives the same statements on every
// machine and every run, whatever the thread scheduling.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>

namespace lrs::bench {

// Mixes `x` into a well-distributed 64-bit value (the SplitMix64 finalizer).
inline uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Derives an independent seed from a parent seed and a sequence of integers, so that, say,
// statement 123 of session 45 has a stream of its own.
inline uint64_t Derive(uint64_t seed, uint64_t a, uint64_t b = 0) {
  return Mix(Mix(seed ^ Mix(a)) ^ Mix(b + 0x632be59bd9b4e019ULL));
}

// SplitMix64: one 64-bit word of state, copyable, cheap to create per statement.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}

  uint64_t Next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  // Uniform in [0, 1).
  double Real() { return static_cast<double>(Next() >> 11) * (1.0 / 9007199254740992.0); }

  // Uniform in [0, n); n must be positive. The modulo bias is far below anything measured here.
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }

  // Uniform in [lo, hi]; lo <= hi.
  int Between(int lo, int hi) {
    return lo + static_cast<int>(Below(static_cast<size_t>(hi - lo + 1)));
  }

  // True with probability p.
  bool Chance(double p) { return Real() < p; }

  // In [0, n), skewed towards 0: index floor(n * u^power), so power 1 is uniform and larger
  // powers concentrate more weight on the first items (the popular courses, the busy learners).
  size_t Skewed(size_t n, double power) {
    size_t i = static_cast<size_t>(static_cast<double>(n) * std::pow(Real(), power));
    return i < n ? i : n - 1;
  }

 private:
  uint64_t state_;
};

}  // namespace lrs::bench
