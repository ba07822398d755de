// The double bottom line of an outcome, computed from its rollups and KPI observations: the
// customer metric (the KPI against baseline and target), the consumer metrics (who is actually
// learning), and the link between the two. Pure: no I/O, so every figure can be checked by hand.
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

#include "lrs/core/json.h"
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

// The mean of `scored` scores summing `scaled_micros` millionths; nullopt when there are none.
std::optional<double> MeanScore(int64_t scaled_micros, int64_t scored);

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

// The dashboard as JSON: {"outcome", "range", "customer", "consumer", "link"}, and "team" in a
// team view.
// DecodeDay's error when a day of the range is damaged.
lrs::Result<json::Document> BuildDashboard(const DashboardInput& in);

// The headline of an outcome for listings, all time: latest KPI and progress to target, then
// learners (`learners` who have a tagged statement, `completers` of them who completed),
// adoption (over `audience`, default the declared audience size) and completion rate.
json::Value Headline(const Outcome& outcome, int64_t learners, int64_t completers,
                     const KpiSummary& kpi, int64_t as_of_day, json::Allocator& alloc,
                     std::optional<int64_t> audience = std::nullopt);

// {"mean": mean, "n": n}: mean null when absent, and null with a "reason" when it could not
// be computed (it overflowed).
json::Value MeanJson(std::optional<double> mean, int64_t n, json::Allocator& alloc);

// What a team view reports of its team: {"name", "manager", "teams", "managers", "size"}.
json::Value TeamJson(const Team& team, json::Allocator& alloc);

}  // namespace outcomes
