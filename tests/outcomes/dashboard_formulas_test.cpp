// The dashboard's formulas (plugin/analytics) on small fixtures whose every figure was worked
// out by hand; the expected numbers are written down next to how they were obtained.
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <rapidjson/pointer.h>

#include "lrs/core/time.h"
#include "plugin/analytics/dashboard.h"
#include "plugin/analytics/dashboard_json.h"
#include "plugin/analytics/statistics.h"
#include "plugin/model/bitmap.h"
#include "plugin/model/learner_days.h"

namespace outcomes {
namespace {

int64_t Day(const char* date) {
  return *DayOfDate(date);
}

int64_t Micros(const char* timestamp) {
  return lrs::ToMicros(lrs::ParseTimestamp(timestamp)->instant);
}

const json::Value& At(const json::Value& doc, const char* pointer) {
  const json::Value* v = rapidjson::Pointer(pointer).Get(doc);
  static const json::Value missing;
  EXPECT_NE(v, nullptr) << pointer;
  return v != nullptr ? *v : missing;
}

double Num(const json::Value& doc, const char* pointer) {
  const json::Value& v = At(doc, pointer);
  EXPECT_TRUE(v.IsNumber()) << pointer << " is not a number";
  return v.IsNumber() ? v.GetDouble() : NAN;
}

int64_t Int(const json::Value& doc, const char* pointer) {
  const json::Value& v = At(doc, pointer);
  EXPECT_TRUE(v.IsInt64()) << pointer << " is not an integer";
  return v.IsInt64() ? v.GetInt64() : -1;
}

bool IsNull(const json::Value& doc, const char* pointer) {
  return At(doc, pointer).IsNull();
}

Outcome TestOutcome() {
  Outcome o;
  o.id = "cut-errors";
  o.kpi.name = "Errors per 1,000 orders";
  o.kpi.unit = "errors";
  o.kpi.increase = false;
  o.kpi.baseline = {10.0, "2026-01-01", Day("2026-01-01")};
  o.kpi.target = {6.0, "2026-12-31", Day("2026-12-31")};
  o.segment = "employees";
  o.audience_size = 20;
  return o;
}

// One learner's statements on a day, with their scores.
LearnerDay Did(int64_t ordinal, int64_t statements, std::vector<double> scores = {}) {
  LearnerDay d{ordinal, statements, 0, 0};
  for (double s : scores) {
    ++d.scored;
    d.scaled_micros += ScaledMicros(s);
  }
  return d;
}

// A day: `statements` tagged statements with `scores`, of which those of `learners`.
DailyRollup Daily(const char* date, int64_t statements, std::vector<double> scores,
                  std::vector<LearnerDay> learners) {
  DailyRollup d;
  d.day = Day(date);
  d.statements = statements;
  for (double s : scores) {
    ++d.scored;
    d.scaled_micros += ScaledMicros(s);
  }
  d.learners = EncodeLearnerDays(learners);
  return d;
}

LearnerRollup Learner(int64_t ordinal, const char* agent, const char* first,
                      const char* completed) {
  LearnerRollup l;
  l.ordinal = ordinal;
  l.agent = agent;
  l.first_us = Micros(first);
  if (completed != nullptr) l.completed_us = Micros(completed);
  return l;
}

KpiObservation Observation(const char* date, double value, const char* agent_key = nullptr) {
  KpiObservation o;
  o.date = date;
  o.day = Day(date);
  o.value = value;
  if (agent_key != nullptr) {
    o.agent_key = agent_key;
    o.agent = std::string("{\"mbox\":\"") + agent_key + "\"}";
  }
  return o;
}

// Four learners over two ISO weeks, 2026-03-02 (Mon) to 2026-03-15 (Sun), audience 20:
//   ann (0): 2 statements on 03-02 (scaled 0.5, 0.7), 1 on 03-04 completing it at 12:00;
//            first statement 03-02 09:00 -> 2.125 days to proficiency.
//   ben (1): 1 on 03-03 (0.9), 2 on 03-10 (one 0.4), completing 03-10 09:00; first 03-03
//            09:00 -> 7 days.
//   cat (2): 4 on 03-11, never completes.
//   dan (3): first statement 02-20 00:00 (before the range), 1 on 03-12 (0.8) completing it
//            at 00:00 -> 20 days.
//   and 1 statement of an anonymous group on 03-05 (counted, but no learner).
// The JSON view of the dashboard; a failure (and an empty object) when it is an error.
json::Document Built(const DashboardInput& in) {
  auto d = ComputeDashboard(in);
  if (!d.ok()) {
    ADD_FAILURE() << d.error().message();
    json::Document empty;
    empty.SetObject();
    return empty;
  }
  return DashboardJson(d.value());
}

DashboardInput Fixture(const Outcome& o) {
  DashboardInput in;
  in.outcome = &o;
  in.from_day = Day("2026-03-02");
  in.to_day = Day("2026-03-15");
  in.as_of_day = Day("2026-03-15");
  in.bucket = Bucket::kWeek;
  in.daily = {Daily("2026-02-20", 1, {}, {Did(3, 1)}),  // outside the range
              Daily("2026-03-02", 2, {0.5, 0.7}, {Did(0, 2, {0.5, 0.7})}),
              Daily("2026-03-03", 1, {0.9}, {Did(1, 1, {0.9})}),
              Daily("2026-03-04", 1, {}, {Did(0, 1)}),
              Daily("2026-03-05", 1, {}, {}),
              Daily("2026-03-10", 2, {0.4}, {Did(1, 2, {0.4})}),
              Daily("2026-03-11", 4, {}, {Did(2, 4)}),
              Daily("2026-03-12", 1, {0.8}, {Did(3, 1, {0.8})})};
  in.learners = {
      Learner(0, "mailto:ann@example.com", "2026-03-02T09:00:00Z", "2026-03-04T12:00:00Z"),
      Learner(1, "mailto:ben@example.com", "2026-03-03T09:00:00Z", "2026-03-10T09:00:00Z"),
      Learner(2, "mailto:cat@example.com", "2026-03-11T08:00:00Z", nullptr),
      Learner(3, "mailto:dan@example.com", "2026-02-20T00:00:00Z", "2026-03-12T00:00:00Z")};
  return in;
}

TEST(DashboardFormulasTest, ConsumerMetricsPerWeekAndInTotal) {
  const Outcome o = TestOutcome();
  json::Document d = Built(Fixture(o));

  EXPECT_EQ(At(d, "/range/from"), "2026-03-02");
  EXPECT_EQ(At(d, "/range/to"), "2026-03-15");
  ASSERT_EQ(At(d, "/consumer/series").Size(), 2u);
  EXPECT_EQ(At(d, "/consumer/series/0/start"), "2026-03-02");
  EXPECT_EQ(At(d, "/consumer/series/1/start"), "2026-03-09");

  // Week 1: 2+1+1+1 = 5 statements; ann and ben active; 4 by learners -> 4/2 = 2; scores
  // 0.5+0.7+0.9 = 2.1 over 3 = 0.7; ann completes (2.125 days).
  EXPECT_EQ(Int(d, "/consumer/series/0/tagged_statements"), 5);
  EXPECT_EQ(Int(d, "/consumer/series/0/active_learners"), 2);
  EXPECT_DOUBLE_EQ(Num(d, "/consumer/series/0/adoption_rate"), 2.0 / 20);
  EXPECT_EQ(Int(d, "/consumer/series/0/completions"), 1);
  EXPECT_DOUBLE_EQ(Num(d, "/consumer/series/0/application_frequency"), 2.0);
  EXPECT_DOUBLE_EQ(Num(d, "/consumer/series/0/mean_scaled_score/value"), 0.7);
  EXPECT_EQ(Int(d, "/consumer/series/0/mean_scaled_score/n"), 3);
  EXPECT_DOUBLE_EQ(Num(d, "/consumer/series/0/median_time_to_proficiency_days/value"), 2.125);

  // Week 2: 2+4+1 = 7 statements, all by learners; ben, cat, dan active -> 7/3; scores
  // 0.4+0.8 = 1.2 over 2 = 0.6; ben (7 days) and dan (20 days) complete -> median 13.5.
  EXPECT_EQ(Int(d, "/consumer/series/1/tagged_statements"), 7);
  EXPECT_EQ(Int(d, "/consumer/series/1/active_learners"), 3);
  EXPECT_DOUBLE_EQ(Num(d, "/consumer/series/1/adoption_rate"), 3.0 / 20);
  EXPECT_EQ(Int(d, "/consumer/series/1/completions"), 2);
  EXPECT_DOUBLE_EQ(Num(d, "/consumer/series/1/application_frequency"), 7.0 / 3);
  EXPECT_DOUBLE_EQ(Num(d, "/consumer/series/1/mean_scaled_score/value"), 0.6);
  EXPECT_DOUBLE_EQ(Num(d, "/consumer/series/1/median_time_to_proficiency_days/value"), 13.5);

  // Totals: 12 statements (the one of 02-20 is outside); 4 active learners of 20; 3
  // completions of 4; 11 learner statements over 2 + 3 learner-weeks = 2.2; scores 3.3 / 5 =
  // 0.66; median of 2.125, 7, 20 = 7. Every figure is a small sample (n < 10).
  EXPECT_EQ(Int(d, "/consumer/totals/tagged_statements"), 12);
  EXPECT_EQ(Int(d, "/consumer/totals/active_learners"), 4);
  EXPECT_DOUBLE_EQ(Num(d, "/consumer/totals/adoption_rate/value"), 0.2);
  EXPECT_EQ(Int(d, "/consumer/totals/adoption_rate/n"), 4);
  EXPECT_TRUE(At(d, "/consumer/totals/adoption_rate/small_sample").GetBool());
  EXPECT_EQ(Int(d, "/consumer/totals/completions"), 3);
  EXPECT_DOUBLE_EQ(Num(d, "/consumer/totals/completion_rate/value"), 0.75);
  EXPECT_DOUBLE_EQ(Num(d, "/consumer/totals/application_frequency/value"), 2.2);
  EXPECT_EQ(Int(d, "/consumer/totals/application_frequency/n"), 5);
  EXPECT_DOUBLE_EQ(Num(d, "/consumer/totals/mean_scaled_score/value"), 0.66);
  EXPECT_EQ(Int(d, "/consumer/totals/mean_scaled_score/n"), 5);
  EXPECT_DOUBLE_EQ(Num(d, "/consumer/totals/median_time_to_proficiency_days/value"), 7.0);
  EXPECT_EQ(Int(d, "/consumer/totals/median_time_to_proficiency_days/n"), 3);
}

TEST(DashboardFormulasTest, DailyBucketsCountEachDay) {
  const Outcome o = TestOutcome();
  DashboardInput in = Fixture(o);
  in.bucket = Bucket::kDay;
  json::Document d = Built(in);
  ASSERT_EQ(At(d, "/consumer/series").Size(), 14u);
  // 03-05: the anonymous statement only: counted, no learner, no frequency.
  EXPECT_EQ(Int(d, "/consumer/series/3/tagged_statements"), 1);
  EXPECT_EQ(Int(d, "/consumer/series/3/active_learners"), 0);
  EXPECT_TRUE(IsNull(d, "/consumer/series/3/application_frequency"));
  // 03-11: cat's four statements.
  EXPECT_EQ(Int(d, "/consumer/series/9/active_learners"), 1);
  EXPECT_DOUBLE_EQ(Num(d, "/consumer/series/9/application_frequency"), 4.0);
  // Per day, learner-days are 1+1+1+1+1+1 = 6: 11 / 6.
  EXPECT_DOUBLE_EQ(Num(d, "/consumer/totals/application_frequency/value"), 11.0 / 6);
}

TEST(DashboardFormulasTest, CustomerMetricAgainstBaselineAndTarget) {
  const Outcome o = TestOutcome();
  DashboardInput in = Fixture(o);
  // Whole-audience values: 03-05 9.0 and 03-06 8.0 (week 1 mean 8.5), 03-13 7.0; the latest
  // at the end of the range is 7.0 of 03-13.
  in.kpi = {Observation("2026-03-05", 9.0), Observation("2026-03-06", 8.0),
            Observation("2026-03-13", 7.0)};
  in.kpi_summary.basis = "audience";
  in.kpi_summary.latest_day = Day("2026-03-13");
  in.kpi_summary.latest_value = 7.0;
  in.kpi_summary.latest_n = 1;
  json::Document d = Built(in);

  EXPECT_EQ(At(d, "/customer/basis"), "audience");
  EXPECT_DOUBLE_EQ(Num(d, "/customer/latest/value"), 7.0);
  EXPECT_EQ(At(d, "/customer/latest/date"), "2026-03-13");
  // 7 - 10 = -3, which is -30 % of the baseline and 75 % of the way to 6 (-3 / -4).
  EXPECT_DOUBLE_EQ(Num(d, "/customer/change_vs_baseline/absolute"), -3.0);
  EXPECT_DOUBLE_EQ(Num(d, "/customer/change_vs_baseline/percent"), -30.0);
  EXPECT_DOUBLE_EQ(Num(d, "/customer/progress_to_target_percent"), 75.0);
  // 2026-03-15 to 2026-12-31: 16 + 30 + 31 + 30 + 31 + 31 + 30 + 31 + 30 + 31 = 291 days.
  EXPECT_EQ(Int(d, "/customer/days_left"), 291);
  EXPECT_EQ(Int(d, "/customer/observations_in_range"), 3);
  EXPECT_DOUBLE_EQ(Num(d, "/customer/series/0/value"), 8.5);
  EXPECT_EQ(Int(d, "/customer/series/0/n"), 2);
  EXPECT_DOUBLE_EQ(Num(d, "/customer/series/1/value"), 7.0);

  // Whole-audience KPIs link per bucket: two weekly pairs are too few for r.
  EXPECT_EQ(At(d, "/link/basis"), "per_bucket");
  EXPECT_EQ(Int(d, "/link/correlations/0/n"), 2);
  EXPECT_TRUE(IsNull(d, "/link/correlations/0/r"));
  EXPECT_TRUE(At(d, "/link/correlations/0/small_sample").GetBool());

  // Per day, three days have a KPI: statements (1, 0, 0) against KPI (9, 8, 7): deviations
  // (2/3, -1/3, -1/3) and (1, 0, -1), sxy = 1, sxx = 2/3, syy = 2: r = 1 / sqrt(4/3).
  in.bucket = Bucket::kDay;
  json::Document daily = Built(in);
  EXPECT_EQ(Int(daily, "/link/correlations/0/n"), 3);
  EXPECT_NEAR(Num(daily, "/link/correlations/0/r"), std::sqrt(3.0) / 2, 1e-12);
  EXPECT_TRUE(IsNull(daily, "/link/correlations/0/ci95"));  // n < 4
}

TEST(DashboardFormulasTest, PerLearnerKpisLinkCompletionAndActivity) {
  const Outcome o = TestOutcome();
  DashboardInput in = Fixture(o);
  // ann 11 and 13 (mean 12), ben 10, cat 14, dan 8, and eve 15, who has no tagged statement.
  in.kpi = {Observation("2026-03-05", 11.0, "mailto:ann@example.com"),
            Observation("2026-03-12", 13.0, "mailto:ann@example.com"),
            Observation("2026-03-12", 10.0, "mailto:ben@example.com"),
            Observation("2026-03-12", 14.0, "mailto:cat@example.com"),
            Observation("2026-03-12", 8.0, "mailto:dan@example.com"),
            Observation("2026-03-12", 15.0, "mailto:eve@example.com")};
  in.kpi_summary.basis = "learners_and_teams";
  in.kpi_summary.latest_day = Day("2026-03-12");
  in.kpi_summary.latest_value = 12.0;  // (13 + 10 + 14 + 8 + 15) / 5
  in.kpi_summary.latest_n = 5;
  json::Document d = Built(in);

  EXPECT_EQ(At(d, "/link/basis"), "per_learner");
  // Completed by 03-15: ann, ben, dan (12, 10, 8: mean 10); not: cat, eve (14, 15: 14.5).
  EXPECT_DOUBLE_EQ(Num(d, "/link/completers_vs_non_completers/completers/mean_kpi"), 10.0);
  EXPECT_EQ(Int(d, "/link/completers_vs_non_completers/completers/n"), 3);
  EXPECT_DOUBLE_EQ(Num(d, "/link/completers_vs_non_completers/non_completers/mean_kpi"), 14.5);
  EXPECT_EQ(Int(d, "/link/completers_vs_non_completers/non_completers/n"), 2);
  EXPECT_DOUBLE_EQ(Num(d, "/link/completers_vs_non_completers/difference"), -4.5);
  EXPECT_TRUE(At(d, "/link/completers_vs_non_completers/small_sample").GetBool());

  // Tagged statements in the range (3, 3, 4, 1 -- dan's of 02-20 is outside --, 0) against KPI
  // (12, 10, 14, 8, 15): means 2.2 and 11.8, sxy = 0.2, sxx = 10.8, syy = 32.8, r = 0.2 /
  // sqrt(354.24) = 0.010626; 95 % interval from z = atanh(r) +- 1.959964 / sqrt(2):
  // (-0.87989, 0.88460).
  EXPECT_EQ(At(d, "/link/correlations/0/activity"), "tagged_statements");
  EXPECT_EQ(Int(d, "/link/correlations/0/n"), 5);
  EXPECT_NEAR(Num(d, "/link/correlations/0/r"), 0.2 / std::sqrt(10.8 * 32.8), 1e-12);
  EXPECT_NEAR(Num(d, "/link/correlations/0/ci95/0"), -0.87989, 1e-5);
  EXPECT_NEAR(Num(d, "/link/correlations/0/ci95/1"), 0.88460, 1e-5);
  // Mean scaled scores of those with one: ann 0.6, ben 0.65, dan 0.8 against 12, 10, 8: sxy =
  // -0.4, sxx = 0.0216667, syy = 8, r = -0.96077; n = 3, so no interval.
  EXPECT_EQ(At(d, "/link/correlations/1/activity"), "mean_scaled_score");
  EXPECT_EQ(Int(d, "/link/correlations/1/n"), 3);
  EXPECT_NEAR(Num(d, "/link/correlations/1/r"), -0.96077, 1e-5);
  EXPECT_TRUE(IsNull(d, "/link/correlations/1/ci95"));

  // The customer series follows the mean of the per-learner values (basis learners_and_teams):
  // week 1: 11; week 2: (13 + 10 + 14 + 8 + 15) / 5 = 12.
  EXPECT_EQ(At(d, "/customer/basis"), "learners_and_teams");
  EXPECT_DOUBLE_EQ(Num(d, "/customer/series/0/value"), 11.0);
  EXPECT_DOUBLE_EQ(Num(d, "/customer/series/1/value"), 12.0);
  EXPECT_EQ(Int(d, "/customer/series/1/n"), 5);
  // 12 - 10 = +2: the KPI moved away from the target: -50 % progress.
  EXPECT_DOUBLE_EQ(Num(d, "/customer/progress_to_target_percent"), -50.0);
}

TEST(DashboardFormulasTest, NothingYetIsExplainedNotZero) {
  const Outcome o = TestOutcome();
  DashboardInput in;
  in.outcome = &o;
  in.from_day = Day("2026-03-02");
  in.to_day = Day("2026-03-08");
  in.as_of_day = in.to_day;
  json::Document d = Built(in);
  EXPECT_EQ(Int(d, "/consumer/totals/active_learners"), 0);
  EXPECT_TRUE(IsNull(d, "/consumer/totals/completion_rate/value"));
  EXPECT_TRUE(IsNull(d, "/consumer/totals/mean_scaled_score/value"));
  EXPECT_TRUE(IsNull(d, "/customer/latest"));
  EXPECT_TRUE(IsNull(d, "/customer/progress_to_target_percent"));
  EXPECT_EQ(At(d, "/customer/basis"), "none");
  EXPECT_EQ(At(d, "/link/basis"), "none");
  EXPECT_TRUE(At(d, "/link/note").IsString());
}

TEST(DashboardFormulasTest, HeadlineIsAllTime) {
  const Outcome o = TestOutcome();
  KpiSummary kpi;
  kpi.basis = "audience";
  kpi.latest_day = Day("2026-06-30");
  kpi.latest_value = 8.0;
  kpi.latest_n = 1;
  json::Document doc;
  json::Value h =
      HeadlineJson(ComputeHeadline(o, 12, 3, kpi, Day("2026-07-01")), doc.GetAllocator());
  EXPECT_EQ(Int(h, "/consumer/learners"), 12);
  EXPECT_DOUBLE_EQ(Num(h, "/consumer/adoption_rate/value"), 0.6);  // 12 of 20
  EXPECT_DOUBLE_EQ(Num(h, "/consumer/completion_rate/value"), 0.25);
  EXPECT_FALSE(At(h, "/consumer/completion_rate").HasMember("small_sample"));  // n = 12
  EXPECT_DOUBLE_EQ(Num(h, "/customer/progress_to_target_percent"), 50.0);      // -2 of -4
  EXPECT_EQ(Int(h, "/customer/days_left"), 183);  // 2026-07-01 to 2026-12-31
}

// ---- The figures as values, without JSON -------------------------------------------------

// A figure with a value: it, its n, and no reason.
void ExpectValue(const Figure& f, double value, int64_t n) {
  ASSERT_TRUE(f.value.has_value()) << "expected " << value;
  EXPECT_DOUBLE_EQ(*f.value, value);
  EXPECT_EQ(f.n, n);
  EXPECT_EQ(f.null, Figure::Null::kNot);
  EXPECT_EQ(f.reason(), nullptr);
}

// A null figure: why, its n, and a stated reason exactly when it could not be computed.
void ExpectNull(const Figure& f, Figure::Null why, int64_t n) {
  EXPECT_FALSE(f.value.has_value()) << *f.value;
  EXPECT_EQ(f.null, why);
  EXPECT_EQ(f.n, n);
  if (why == Figure::Null::kTooLarge) {
    ASSERT_NE(f.reason(), nullptr);
    EXPECT_NE(std::string(f.reason()).find("too large"), std::string::npos);
  } else {
    EXPECT_EQ(f.reason(), nullptr);
  }
}

TEST(DashboardValuesTest, AFigureIsAValueWithItsNOrNullWithWhy) {
  ExpectValue(Figure::Of(0.5, 3), 0.5, 3);
  ExpectNull(Figure::Of(std::nullopt, 0), Figure::Null::kNoData, 0);
  ExpectNull(Figure::Of(HUGE_VAL, 4), Figure::Null::kTooLarge, 4);
  ExpectNull(Figure::Of(-HUGE_VAL, 4), Figure::Null::kTooLarge, 4);
  ExpectNull(Figure::Of(std::nan(""), 2), Figure::Null::kTooLarge, 2);
  ExpectNull(Figure::Undefined(5), Figure::Null::kUndefined, 5);
  EXPECT_TRUE(Figure::Of(1.0, 9).small_sample());
  EXPECT_FALSE(Figure::Of(1.0, 10).small_sample());
  EXPECT_TRUE(Figure::Of(std::nullopt, 0).small_sample());

  // The shared definitions.
  ExpectValue(AdoptionRate(5, 20), 0.25, 5);
  ExpectNull(AdoptionRate(5, 0), Figure::Null::kNoData, 5);  // no audience to be a share of
  ExpectValue(CompletionRate(3, 4), 0.75, 4);
  ExpectNull(CompletionRate(0, 0), Figure::Null::kNoData, 0);
  ExpectValue(MeanScaledScore(1300000, 2), 0.65, 2);
  ExpectNull(MeanScaledScore(0, 0), Figure::Null::kNoData, 0);
  // A mean of huge values does not overflow; one of none is no data.
  ExpectValue(MeanKpi({1.7e308, 1.7e308, 1.7e308}), 1.7e308, 3);
  ExpectNull(MeanKpi({}), Figure::Null::kNoData, 0);
}

TEST(DashboardValuesTest, ConsumerFiguresCarryTheirN) {
  const Outcome o = TestOutcome();
  auto computed = ComputeDashboard(Fixture(o));
  ASSERT_TRUE(computed.ok()) << computed.error().message();
  const Dashboard& d = computed.value();
  EXPECT_EQ(d.outcome_id, "cut-errors");
  EXPECT_FALSE(d.team.has_value());
  EXPECT_EQ(d.consumer.audience.size, 20);
  EXPECT_FALSE(d.consumer.audience.of_team);

  // The same hand-worked figures as ConsumerMetricsPerWeekAndInTotal, with their n.
  const ConsumerTotals& t = d.consumer.totals;
  EXPECT_EQ(t.tagged_statements, 12);
  EXPECT_EQ(t.active_learners, 4);
  ExpectValue(t.adoption_rate, 0.2, 4);
  EXPECT_TRUE(t.adoption_rate.small_sample());
  EXPECT_EQ(t.completions, 3);
  ExpectValue(t.completion_rate, 0.75, 4);
  ExpectValue(t.application_frequency, 2.2, 5);  // 11 learner statements over 5 learner-weeks
  ExpectValue(t.mean_scaled_score, 0.66, 5);
  ExpectValue(t.median_time_to_proficiency_days, 7.0, 3);

  ASSERT_EQ(d.consumer.series.size(), 2u);
  const ConsumerBucket& w1 = d.consumer.series[0];
  EXPECT_EQ(w1.start_day, Day("2026-03-02"));
  EXPECT_EQ(w1.tagged_statements, 5);
  EXPECT_EQ(w1.active_learners, 2);
  ExpectValue(w1.adoption_rate, 0.1, 2);
  EXPECT_EQ(w1.completions, 1);
  ExpectValue(w1.application_frequency, 2.0, 2);
  ExpectValue(w1.mean_scaled_score, 0.7, 3);
  ExpectValue(w1.median_time_to_proficiency_days, 2.125, 1);
  const ConsumerBucket& w2 = d.consumer.series[1];
  EXPECT_EQ(w2.start_day, Day("2026-03-09"));
  ExpectValue(w2.application_frequency, 7.0 / 3, 3);
  ExpectValue(w2.median_time_to_proficiency_days, 13.5, 2);

  // No KPI at all: no position, a null mean per bucket, and a link that says what to record.
  EXPECT_FALSE(d.customer.position.latest_day.has_value());
  ExpectNull(d.customer.position.latest, Figure::Null::kNoData, 0);
  ExpectNull(d.customer.position.progress_percent, Figure::Null::kNoData, 0);
  EXPECT_EQ(d.customer.position.days_left, 291);
  EXPECT_EQ(d.customer.observations_in_range, 0);
  ASSERT_EQ(d.customer.series.size(), 2u);
  ExpectNull(d.customer.series[1].mean, Figure::Null::kNoData, 0);
  EXPECT_EQ(d.link.basis, Link::Basis::kNone);
  EXPECT_NE(std::string(d.link.note).find("no KPI observations"), std::string::npos);
  EXPECT_TRUE(d.link.correlations.empty());

  // A day with no learner has no frequency, for want of data.
  DashboardInput daily = Fixture(o);
  daily.bucket = Bucket::kDay;
  auto by_day = ComputeDashboard(daily);
  ASSERT_TRUE(by_day.ok());
  ASSERT_EQ(by_day.value().consumer.series.size(), 14u);
  ExpectNull(by_day.value().consumer.series[3].application_frequency, Figure::Null::kNoData, 0);
  ExpectNull(by_day.value().consumer.series[3].mean_scaled_score, Figure::Null::kNoData, 0);
}

TEST(DashboardValuesTest, TheKpiPositionSaysWhyAFigureIsNull) {
  Outcome o = TestOutcome();
  KpiSummary kpi;
  kpi.basis = "audience";
  kpi.latest_day = Day("2026-06-30");
  kpi.latest_value = 7.0;
  kpi.latest_n = 3;
  KpiPosition p = KpiPositionOf(o, kpi, Day("2026-07-01"));
  EXPECT_EQ(p.basis, "audience");
  EXPECT_EQ(*p.latest_day, Day("2026-06-30"));
  ExpectValue(p.latest, 7.0, 3);
  ExpectValue(p.change, -3.0, 3);
  ExpectValue(p.change_percent, -30.0, 3);
  ExpectValue(p.progress_percent, 75.0, 3);
  EXPECT_EQ(p.days_left, 183);

  // A baseline of 0: a percentage of it is undefined (and stated by no reason: the definition
  // says so); the rest stands.
  o.kpi.baseline.value = 0;
  o.kpi.target.value = 10;
  p = KpiPositionOf(o, kpi, Day("2026-07-01"));
  ExpectValue(p.change, 7.0, 3);
  ExpectNull(p.change_percent, Figure::Null::kUndefined, 3);
  ExpectValue(p.progress_percent, 70.0, 3);

  // The latest mean overflowed in SQL: it and everything built on it cannot be computed.
  kpi.latest_value = HUGE_VAL;
  p = KpiPositionOf(o, kpi, Day("2026-07-01"));
  ExpectNull(p.latest, Figure::Null::kTooLarge, 3);
  ExpectNull(p.change, Figure::Null::kTooLarge, 3);
  ExpectNull(p.progress_percent, Figure::Null::kTooLarge, 3);

  // A huge latest value against a huge baseline of the other sign: the value stands, the
  // change does not fit a double.
  o.kpi.baseline.value = -1.7e308;
  kpi.latest_value = 1.7e308;
  p = KpiPositionOf(o, kpi, Day("2026-07-01"));
  ExpectValue(p.latest, 1.7e308, 3);
  ExpectNull(p.change, Figure::Null::kTooLarge, 3);
  ExpectValue(p.change_percent, 200.0, 3);  // (1.7e308 + 1.7e308) / 1.7e308, from halves
}

TEST(DashboardValuesTest, TheLinkOfHugeValuesKeepsTheGroupsAndSaysWhyTheDifferenceIsNull) {
  const Outcome o = TestOutcome();
  DashboardInput in = Fixture(o);
  // ann completed, cat did not.
  in.kpi = {Observation("2026-03-05", 1.7e308, "mailto:ann@example.com"),
            Observation("2026-03-12", 1.7e308, "mailto:ann@example.com"),
            Observation("2026-03-12", -1.7e308, "mailto:cat@example.com")};
  in.kpi_summary.basis = "learners_and_teams";
  auto computed = ComputeDashboard(in);
  ASSERT_TRUE(computed.ok());
  const Link& link = computed.value().link;
  EXPECT_EQ(link.basis, Link::Basis::kPerLearner);
  ExpectValue(link.completers, 1.7e308, 1);
  ExpectValue(link.non_completers, -1.7e308, 1);
  ExpectNull(link.difference, Figure::Null::kTooLarge, 1);  // n: the smaller group
  EXPECT_TRUE(link.difference.small_sample());
  ASSERT_EQ(link.correlations.size(), 2u);
  EXPECT_STREQ(link.correlations[0].activity, "tagged_statements");
  EXPECT_EQ(link.correlations[0].correlation.n, 2);
  EXPECT_STREQ(link.correlations[1].activity, "mean_scaled_score");
  EXPECT_EQ(link.correlations[1].correlation.n, 1);  // cat has no score
}

TEST(DashboardValuesTest, ALearnerIsCountedByTheSharedDefinitions) {
  const LearnerRollup ben =
      Learner(1, "mailto:ben@example.com", "2026-03-03T09:00:00Z", "2026-03-10T09:00:00Z");
  const LearnerDay did = Did(1, 3, {0.9, 0.4});
  LearnerFigures f = CountLearner(&ben, &did, {10.0, 13.0}, Day("2026-03-02"), Day("2026-03-15"));
  EXPECT_EQ(f.tagged_statements, 3);
  EXPECT_TRUE(f.active);
  ExpectValue(f.mean_scaled_score, 0.65, 2);
  EXPECT_TRUE(f.completed_in_range);
  EXPECT_TRUE(f.completed_by_end);
  EXPECT_DOUBLE_EQ(*f.days_to_proficiency, 7.0);
  ExpectValue(f.kpi, 11.5, 2);
  // A range that ends the day before the completion.
  f = CountLearner(&ben, &did, {}, Day("2026-03-02"), Day("2026-03-09"));
  EXPECT_FALSE(f.completed_in_range);
  EXPECT_FALSE(f.completed_by_end);
  EXPECT_DOUBLE_EQ(*f.days_to_proficiency, 7.0);  // all time
  ExpectNull(f.kpi, Figure::Null::kNoData, 0);
  // A range that starts after it: completed by the end, not in the range.
  f = CountLearner(&ben, nullptr, {}, Day("2026-03-11"), Day("2026-03-15"));
  EXPECT_FALSE(f.completed_in_range);
  EXPECT_TRUE(f.completed_by_end);
  EXPECT_FALSE(f.active);
  ExpectNull(f.mean_scaled_score, Figure::Null::kNoData, 0);
  // Someone with KPI values but no tagged statement.
  f = CountLearner(nullptr, nullptr, {4.0, 6.0}, Day("2026-03-02"), Day("2026-03-15"));
  EXPECT_EQ(f.tagged_statements, 0);
  EXPECT_FALSE(f.active || f.completed_in_range || f.completed_by_end);
  EXPECT_FALSE(f.days_to_proficiency.has_value());
  ExpectValue(f.kpi, 5.0, 2);

  // The end of a range is the end of its last day (UTC).
  LearnerRollup late = ben;
  late.completed_us = Micros("2026-03-11T00:00:00Z");
  EXPECT_FALSE(CompletedBy(late, Day("2026-03-10")));
  EXPECT_TRUE(CompletedWithin(late, Day("2026-03-11"), Day("2026-03-11")));
  late.completed_us = *late.completed_us - 1;
  EXPECT_TRUE(CompletedBy(late, Day("2026-03-10")));
  EXPECT_TRUE(CompletedWithin(late, Day("2026-03-10"), Day("2026-03-10")));
}

TEST(DashboardValuesTest, TheHeadlineUsesTheSameRates) {
  const Outcome o = TestOutcome();
  KpiSummary kpi;
  const Headline h = ComputeHeadline(o, 12, 3, kpi, Day("2026-07-01"), int64_t{0});
  EXPECT_EQ(h.learners, 12);
  ExpectNull(h.adoption_rate, Figure::Null::kNoData, 12);  // a team of size 0
  EXPECT_FALSE(h.adoption_rate.small_sample());
  EXPECT_EQ(h.completions, 3);
  ExpectValue(h.completion_rate, 0.25, 12);
  EXPECT_FALSE(h.position.latest_day.has_value());
  EXPECT_EQ(h.position.basis, "none");
}

TEST(DashboardFormulasTest, BucketsAreIsoWeeksAndCalendarMonths) {
  EXPECT_EQ(BucketStart(Day("2026-03-15"), Bucket::kWeek), Day("2026-03-09"));  // a Sunday
  EXPECT_EQ(BucketStart(Day("2026-03-09"), Bucket::kWeek), Day("2026-03-09"));  // a Monday
  EXPECT_EQ(BucketStart(Day("1969-12-31"), Bucket::kWeek), Day("1969-12-29"));
  EXPECT_EQ(BucketStart(Day("2028-02-29"), Bucket::kMonth), Day("2028-02-01"));
  EXPECT_EQ(NextBucketStart(Day("2028-02-01"), Bucket::kMonth), Day("2028-03-01"));
  EXPECT_EQ(NextBucketStart(Day("2026-12-01"), Bucket::kMonth), Day("2027-01-01"));
}

TEST(StatisticsTest, MedianAndMean) {
  EXPECT_FALSE(Median({}).has_value());
  EXPECT_DOUBLE_EQ(*Median({5, 1, 3}), 3.0);
  EXPECT_DOUBLE_EQ(*Median({4, 1, 3, 2}), 2.5);
  EXPECT_FALSE(Mean({}).has_value());
  EXPECT_DOUBLE_EQ(*Mean({1, 2, 6}), 3.0);
}

TEST(StatisticsTest, PearsonEdgeCases) {
  Correlation line = Pearson({1, 2, 3, 4}, {10, 8, 6, 4});
  EXPECT_DOUBLE_EQ(*line.r, -1.0);
  EXPECT_DOUBLE_EQ(*line.ci_low, -1.0);
  EXPECT_TRUE(line.small_sample);
  Correlation flat = Pearson({1, 1, 1, 1}, {1, 2, 3, 4});
  EXPECT_FALSE(flat.r.has_value());
  EXPECT_EQ(flat.reason, "the activity does not vary");
  Correlation few = Pearson({1, 2}, {3, 4});
  EXPECT_FALSE(few.r.has_value());
  EXPECT_EQ(few.n, 2);
  std::vector<double> x, y;
  for (int i = 0; i < 12; ++i) {
    x.push_back(i);
    y.push_back(i % 3);
  }
  EXPECT_FALSE(Pearson(x, y).small_sample);
}

TEST(LearnerDaysTest, EncodeDecodeAndMerge) {
  const std::vector<LearnerDay> days = {{0, 1, 0, 0}, {7, 3, 2, -1250000}, {300, 200, 1, 999999}};
  const std::string bytes = EncodeLearnerDays(days);
  std::vector<LearnerDay> back;
  ASSERT_TRUE(DecodeLearnerDays(bytes, &back));
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back[1].ordinal, 7);
  EXPECT_EQ(back[1].scaled_micros, -1250000);
  EXPECT_EQ(back[2].statements, 200);
  // Ordinal 7 loses all three statements and goes; 5 and 300 gain; deltas in any order.
  const std::string merged =
      *MergeLearnerDays(bytes, {{300, 1, 1, 1}, {7, -3, -2, 1250000}, {5, 2, 0, 0}});
  back.clear();
  ASSERT_TRUE(DecodeLearnerDays(merged, &back));
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back[0].ordinal, 0);
  EXPECT_EQ(back[1].ordinal, 5);
  EXPECT_EQ(back[1].statements, 2);
  EXPECT_EQ(back[2].ordinal, 300);
  EXPECT_EQ(back[2].statements, 201);
  EXPECT_EQ(back[2].scaled_micros, 1000000);
  back.clear();
  EXPECT_FALSE(DecodeLearnerDays(std::string("\x80", 1), &back));  // a varint cut short
  // Damage is not merged away: the caller must report it.
  EXPECT_FALSE(MergeLearnerDays(bytes + "\x80", {{5, 1, 0, 0}}));
  EXPECT_EQ(ScaledMicros(-0.25), -250000);
  EXPECT_EQ(ScaledMicros(0.1234567), 123457);
  EXPECT_EQ(ScaledMicros(1.0), 1000000);
}

TEST(BitmapTest, SetClearCountUnion) {
  std::string a, b;
  bitmap::Set(&a, 0);
  bitmap::Set(&a, 9);
  bitmap::Set(&a, 9);
  EXPECT_EQ(a.size(), 2u);
  EXPECT_EQ(bitmap::Count(a), 2);
  bitmap::Set(&b, 9);
  bitmap::Set(&b, 100);
  bitmap::Union(&a, b);
  EXPECT_EQ(bitmap::Count(a), 3);
  EXPECT_TRUE(bitmap::Test(a, 100));
  bitmap::Clear(&a, 100);
  EXPECT_FALSE(bitmap::Test(a, 100));
  EXPECT_EQ(a.size(), 2u);  // trailing zero bytes go
  bitmap::Clear(&a, 5000);  // absent: nothing happens
  EXPECT_EQ(bitmap::Count(a), 2);
}

}  // namespace
}  // namespace outcomes
