// The impact estimate's words, team units and whole-audience trend: pure functions of numbers,
// checked against sentences and values written out by hand.
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "plugin/analytics/impact.h"

namespace outcomes {
namespace {

WindowSentenceInput DiscountExample() {
  WindowSentenceInput in;
  in.words.kpi = "average discount";
  in.words.kpi_unit = "points";
  in.words.population = "reps";
  in.days = 90;
  in.last_event_time = 2;
  in.att = -1.8;
  in.ci_low = -2.9;
  in.ci_high = -0.7;
  in.percent_of_baseline = -9.6;
  in.n_treated = 312;
  in.n_control = 1488;
  return in;
}

TEST(ImpactWords, TheHeadline) {
  EXPECT_EQ(WindowSentence(DiscountExample()),
            "completers' average discount fell 1.8 points (\u22129.6 % of baseline) more than "
            "not-yet-completers' within 90 days of completing; 95 % CI \u22122.9 to \u22120.7; 312 "
            "completers, 1,488 comparison reps");
}

TEST(ImpactWords, RoundingFollowsTheInterval) {
  WindowSentenceInput in = DiscountExample();
  in.att = -0.0772398;
  in.ci_low = -0.1163705;
  in.ci_high = -0.0381091;  // half width 0.039: two significant digits, three decimals
  in.percent_of_baseline = -1.2345;
  EXPECT_EQ(WindowSentence(in),
            "completers' average discount fell 0.077 points (\u22121.2 % of baseline) more than "
            "not-yet-completers' within 90 days of completing; 95 % CI \u22120.116 to \u22120.038; "
            "312 completers, 1,488 comparison reps");
  in.att = 1234.6;
  in.ci_low = 600;
  in.ci_high = 1869;  // half width 634.5: no decimals
  in.percent_of_baseline = std::nullopt;
  in.words.kpi_unit = "";
  in.n_treated = 1234567;
  EXPECT_EQ(WindowSentence(in),
            "completers' average discount rose 1235 more than not-yet-completers' within 90 days "
            "of completing; 95 % CI 600 to 1869; 1,234,567 completers, 1,488 comparison reps");
}

TEST(ImpactWords, AnIntervalAcrossZeroSaysSo) {
  WindowSentenceInput in = DiscountExample();
  in.att = 0.4;
  in.ci_low = -0.6;
  in.ci_high = 1.4;
  in.percent_of_baseline = 2.13;
  EXPECT_EQ(WindowSentence(in),
            "completers' average discount rose 0.4 points (2.1 % of baseline) more than "
            "not-yet-completers' within 90 days of completing; 95 % CI \u22120.6 to 1.4, which "
            "includes no difference; 312 completers, 1,488 comparison reps");
  in.att = 0.004;  // rounds to zero at one decimal
  EXPECT_EQ(WindowSentence(in),
            "completers' average discount moved the same as not-yet-completers' (a difference of "
            "0.0 points (2.1 % of baseline)) within 90 days of completing; 95 % CI \u22120.6 to "
            "1.4, which includes no difference; 312 completers, 1,488 comparison reps");
}

TEST(ImpactWords, ComparisonGroupTeamsAndPeriods) {
  WindowSentenceInput in = DiscountExample();
  in.control = ImpactControl::kNever;
  EXPECT_NE(WindowSentence(in).find("more than non-completers' within"), std::string::npos);
  in.unit = ImpactUnitKind::kTeam;
  in.words.population = "teams";
  EXPECT_EQ(WindowSentence(in),
            "completing teams' average discount fell 1.8 points (\u22129.6 % of baseline) more "
            "than non-completing teams' within 90 days of reaching the completion share; 95 % CI "
            "\u22122.9 to \u22120.7; 312 completing teams, 1,488 comparison teams");
  in = DiscountExample();
  in.days = 0;
  in.period = PeriodKind::kWeek;
  in.last_event_time = 0;
  EXPECT_NE(WindowSentence(in).find(" in the first 1 week after completing; "), std::string::npos);
  in.last_event_time = 2;
  in.period = PeriodKind::kMonth;
  EXPECT_NE(WindowSentence(in).find(" in the first 3 months after completing; "),
            std::string::npos);
}

TEST(ImpactWords, NeverCausedNeverRoi) {
  std::vector<std::string> all;
  for (double att : {-3.0, 0.0, 2.0})
    for (ImpactUnitKind unit : {ImpactUnitKind::kLearner, ImpactUnitKind::kTeam}) {
      WindowSentenceInput in = DiscountExample();
      in.att = att;
      in.unit = unit;
      all.push_back(WindowSentence(in));
      all.push_back(PretrendSentence(unit, 0.01));
      all.push_back(PretrendSentence(unit, 0.5));
    }
  for (NotEnoughDataReason reason :
       {NotEnoughDataReason::kFewerThanTwoPeriods, NotEnoughDataReason::kNoCompleters,
        NotEnoughDataReason::kNoPrePeriod, NotEnoughDataReason::kTooFewUnits,
        NotEnoughDataReason::kWindowNotObserved}) {
    const std::string s =
        NotEnoughDataSentence(reason, ImpactWords{}, ImpactUnitKind::kLearner, 10, 90);
    EXPECT_EQ(s.rfind("not enough data: ", 0), 0u) << s;
    all.push_back(s);
  }
  for (const std::string& s : all) {
    for (const char* banned : {"caus", "Caus", "ROI", "return on"})
      EXPECT_EQ(s.find(banned), std::string::npos) << s;
  }
}

TEST(ImpactWords, PretrendVerdict) {
  EXPECT_EQ(PretrendSentence(ImpactUnitKind::kLearner, 0.003),
            "completers were already moving before they completed; this estimate is not reliable "
            "(pre-trend test p = 0.0030)");
  EXPECT_EQ(PretrendSentence(ImpactUnitKind::kLearner, 0.0004),
            "completers were already moving before they completed; this estimate is not reliable "
            "(pre-trend test p < 0.001)");
  EXPECT_EQ(PretrendSentence(ImpactUnitKind::kLearner, 0.16812),
            "no sign that completers were already moving before they completed (pre-trend test "
            "p = 0.17)");
  EXPECT_EQ(PretrendSentence(ImpactUnitKind::kLearner, 0.05),
            "no sign that completers were already moving before they completed (pre-trend test "
            "p = 0.050)");
  EXPECT_EQ(PretrendSentence(ImpactUnitKind::kTeam, 0.049),
            "completing teams were already moving before they reached the completion share; this "
            "estimate is not reliable (pre-trend test p = 0.049)");
}

TEST(ImpactWords, NotEnoughDataSentences) {
  ImpactWords w;
  w.kpi = "average discount";
  w.population = "reps";
  EXPECT_EQ(NotEnoughDataSentence(NotEnoughDataReason::kNoCompleters, w, ImpactUnitKind::kLearner,
                                  10, 90),
            "not enough data: none of the reps with average discount data has completed yet");
  EXPECT_EQ(NotEnoughDataSentence(NotEnoughDataReason::kWindowNotObserved, w,
                                  ImpactUnitKind::kLearner, 10, 90),
            "not enough data: no completers have been followed for the whole 90 days after "
            "completing yet");
  EXPECT_EQ(
      NotEnoughDataSentence(NotEnoughDataReason::kNoPrePeriod, w, ImpactUnitKind::kLearner, 10, 90),
      "not enough data: every one of the completers completed in the first period of the "
      "data, so there is no before to compare with");
  EXPECT_EQ(
      NotEnoughDataSentence(NotEnoughDataReason::kNoCompleters, w, ImpactUnitKind::kTeam, 10, 90),
      "not enough data: no team with average discount data has reached the completion "
      "share yet");
}

TEST(ImpactTeams, GroupIsWhenTheShareIsReached) {
  // Roster of 4, half = 2 members: the second completion.
  EXPECT_EQ(TeamGroup({3, 1, 5}, 4), 3);
  // Roster of 5: 2.5 rounds up to 3 members.
  EXPECT_EQ(TeamGroup({3, 1, 5}, 5), 5);
  EXPECT_EQ(TeamGroup({3, 1, 5}, 5, 0.4), 3);   // exactly 2 members
  EXPECT_EQ(TeamGroup({4, 4, 2}, 6), 4);        // two completing together
  EXPECT_EQ(TeamGroup({7, 8, 9}, 10, 0.3), 9);  // 0.3 × 10 = 3, not 4
  EXPECT_EQ(TeamGroup({2}, 10, 0.01), 2);       // at least one member
  EXPECT_EQ(TeamGroup({6, 1, 3, 2}, 4, 1.0), 6);
  EXPECT_EQ(TeamGroup({-2, -1, 4}, 4), -1);  // before the data: no pre-period, dropped later
  EXPECT_FALSE(TeamGroup({1}, 4));           // not reached in the data
  EXPECT_FALSE(TeamGroup({}, 3));
  EXPECT_FALSE(TeamGroup({1, 2}, 0));
  EXPECT_FALSE(TeamGroup({1, 2}, 2, 0.0));
  EXPECT_FALSE(TeamGroup({1, 2}, 2, 1.5));
}

// Pre-launch values 1, 3, 2, 4, 3, 5 at t = 0..5: the line is (50 + 22 t) / 35 (x̄ = 2.5,
// ȳ = 3, Sxx = 17.5, Sxy = 11), residuals (-15, 33, -24, 24, -33, 15) / 35, SSR = 3780 / 1225.
// After launch (t = 6, 7) the values 3 and 4 lie 2.2 and 64/35 below the line: mean -141/70.
TEST(ImpactAudience, DeviationFromTheEarlierTrend) {
  const std::vector<std::optional<double>> values = {1, 3, 2, 4, 3, 5, 3, 4};
  const AudienceTrend a = EstimateAudienceTrend(values, 6, 10.0);
  ASSERT_FALSE(a.not_enough_data);
  EXPECT_EQ(a.n_pre, 6);
  EXPECT_EQ(a.n_post, 2);
  EXPECT_NEAR(a.slope, 22.0 / 35, 1e-14);
  EXPECT_NEAR(a.intercept, 50.0 / 35, 1e-14);
  EXPECT_EQ(a.df, 4);
  const double s2 = 3780.0 / 1225 / 4;
  EXPECT_NEAR(a.residual_sd, std::sqrt(s2), 1e-14);
  EXPECT_NEAR(a.deviation, -141.0 / 70, 1e-14);
  // Prediction variance of the mean of 2 new values at x̄ = 6.5: s² (1/2 + 1/6 + 4² / 17.5).
  const double se = std::sqrt(s2 * (0.5 + 1.0 / 6 + 16 / 17.5));
  EXPECT_NEAR(a.se, se, 1e-14);
  const double t = 2.776445105197793;  // qt(0.975, 4)
  EXPECT_NEAR(a.ci_low, -141.0 / 70 - t * se, 1e-12);
  EXPECT_NEAR(a.ci_high, -141.0 / 70 + t * se, 1e-12);
  ASSERT_TRUE(a.percent_of_baseline);
  EXPECT_NEAR(*a.percent_of_baseline, -1410.0 / 70, 1e-12);
  EXPECT_EQ(a.method, "trend_extrapolation");
  // -2.014 ± 2.776 × 1.104: the interval -5.08 to 1.05 includes no difference.
  EXPECT_EQ(a.sentence,
            "since launch, the KPI has been 2.0 (\u221220.1 % of baseline) below its earlier "
            "trend; 95 % prediction interval \u22125.1 to 1.1, which includes no difference; "
            "weaker evidence: a trend, not a comparison group");
  ImpactWords words;
  words.kpi = "incident rate";
  words.kpi_unit = "per 100 workers";
  AudienceTrend exact = a;
  exact.deviation = -0.52;
  exact.ci_low = -0.71;
  exact.ci_high = -0.33;
  exact.percent_of_baseline = std::nullopt;
  EXPECT_EQ(AudienceSentence(exact, words),
            "since launch, the incident rate has been 0.52 per 100 workers below its earlier "
            "trend; 95 % prediction interval \u22120.71 to \u22120.33; weaker evidence: a trend, "
            "not a comparison group");
}

TEST(ImpactAudience, ExactTrendAndMissingValues) {
  std::vector<std::optional<double>> values;
  for (int t = 0; t < 12; ++t)
    values.push_back(10 + 0.5 * t - (t >= 8 ? 2.0 : 0.0));
  values[3] = std::nullopt;  // a period without a value is left out
  const AudienceTrend a = EstimateAudienceTrend(values, 8);
  ASSERT_FALSE(a.not_enough_data);
  EXPECT_EQ(a.n_pre, 7);
  EXPECT_EQ(a.n_post, 4);
  EXPECT_NEAR(a.slope, 0.5, 1e-12);
  EXPECT_NEAR(a.deviation, -2.0, 1e-12);
  EXPECT_NEAR(a.se, 0.0, 1e-12);
  EXPECT_FALSE(a.percent_of_baseline);
}

TEST(ImpactAudience, NotEnoughData) {
  const std::vector<std::optional<double>> values = {1, 2, std::nullopt, 3, 4, 5, 6, 7};
  const AudienceTrend few = EstimateAudienceTrend(values, 6);  // 5 values before launch
  ASSERT_TRUE(few.not_enough_data);
  EXPECT_EQ(few.not_enough_data->reason, NotEnoughDataReason::kNoPrePeriod);
  EXPECT_EQ(few.n_pre, 5);
  const AudienceTrend none_after = EstimateAudienceTrend(values, 8);
  ASSERT_TRUE(none_after.not_enough_data);
  EXPECT_EQ(none_after.not_enough_data->reason, NotEnoughDataReason::kWindowNotObserved);
}

}  // namespace
}  // namespace outcomes
