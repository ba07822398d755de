// The impact estimator at the size the product is built for: 5,000 learners × 24 months, with
// and without the 999-draw bootstrap. It checks the answer, not the clock (no timed unit test):
// the time taken is printed for a reader, and measured properly by scripts/bench.sh --impact.
#include <algorithm>
#include <chrono>
#include <cstdio>

#include <gtest/gtest.h>

#include "tests/outcomes/impact_simulation.h"

namespace outcomes {
namespace {

double Milliseconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

TEST(ImpactScale, FiveThousandLearnersOverTwoYears) {
  Simulation s;
  s.units = 5000;
  s.periods = 24;
  s.completer_share = 0.6;
  s.first_completion = 2;
  s.last_completion = 21;
  s.effect = -2.0;
  const ImpactPanel panel = Simulate(s, 42);
  ImpactOptions o;
  o.window_last_event_time = *WindowLastEventTime(PeriodKind::kMonth, 90);
  o.window_days = 90;

  double analytic_ms = 1e9, boot_ms = 1e9;
  ImpactResult analytic, boot;
  for (int rep = 0; rep < 3; ++rep) {  // the fastest of three, for the printed figure
    o.bootstrap = 0;
    auto start = std::chrono::steady_clock::now();
    analytic = EstimateImpact(panel, o).value();
    analytic_ms = std::min(analytic_ms, Milliseconds(std::chrono::steady_clock::now() - start));

    o.bootstrap = 999;
    start = std::chrono::steady_clock::now();
    boot = EstimateImpact(panel, o).value();
    boot_ms = std::min(boot_ms, Milliseconds(std::chrono::steady_clock::now() - start));
  }
  std::printf("impact, 5,000 learners x 24 months: analytic %.1f ms, with 999 draws %.1f ms\n",
              analytic_ms, boot_ms);

  EXPECT_EQ(analytic.n_units, 5000);
  EXPECT_EQ(analytic.groups.size(), 20u);
  EXPECT_EQ(analytic.att_gt.size(), 20u * 23u);
  ASSERT_TRUE(analytic.window);
  EXPECT_NEAR(analytic.window->estimate.att, -2.0, 5 * analytic.window->estimate.se);
  ASSERT_TRUE(analytic.pretrend);
  EXPECT_EQ(analytic.pretrend->df, 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10 + 11 + 12 + 13 + 14 + 15 +
                                       16 + 17 + 18 + 19 + 20 + 21 - 20);
  ASSERT_TRUE(boot.band_critical_value && boot.window && boot.window->estimate.bootstrap_se);
  EXPECT_EQ(boot.window->estimate.att, analytic.window->estimate.att);
  EXPECT_EQ(boot.pretrend->chi2, analytic.pretrend->chi2);
  for (const EventStudyPoint& p : boot.event_study) {
    ASSERT_TRUE(p.band_low && p.band_high) << p.e;
    EXPECT_LE(*p.band_low, p.estimate.ci_low) << p.e;
    EXPECT_GE(*p.band_high, p.estimate.ci_high) << p.e;
  }
}

}  // namespace
}  // namespace outcomes
