// The probability distributions the impact estimate needs, written here (no statistics
// library): the standard normal, the χ² survival function and Student's t. Accurate to about
// 1e-14 relative in the ranges the estimator uses (checked against known values in
// tests/outcomes/impact_distributions_test.cpp).
#pragma once

namespace outcomes {

// P(Z <= z) for a standard normal Z.
double NormalCdf(double z);

// The z with NormalCdf(z) = p, for 0 < p < 1; -inf at 0, +inf at 1, NaN outside [0, 1].
double NormalQuantile(double p);

// The regularized lower and upper incomplete gamma functions P(a, x) and Q(a, x) = 1 - P(a, x),
// for a > 0 and x >= 0 (NaN otherwise). Series for x < a + 1, continued fraction beyond, so Q
// keeps its relative precision deep in the tail.
double RegularizedGammaP(double a, double x);
double RegularizedGammaQ(double a, double x);

// P(X > x) for X ~ χ² with `df` > 0 degrees of freedom: Q(df / 2, x / 2); 1 for x <= 0.
double ChiSquareSurvival(double x, double df);

// The regularized incomplete beta function I_x(a, b), for a, b > 0 and 0 <= x <= 1.
double RegularizedBeta(double x, double a, double b);

// P(T <= t) for T ~ Student's t with `df` > 0 degrees of freedom.
double StudentTCdf(double t, double df);

// The t with StudentTCdf(t, df) = p, for 0 < p < 1 (NaN outside; ±inf at 0 and 1).
double StudentTQuantile(double p, double df);

}  // namespace outcomes
