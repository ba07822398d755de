#include "plugin/analytics/distributions.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace outcomes {
namespace {

constexpr double kEpsilon = std::numeric_limits<double>::epsilon();
constexpr double kTiny = 1e-300;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr int kMaxIterations = 10000;
constexpr double kPi = 3.14159265358979323846;
constexpr double kSqrt2 = 1.41421356237309504880;

// exp(-x) x^a / Γ(a), the factor in front of both incomplete gamma expansions.
double GammaFront(double a, double x) {
  return std::exp(-x + a * std::log(x) - std::lgamma(a));
}

// P(a, x) by its power series: e^-x x^a / Γ(a) Σ x^n / (a (a+1) ... (a+n)); for x < a + 1.
double GammaSeries(double a, double x) {
  double term = 1.0 / a;
  double sum = term;
  for (int n = 1; n < kMaxIterations; ++n) {
    term *= x / (a + n);
    sum += term;
    if (std::fabs(term) < std::fabs(sum) * kEpsilon) break;
  }
  return sum * GammaFront(a, x);
}

// Q(a, x) by its continued fraction (Legendre's), evaluated with the modified Lentz method; for
// x >= a + 1.
double GammaContinuedFraction(double a, double x) {
  double b = x + 1.0 - a;
  double c = 1.0 / kTiny;
  double d = 1.0 / b;
  double h = d;
  for (int i = 1; i < kMaxIterations; ++i) {
    const double an = -i * (i - a);
    b += 2.0;
    d = an * d + b;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = b + an / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1.0) < kEpsilon) break;
  }
  return h * GammaFront(a, x);
}

// The continued fraction of I_x(a, b) (without its front factor), by the modified Lentz method:
// 1 / (1 + d1 / (1 + d2 / (1 + ...))), d_{2k+1} = -(a+k)(a+b+k)x / ((a+2k)(a+2k+1)),
// d_{2k} = k(b-k)x / ((a+2k-1)(a+2k)). Converges fast for x < (a+1) / (a+b+2).
double BetaContinuedFraction(double x, double a, double b) {
  double f = kTiny, c = kTiny, d = 0.0;
  for (int j = 1; j < kMaxIterations; ++j) {
    double numerator = 1.0;
    if (j > 1) {
      const int m = j - 1;
      const double k = m / 2;
      numerator = (m % 2 == 1) ? -(a + k) * (a + b + k) * x / ((a + 2 * k) * (a + 2 * k + 1))
                               : k * (b - k) * x / ((a + 2 * k - 1) * (a + 2 * k));
    }
    d = 1.0 + numerator * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + numerator / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double delta = c * d;
    f *= delta;
    if (std::fabs(delta - 1.0) < kEpsilon) break;
  }
  return f;
}

// P(T > t) for t >= 0: I_{df/(df+t²)}(df/2, 1/2) / 2, without the cancellation of 1 - cdf.
double StudentTUpperTail(double t, double df) {
  return 0.5 * RegularizedBeta(df / (df + t * t), df / 2.0, 0.5);
}

double StudentTDensity(double t, double df) {
  return std::exp(std::lgamma((df + 1) / 2) - std::lgamma(df / 2) - 0.5 * std::log(df * kPi) -
                  (df + 1) / 2 * std::log1p(t * t / df));
}

}  // namespace

double NormalCdf(double z) {
  return 0.5 * std::erfc(-z / kSqrt2);
}

double NormalQuantile(double p) {
  if (std::isnan(p) || p < 0 || p > 1) return kNaN;
  if (p == 0) return -kInf;
  if (p == 1) return kInf;
  if (p == 0.5) return 0.0;
  if (p > 0.5) return -NormalQuantile(1.0 - p);
  // A first guess from Abramowitz & Stegun 26.2.23 (absolute error below 4.5e-4), then Halley
  // steps on the lower tail, where erfc keeps the relative precision of p.
  const double t = std::sqrt(-2.0 * std::log(p));
  double x = -(t - (2.515517 + 0.802853 * t + 0.010328 * t * t) /
                       (1.0 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t));
  for (int i = 0; i < 8; ++i) {
    const double e = NormalCdf(x) - p;
    const double u = e * std::sqrt(2.0 * kPi) * std::exp(x * x / 2.0);
    const double step = u / (1.0 + x * u / 2.0);
    x -= step;
    if (std::fabs(step) <= 4 * kEpsilon * std::fabs(x)) break;
  }
  return x;
}

double RegularizedGammaP(double a, double x) {
  if (!(a > 0) || !(x >= 0) || std::isnan(x)) return kNaN;
  if (x == 0) return 0.0;
  if (std::isinf(x)) return 1.0;
  return x < a + 1.0 ? GammaSeries(a, x) : 1.0 - GammaContinuedFraction(a, x);
}

double RegularizedGammaQ(double a, double x) {
  if (!(a > 0) || !(x >= 0) || std::isnan(x)) return kNaN;
  if (x == 0) return 1.0;
  if (std::isinf(x)) return 0.0;
  return x < a + 1.0 ? 1.0 - GammaSeries(a, x) : GammaContinuedFraction(a, x);
}

double ChiSquareSurvival(double x, double df) {
  if (!(df > 0) || std::isnan(x)) return kNaN;
  if (x <= 0) return 1.0;
  return RegularizedGammaQ(df / 2.0, x / 2.0);
}

double RegularizedBeta(double x, double a, double b) {
  if (!(a > 0) || !(b > 0) || std::isnan(x) || x < 0 || x > 1) return kNaN;
  if (x == 0) return 0.0;
  if (x == 1) return 1.0;
  const double log_front =
      std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  // The continued fraction converges fast below (a+1)/(a+b+2); above, use I_x(a,b) =
  // 1 - I_{1-x}(b,a).
  if (x < (a + 1.0) / (a + b + 2.0))
    return std::exp(log_front) * BetaContinuedFraction(x, a, b) / a;
  return 1.0 - std::exp(log_front) * BetaContinuedFraction(1.0 - x, b, a) / b;
}

double StudentTCdf(double t, double df) {
  if (!(df > 0) || std::isnan(t)) return kNaN;
  if (std::isinf(t)) return t > 0 ? 1.0 : 0.0;
  const double upper = StudentTUpperTail(std::fabs(t), df);
  return t > 0 ? 1.0 - upper : upper;
}

double StudentTQuantile(double p, double df) {
  if (!(df > 0) || std::isnan(p) || p < 0 || p > 1) return kNaN;
  if (p == 0) return -kInf;
  if (p == 1) return kInf;
  if (p == 0.5) return 0.0;
  if (p < 0.5) return -StudentTQuantile(1.0 - p, df);
  // Solve P(T > t) = q for t > 0: bracket the root, then Newton steps that stay inside the
  // bracket (bisection when a step would leave it). The tail decreases in t.
  const double q = 1.0 - p;
  double low = 0.0, high = 1.0;
  while (StudentTUpperTail(high, df) > q) {
    low = high;
    high *= 2.0;
    if (high > 1e300) return kInf;
  }
  double t = std::max(low, std::min(high, NormalQuantile(p)));
  if (!(t > low && t < high)) t = (low + high) / 2.0;
  for (int i = 0; i < 200; ++i) {
    const double f = StudentTUpperTail(t, df) - q;  // decreasing in t
    if (f == 0) return t;
    if (f > 0) {
      low = t;
    } else {
      high = t;
    }
    double next = t + f / StudentTDensity(t, df);
    if (!(next > low && next < high)) next = (low + high) / 2.0;
    if (std::fabs(next - t) <= 2 * kEpsilon * std::fabs(next)) return next;
    t = next;
  }
  return t;
}

}  // namespace outcomes
