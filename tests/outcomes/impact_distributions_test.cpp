// The distributions of the impact estimate (plugin/analytics/distributions.h) against closed
// forms and published values (R's qnorm, qchisq, qt to 16 digits).
#include <cmath>

#include <gtest/gtest.h>

#include "plugin/analytics/distributions.h"

namespace outcomes {
namespace {

constexpr double kPi = 3.14159265358979323846;

void ExpectRelative(double actual, double expected, double tolerance) {
  EXPECT_NEAR(actual, expected, tolerance * std::fabs(expected)) << "expected " << expected;
}

TEST(ImpactDistributions, Normal) {
  EXPECT_EQ(NormalCdf(0), 0.5);
  ExpectRelative(NormalCdf(1.959963984540054), 0.975, 1e-15);
  ExpectRelative(NormalCdf(-1), 0.15865525393145707, 1e-14);
  ExpectRelative(NormalCdf(-8), 6.220960574271785e-16, 1e-12);
  ExpectRelative(NormalQuantile(0.975), 1.959963984540054, 1e-15);
  ExpectRelative(NormalQuantile(0.025), -1.959963984540054, 1e-15);
  ExpectRelative(NormalQuantile(0.75), 0.6744897501960817, 1e-15);
  ExpectRelative(NormalQuantile(1e-10), -6.361340902404056, 1e-14);
  EXPECT_EQ(NormalQuantile(0.5), 0.0);
  EXPECT_EQ(NormalQuantile(0), -INFINITY);
  EXPECT_EQ(NormalQuantile(1), INFINITY);
  EXPECT_TRUE(std::isnan(NormalQuantile(1.5)));
  EXPECT_TRUE(std::isnan(NormalQuantile(-0.1)));
  // The quantile inverts the distribution function across the range, tails included.
  for (double p : {1e-300, 1e-100, 1e-20, 1e-8, 0.001, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99})
    ExpectRelative(NormalCdf(NormalQuantile(p)), p, 1e-13);
}

TEST(ImpactDistributions, ChiSquare) {
  // Closed forms: df 2 is exponential, df 1 is a squared normal, df 6 a finite sum.
  for (double x : {0.001, 0.5, 1.0, 3.0, 10.0, 40.0, 100.0, 700.0}) {
    ExpectRelative(ChiSquareSurvival(x, 2), std::exp(-x / 2), 1e-13);
    ExpectRelative(ChiSquareSurvival(x, 1), std::erfc(std::sqrt(x / 2)), 1e-12);
    const double h = x / 2;
    ExpectRelative(ChiSquareSurvival(x, 6), std::exp(-h) * (1 + h + h * h / 2), 1e-12);
  }
  // Published quantiles: qchisq(0.95, 1), qchisq(0.95, 5), qchisq(0.99, 20).
  ExpectRelative(ChiSquareSurvival(3.841458820694124, 1), 0.05, 1e-13);
  ExpectRelative(ChiSquareSurvival(11.070497693516351, 5), 0.05, 1e-13);
  ExpectRelative(ChiSquareSurvival(37.56623478662507, 20), 0.01, 1e-12);
  // The mpdta pre-test: W = 7.79123662720035 on 5 df, p printed by `did` as 0.16812.
  EXPECT_NEAR(ChiSquareSurvival(7.79123662720035, 5), 0.16812, 5e-6);
  EXPECT_EQ(ChiSquareSurvival(0, 3), 1.0);
  EXPECT_EQ(ChiSquareSurvival(-1, 3), 1.0);
  EXPECT_TRUE(std::isnan(ChiSquareSurvival(1, 0)));
  for (double a : {0.5, 1.0, 2.5, 10.0, 100.0})
    for (double x : {0.1, 1.0, 5.0, 50.0, 150.0})
      EXPECT_NEAR(RegularizedGammaP(a, x) + RegularizedGammaQ(a, x), 1.0, 1e-14);
  ExpectRelative(RegularizedGammaP(1, 2.5), 1 - std::exp(-2.5), 1e-14);
}

TEST(ImpactDistributions, StudentT) {
  // df 1 (Cauchy) and df 2 have closed forms.
  for (double t : {-30.0, -2.0, -0.5, 0.0, 0.7, 3.0, 100.0}) {
    EXPECT_NEAR(StudentTCdf(t, 1), 0.5 + std::atan(t) / kPi, 1e-15);
    EXPECT_NEAR(StudentTCdf(t, 2), 0.5 + t / (2 * std::sqrt(2 + t * t)), 1e-15);
  }
  ExpectRelative(StudentTQuantile(0.975, 1), std::tan(kPi * 0.475), 1e-13);
  ExpectRelative(StudentTQuantile(0.975, 2), 0.95 / std::sqrt(2 * 0.975 * 0.025), 1e-13);
  // Published: qt(0.975, 4), qt(0.975, 10), qt(0.975, 30), qt(0.995, 3).
  ExpectRelative(StudentTQuantile(0.975, 4), 2.776445105197793, 1e-13);
  ExpectRelative(StudentTQuantile(0.975, 10), 2.228138851986274, 1e-13);
  ExpectRelative(StudentTQuantile(0.975, 30), 2.042272456301238, 1e-13);
  ExpectRelative(StudentTQuantile(0.995, 3), 5.840909309733350, 1e-13);
  ExpectRelative(StudentTQuantile(0.025, 10), -2.228138851986274, 1e-13);
  EXPECT_EQ(StudentTQuantile(0.5, 7), 0.0);
  // Many degrees of freedom: the normal.
  EXPECT_NEAR(StudentTQuantile(0.975, 1e7), 1.959963984540054, 1e-6);
  for (double df : {1.0, 3.0, 8.5, 60.0})
    for (double p : {0.001, 0.2, 0.6, 0.975, 0.9999})
      EXPECT_NEAR(StudentTCdf(StudentTQuantile(p, df), df), p, 1e-13 * std::max(1.0, p));
  // The incomplete beta: symmetric, and the two one-sided closed forms.
  EXPECT_NEAR(RegularizedBeta(0.5, 3.5, 3.5), 0.5, 1e-15);
  EXPECT_NEAR(RegularizedBeta(0.3, 1, 4), 1 - std::pow(0.7, 4), 1e-15);
  EXPECT_NEAR(RegularizedBeta(0.3, 2.5, 1), std::pow(0.3, 2.5), 1e-15);
}

}  // namespace
}  // namespace outcomes
