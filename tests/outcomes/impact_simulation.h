// Simulated panels whose truth is set here, for the impact estimator's tests: learners who
// complete at staggered periods, a KPI with unit and period effects and noise, and an effect
// from completion on. Deterministic for a seed on every platform (std::mt19937_64, and normal
// draws by Box–Muller written here).
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "plugin/analytics/impact.h"

namespace outcomes {

struct Simulation {
  int units = 600;
  int periods = 8;
  double completer_share = 0.5;  // the others never complete
  int first_completion = 3;      // completion periods are uniform in [first, last]
  int last_completion = 5;
  double effect = -2.0;    // added to the KPI from the completion period on
  double pre_slope = 0.0;  // completers' extra change per period, before and after
  double noise_sd = 1.0;
  double missing_share = 0.0;  // each observation is dropped with this probability
  int observations_per_period = 1;
};

class NormalDraws {
 public:
  explicit NormalDraws(uint64_t seed) : rng_(seed) {}
  double Uniform() { return (static_cast<double>(rng_() >> 11) + 0.5) / 9007199254740992.0; }
  double Normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const double r = std::sqrt(-2.0 * std::log(Uniform()));
    const double a = 2.0 * 3.14159265358979323846 * Uniform();
    spare_ = r * std::sin(a);
    has_spare_ = true;
    return r * std::cos(a);
  }

 private:
  std::mt19937_64 rng_;
  bool has_spare_ = false;
  double spare_ = 0;
};

inline ImpactPanel Simulate(const Simulation& s, uint64_t seed) {
  NormalDraws draw(seed);
  ImpactPanel panel;
  for (int t = 0; t < s.periods; ++t)
    panel.periods.push_back("p" + std::to_string(t));
  std::vector<double> period_effect(static_cast<size_t>(s.periods));
  for (double& v : period_effect)
    v = 2.0 * draw.Normal();
  const int span = s.last_completion - s.first_completion + 1;
  for (int i = 0; i < s.units; ++i) {
    ImpactUnit u;
    if (draw.Uniform() < s.completer_share)
      u.group = s.first_completion + static_cast<int>(draw.Uniform() * span) % span;
    u.cluster = i % 20;
    const double level = 20.0 + 3.0 * draw.Normal();
    for (int t = 0; t < s.periods; ++t) {
      for (int k = 0; k < s.observations_per_period; ++k) {
        if (s.missing_share > 0 && draw.Uniform() < s.missing_share) continue;
        double y = level + period_effect[static_cast<size_t>(t)] + s.noise_sd * draw.Normal();
        if (u.group) {
          y += s.pre_slope * t;
          if (t >= *u.group) y += s.effect;
        }
        panel.observations.push_back({static_cast<size_t>(i), t, y});
      }
    }
    panel.units.push_back(u);
  }
  return panel;
}

}  // namespace outcomes
