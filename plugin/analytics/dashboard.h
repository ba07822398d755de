// The double bottom line of an outcome, computed from its rollups and KPI observations: the
// customer metric (the KPI against baseline and target), the consumer metrics (who is actually
// learning), and the link between the two. Pure: no I/O, so every figure can be checked by hand.
// The figures are plain values (Dashboard, Headline, LearnerFigures), each a Figure with its n
// and, when null, why; the JSON answers (dashboard_json.h) and the CSV/NDJSON series
// (plugin/export/rows.h) are views of them, and the learners listing counts each learner with
// CountLearner, the function the link uses: every figure is defined here, once.
//
// Definitions (days are UTC; a statement's day is that of its timestamp):
//  * active learners: distinct learners (identified actors) with a tagged statement in the
//    range (or bucket); adoption rate = active learners / audience size.
//  * completions: learners whose first completed/passed/mastered (or success/completion true)
//    tagged statement falls in the range; completion rate = completions / active learners.
//  * application frequency: tagged statements of learners per active learner per bucket
//    (totals: over all learner-buckets of the range, i.e. the mean of the buckets weighted by
//    their active learners).
//  * mean scaled score: of the tagged statements with result.score.scaled (summed exactly, in
//    millionths).
//  * time to proficiency: from a learner's first tagged statement to their first completion, in
//    days; the median over learners completing in the range (or bucket).
//  * KPI: the whole-audience observations when there are any, else the mean of per-learner or
//    per-team ones (KpiSummary::basis); latest = the last date at or before the end of the
//    range; change and progress are against the declared baseline and target (progress 100 %
//    means the target is reached, negative means the KPI moved away from it); days left =
//    target date - as-of.
//  * link: with per-learner KPIs, each learner's mean KPI over the range against whether they
//    completed (by the end of the range) and against their activity in the range (tagged
//    statements; mean scaled score, for those with a score); with whole-audience KPIs only, KPI
//    per bucket against tagged statements per bucket. Pearson r with n and a 95 % interval;
//    n < 10 is flagged.
// Every figure comes with the n behind it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lrs/core/error.h"
#include "plugin/analytics/statistics.h"
#include "plugin/kpi/observation.h"
#include "plugin/model/days.h"
#include "plugin/model/learner_days.h"
#include "plugin/model/outcome.h"
#include "plugin/roster/roster.h"
#include "plugin/store/kpi_store.h"
#include "plugin/store/rollup_store.h"

namespace outcomes {

enum class Bucket { kDay, kWeek, kMonth };

// "day", "week" (ISO weeks, from Monday) or "month"; nullopt otherwise.
std::optional<Bucket> ParseBucket(std::string_view name);
const char* BucketName(Bucket bucket);
// The first day of the bucket that holds `day`, and of the next bucket.
int64_t BucketStart(int64_t day, Bucket bucket);
int64_t NextBucketStart(int64_t start, Bucket bucket);

struct DashboardInput {
  const Outcome* outcome = nullptr;
  int64_t from_day = 0;   // inclusive
  int64_t to_day = 0;     // inclusive
  int64_t as_of_day = 0;  // "today", for days left
  Bucket bucket = Bucket::kWeek;
  std::vector<DailyRollup> daily;       // any days; those outside the range are ignored
  std::vector<LearnerRollup> learners;  // every learner of the outcome (of `team`, when set)
  // When set, a team view: learner figures count only the team's learners (whose ordinals
  // `learners` then lists), adoption is over the team's size, the link uses only the team's
  // learners' observations; the customer figures stay the whole outcome's.
  const Team* team = nullptr;
  KpiSummary kpi_summary;           // as of the end of the range
  std::vector<KpiObservation> kpi;  // the observations in the range
};

// ---- Figures -----------------------------------------------------------------------------

// One figure of a dashboard: a number with the n behind it, or null and why. Every view (the
// JSON answers, the CSV/NDJSON series) shows the same Figure; none computes one.
struct Figure {
  // Why a figure has no value.
  enum class Null {
    kNot,        // it has one
    kNoData,     // nothing to compute it from (no learner, no score, no observation...)
    kUndefined,  // its definition does not apply (a percentage of a baseline of 0)
    kTooLarge,   // its inputs exist but it overflows a double
  };

  std::optional<double> value;  // finite whenever present
  int64_t n = 0;                // the observations (learners, statements, values) behind it
  Null null = Null::kNoData;

  // `v` over `n`: no value (kNoData) when `v` is nullopt; no value (kTooLarge) when `v` is not
  // finite, i.e. it overflowed.
  static Figure Of(std::optional<double> v, int64_t n);
  // No value: its definition does not apply to these inputs.
  static Figure Undefined(int64_t n);

  // Below kSmallSample observations: shown, and flagged.
  bool small_sample() const { return n < kSmallSample; }
  // The reason an answer states beside a null value: for a figure that could not be computed
  // although its inputs exist (kTooLarge), the words saying so; nullptr otherwise (a figure
  // with nothing to compute from, or to which its definition does not apply, is null by its
  // definition, which the documentation states; `null` says which of the two).
  const char* reason() const;
};

// The shared definitions, used by the dashboard, the headline and the learners listing alike.

// Active learners over the audience (n: the active learners); kNoData for an audience of 0.
Figure AdoptionRate(int64_t active, int64_t audience);
// Completions over active learners (n: the active learners).
Figure CompletionRate(int64_t completions, int64_t active);
// The mean of `scored` scaled scores summing `scaled_micros` millionths (n: `scored`).
Figure MeanScaledScore(int64_t scaled_micros, int64_t scored);
// The mean of KPI values (n: how many); never overflows for finite values (statistics.h).
Figure MeanKpi(const std::vector<double>& values);
// The mean of `scored` scores summing `scaled_micros` millionths; nullopt when there are none.
std::optional<double> MeanScore(int64_t scaled_micros, int64_t scored);
// Days from a learner's first tagged statement to their first completion; nullopt until they
// complete.
std::optional<double> DaysToProficiency(const LearnerRollup& learner);
// Whether a learner's first completion falls on a day from `from_day` to `to_day`.
bool CompletedWithin(const LearnerRollup& learner, int64_t from_day, int64_t to_day);
// Whether a learner first completed at or before the end of day `to_day`.
bool CompletedBy(const LearnerRollup& learner, int64_t to_day);

// The learner list of `day` (of outcome `outcome_id`) into `*out`; kInternal naming the outcome
// and the day when it is damaged (it does not decode): a figure is never counted short in
// silence. `outcome-lrs outcomes check --repair` rebuilds such a row from the tags.
lrs::Status DecodeDay(const DailyRollup& day, std::string_view outcome_id,
                      std::vector<LearnerDay>* out);

// What each learner did on the days of `daily` from `from_day` to `to_day`, by ordinal
// (DecodeDay's error for a damaged day).
lrs::Result<std::unordered_map<int64_t, LearnerDay>> LearnerActivity(
    const std::vector<DailyRollup>& daily, int64_t from_day, int64_t to_day,
    std::string_view outcome_id);

// The values of per-learner KPI observations from `from_day` to `to_day`, by learner
// (KpiObservation::agent_key); with `team`, of the team's learners only.
std::unordered_map<std::string, std::vector<double>> LearnerKpi(
    const std::vector<KpiObservation>& kpi, int64_t from_day, int64_t to_day,
    const Team* team = nullptr);

// One learner as a dashboard of the days `from_day` to `to_day` counts them: what lies behind
// its learner figures and its link.
struct LearnerFigures {
  int64_t tagged_statements = 0;              // in the range
  Figure mean_scaled_score;                   // of their scored statements in the range (n: those)
  bool active = false;                        // a tagged statement in the range
  bool completed_in_range = false;            // first completion in the range
  bool completed_by_end = false;              // first completion at or before the end of the range
  std::optional<double> days_to_proficiency;  // DaysToProficiency (all time)
  Figure kpi;                                 // MeanKpi of their observations in the range
};

// `learner` (nullptr: someone with KPI observations but no tagged statement), who did
// `in_range` in the range (nullptr: nothing) and whose KPI values in the range are `kpi`.
LearnerFigures CountLearner(const LearnerRollup* learner, const LearnerDay* in_range,
                            const std::vector<double>& kpi, int64_t from_day, int64_t to_day);

// ---- The dashboard -------------------------------------------------------------------------

// The KPI against its baseline and target as of a day: the dashboard's customer metric and the
// headline's.
struct KpiPosition {
  std::string name;
  std::string unit;
  bool increase = false;
  KpiPoint baseline;
  KpiPoint target;
  std::string basis;                  // KpiSummary::basis
  std::optional<int64_t> latest_day;  // unset: no value of the basis yet (and no figures below)
  Figure latest;                      // the mean of that day's values of the basis (n: those)
  Figure change;                      // latest - baseline
  Figure change_percent;              // change / |baseline| * 100; kUndefined for a baseline of 0
  Figure progress_percent;  // change / (target - baseline) * 100: 100 reached, < 0 moved away
  int64_t days_left = 0;    // the target's date - as of
};

// The position of `outcome`'s KPI given its summary, as of `as_of_day`. Differences are taken
// of halves, so they overflow only when the result itself does not fit a double.
KpiPosition KpiPositionOf(const Outcome& outcome, const KpiSummary& kpi, int64_t as_of_day);

// The customer metric of a range: the position as of its end, and the KPI per bucket.
struct KpiBucket {
  int64_t start_day = 0;
  Figure mean;  // MeanKpi of the basis's values in the bucket
};
struct Customer {
  KpiPosition position;
  int64_t observations_in_range = 0;  // of the basis ("audience": whole-audience ones only)
  std::vector<KpiBucket> series;      // one per bucket of the range
};

// Who is learning: the range's totals and one point per bucket.
struct Audience {
  std::string segment;
  int64_t size = 0;
  bool of_team = false;  // the team's size (a team view), else the declared audience
};
struct ConsumerTotals {
  int64_t tagged_statements = 0;
  int64_t active_learners = 0;
  Figure adoption_rate;     // AdoptionRate
  int64_t completions = 0;  // first completions in the range
  Figure completion_rate;   // CompletionRate
  // Learner statements over learner-buckets (n: learner-buckets, the sum over buckets of their
  // active learners).
  Figure application_frequency;
  Figure mean_scaled_score;                // MeanScaledScore of every scored statement
  Figure median_time_to_proficiency_days;  // over the range's completions (n: those)
};
struct ConsumerBucket {
  int64_t start_day = 0;
  int64_t tagged_statements = 0;
  int64_t active_learners = 0;
  Figure adoption_rate;  // AdoptionRate
  int64_t completions = 0;
  Figure application_frequency;  // learner statements per active learner (n: active learners)
  Figure mean_scaled_score;
  Figure median_time_to_proficiency_days;
};
struct Consumer {
  Audience audience;
  ConsumerTotals totals;
  std::vector<ConsumerBucket> series;  // one per bucket of the range
};

// Did the KPI move with the learning?
struct Link {
  enum class Basis {
    kNone,        // no per-learner and no whole-audience observations in the range: `note`
    kPerLearner,  // each learner's KPI against completion and activity
    kPerBucket,   // the whole-audience KPI per bucket against tagged statements per bucket
  };
  struct NamedCorrelation {
    const char* activity;  // "tagged_statements" or "mean_scaled_score"
    Correlation correlation;
  };

  Basis basis = Basis::kNone;
  // kPerLearner: the mean KPI of learners who completed by the end of the range and of the
  // others (n: each group), and the difference completers - others (n: the smaller group).
  Figure completers;
  Figure non_completers;
  Figure difference;
  // kPerLearner: KPI against tagged statements, then against mean scaled score; kPerBucket: per
  // bucket against tagged statements.
  std::vector<NamedCorrelation> correlations;
  const char* note = "";  // kNone: why there is no link, and what to record
};

// "none", "per_learner", "per_bucket".
const char* LinkBasisName(Link::Basis basis);

// The double bottom line of one outcome over one range.
struct Dashboard {
  std::string outcome_id;
  int64_t from_day = 0;
  int64_t to_day = 0;
  int64_t as_of_day = 0;
  Bucket bucket = Bucket::kWeek;
  std::optional<Team> team;  // a team view: the input's team
  Customer customer;
  Consumer consumer;
  Link link;
};

// The dashboard of `in`; DecodeDay's error when a day of the range is damaged.
lrs::Result<Dashboard> ComputeDashboard(const DashboardInput& in);

// The headline of an outcome for listings, all time: the KPI's position, then its learners
// (who have a tagged statement), their adoption (over `audience`, default the declared
// audience size), completions (learners who completed) and completion rate.
struct Headline {
  KpiPosition position;
  int64_t learners = 0;
  Figure adoption_rate;
  int64_t completions = 0;
  Figure completion_rate;
};

Headline ComputeHeadline(const Outcome& outcome, int64_t learners, int64_t completers,
                         const KpiSummary& kpi, int64_t as_of_day,
                         std::optional<int64_t> audience = std::nullopt);

}  // namespace outcomes
