// The impact estimator on simulated panels whose truth is known (impact_simulation.h): the
// window's 95 % interval must cover the true effect in at least 90 of 100 seeded simulations,
// with an effect and without one, with a balanced panel and with missing observations; the
// pre-trend test must reject in most runs when completers were already trending, and rarely
// when they were not. Analytic only, a few hundred milliseconds in all.
#include <gtest/gtest.h>

#include "tests/outcomes/impact_simulation.h"

namespace outcomes {
namespace {

constexpr int kRuns = 100;

ImpactOptions WindowOptions() {
  ImpactOptions o;
  o.bootstrap = 0;
  o.window_last_event_time = *WindowLastEventTime(PeriodKind::kMonth, 90);  // event times 0..2
  o.window_days = 90;
  return o;
}

struct Coverage {
  int covered = 0;
  int rejected = 0;  // pre-trend test at 5 %
  int answered = 0;
};

Coverage Simulate100(const Simulation& s, double truth, ImpactControl control,
                     uint64_t first_seed) {
  Coverage c;
  ImpactOptions o = WindowOptions();
  o.control = control;
  for (int run = 0; run < kRuns; ++run) {
    const ImpactPanel panel = Simulate(s, first_seed + static_cast<uint64_t>(run));
    const auto r = EstimateImpact(panel, o);
    if (!r.ok() || !r.value().window) continue;
    ++c.answered;
    const ImpactEstimate& w = r.value().window->estimate;
    if (w.ci_low <= truth && truth <= w.ci_high) ++c.covered;
    if (r.value().pretrend && r.value().pretrend->rejected) ++c.rejected;
  }
  return c;
}

TEST(ImpactSimulation, IntervalCoversTheEffect) {
  Simulation s;
  s.effect = -2.0;
  const Coverage c = Simulate100(s, -2.0, ImpactControl::kNotYet, 1000);
  EXPECT_EQ(c.answered, kRuns);
  EXPECT_GE(c.covered, 90);
  EXPECT_LE(c.rejected, 15);  // parallel trends hold: the test rejects about 5 % of the time
}

TEST(ImpactSimulation, IntervalCoversNoEffect) {
  Simulation s;
  s.effect = 0.0;
  const Coverage c = Simulate100(s, 0.0, ImpactControl::kNotYet, 2000);
  EXPECT_EQ(c.answered, kRuns);
  EXPECT_GE(c.covered, 90);
}

TEST(ImpactSimulation, NeverTreatedComparisonCoversTheEffect) {
  Simulation s;
  s.effect = -2.0;
  const Coverage c = Simulate100(s, -2.0, ImpactControl::kNever, 3000);
  EXPECT_EQ(c.answered, kRuns);
  EXPECT_GE(c.covered, 90);
}

// An unbalanced panel: a fifth of the monthly values missing, two observations a month
// otherwise (a unit's value is their mean).
TEST(ImpactSimulation, MissingObservationsStillCover) {
  Simulation s;
  s.effect = -2.0;
  s.missing_share = 0.2;
  s.observations_per_period = 2;
  const Coverage c = Simulate100(s, -2.0, ImpactControl::kNotYet, 4000);
  EXPECT_EQ(c.answered, kRuns);
  EXPECT_GE(c.covered, 90);
}

// Completers already trending down before completing (and on after): parallel trends fail, and
// the pre-trend test says so in most runs.
TEST(ImpactSimulation, PretrendTestRejectsWhenCompletersWereAlreadyMoving) {
  Simulation s;
  s.effect = -2.0;
  s.pre_slope = -0.15;
  const Coverage c = Simulate100(s, -2.0, ImpactControl::kNotYet, 5000);
  EXPECT_EQ(c.answered, kRuns);
  EXPECT_GE(c.rejected, 80);
  EXPECT_LT(c.covered, 50);  // and the window's estimate is indeed off
}

}  // namespace
}  // namespace outcomes
