// An outcome's KPI observations and its dashboard (the double bottom line), for the HTTP API and
// the command line. Dashboards read only rollups and observations, never statements.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "lrs/extension/extension.h"
#include "plugin/analytics/dashboard.h"
#include "plugin/analytics/dashboard_json.h"  // the JSON views of its answers
#include "plugin/kpi/observation.h"
#include "plugin/tagging/tag_log.h"

namespace outcomes {

struct DashboardQuery {
  std::optional<int64_t> from_day;  // default: the KPI's baseline date (or `to`, if later)
  std::optional<int64_t> to_day;    // default: today (UTC)
  Bucket bucket = Bucket::kWeek;
  // A team view (see DashboardInput::team): the roster's team of this name, or every team of
  // this manager; at most one of the two. Unset: everyone.
  std::optional<std::string> team;
  std::optional<std::string> manager;
};

// Which KPI observations to list: from `from_day` to `to_day`; with a team (or manager), only
// those of the team's learners and of the team(s) themselves, not the whole audience's.
struct KpiQuery {
  int64_t from_day = INT64_MIN;
  int64_t to_day = INT64_MAX;
  std::optional<std::string> team;
  std::optional<std::string> manager;
};

struct KpiListing {
  std::vector<KpiObservation> observations;
  std::optional<Team> team;  // in a team view
};

// One learner as the dashboard counts them over a range (CountLearner, the function the
// dashboard's link counts them with): what lies behind its learner figures.
struct LearnerLine {
  LearnerRollup rollup;
  LearnerFigures figures;
};

struct LearnerPage {
  int64_t from_day = 0;
  int64_t to_day = 0;
  std::vector<LearnerLine> learners;
  std::optional<int64_t> next_after;  // the ordinal to continue after, when more may follow
  std::optional<Team> team;           // in a team view
};

class DashboardService {
 public:
  // The most buckets one dashboard has (a longer range needs a coarser bucket).
  static constexpr int64_t kMaxBuckets = 1000;
  // The most learners one page lists.
  static constexpr int64_t kMaxLearnersPerPage = 5000;

  // Reads of tags and rollups settle `tag_log` first (see TagLog::Settle).
  DashboardService(lrs::ext::Host& host, TagLog& tag_log) : host_(host), tag_log_(tag_log) {}

  // Records observations of outcome `id`, all or none; an observation of the same day and
  // subject (learner, team or whole audience) as a stored one replaces it. kNotFound when there
  // is no such outcome.
  Status RecordKpi(int64_t store_id, std::string_view id,
                   const std::vector<KpiObservation>& observations);
  // The observations of outcome `id` that `query` selects. kNotFound for an unknown outcome
  // or team.
  Result<KpiListing> Kpi(int64_t store_id, std::string_view id, const KpiQuery& query);
  // The dashboard of outcome `id` as of `today`. kBadRequest for a range that is empty or has
  // more than kMaxBuckets buckets; kNotFound when there is no such outcome or team.
  Result<outcomes::Dashboard> Dashboard(int64_t store_id, std::string_view id,
                                        const DashboardQuery& query, int64_t today);
  // The learners of outcome `id` (ordinal above `after`, at most `limit`) with how the
  // dashboard of the same range counts each of them (the bucket is ignored).
  Result<LearnerPage> Learners(int64_t store_id, std::string_view id, const DashboardQuery& query,
                               int64_t today, int64_t after, int64_t limit);

 private:
  lrs::ext::Host& host_;
  TagLog& tag_log_;
};

}  // namespace outcomes
