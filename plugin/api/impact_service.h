// The impact estimate of an outcome, from its data to the answer (plugin/analytics/impact.h is
// the method): which units the KPI observations allow, their panel and completion periods, and
// the estimate with the outcome's own words. Reads only the plugin's rollups (outcome_learners:
// each learner's first completion), the roster and the KPI observations (as outcome_kpi_series:
// each subject's observations in one row, plugin/kpi/series.h); never statements or tags.
//
// Units, from the observations of the range (and of the team view, if any):
//  * per-learner observations: each learner with one is a unit; their group is the period of
//    their first completion (none: never-treated, also for a learner with observations but no
//    tagged statement);
//  * else per-team observations: each team of the roster with one is a unit; its group is the
//    first period by which `team_share` of its roster members have completed (TeamGroup); teams
//    that are not in the roster are left out (counted);
//  * else whole-audience observations (never in a team view: they are not per team): the trend
//    before launch against the periods since (EstimateAudienceTrend), launch being the period of
//    the first completion or `launch_day`, labelled the weaker evidence it is;
//  * else nothing to estimate: "not enough data" with the reason.
// A team view restricts learner units to the team's learners and team units to its teams.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lrs/extension/extension.h"
#include "plugin/analytics/impact.h"
#include "plugin/analytics/periods.h"
#include "plugin/model/outcome.h"
#include "plugin/roster/roster.h"
#include "plugin/tagging/tag_log.h"

namespace outcomes {

struct ImpactQuery {
  PeriodKind period = PeriodKind::kMonth;
  ImpactControl control = ImpactControl::kNotYet;
  ImpactBase base = ImpactBase::kVarying;
  int anticipation = 0;
  std::optional<int> window_days = 90;  // nullopt: no window (the headline is then absent)
  int64_t min_units = 10;
  int bootstrap = 999;
  bool cluster_by_team = false;  // resample the roster's teams instead of learners
  double team_share = 0.5;       // team units: the share of members that makes a team completed
  std::optional<int64_t> launch_day;  // whole-audience KPIs: default the first completion's day
  std::optional<int64_t> from_day;    // default: the first day with an observation of the units
  std::optional<int64_t> to_day;      // default: the last such day
  TeamFilter team;                    // a team view; everyone when empty
};

// Why there is no estimate at all, before any panel exists (no observations to make units of).
inline constexpr char kNoKpiDataReason[] = "no_kpi_data";

// What the service found and estimated: the words, the data behind the numbers, and the
// numbers (`estimate` for learner and team units, `trend` for the whole audience).
struct ImpactAnswer {
  std::string outcome_id;
  std::string kpi_name;  // as declared
  std::string kpi_unit;  // as declared
  KpiDirection direction = KpiDirection::kIncrease;
  double baseline_value = 0;
  std::string baseline_date;
  ImpactWords words;  // the words of the sentences (see ImpactWordsOf)
  ImpactUnitKind unit = ImpactUnitKind::kLearner;
  ImpactQuery query;  // as asked, with the window resolved below

  // The calendar: the periods' first days, from the period holding from_day to the one holding
  // to_day. Empty when there were no observations to estimate from.
  int64_t from_day = 0, to_day = 0;
  std::vector<std::string> periods;
  std::optional<int> window_last_event_time;  // the window's event times 0..E

  // The data: observations used, units with observations, and those units' completion state.
  int64_t observations = 0;
  int64_t units_observed = 0;
  int64_t units_completed_in_range = 0;  // group inside the calendar
  int64_t units_completed_before = 0;    // before the first period: no "before" to compare
  int64_t units_completed_after = 0;     // after the last period: never-treated here
  int64_t units_never_completed = 0;
  int64_t teams_not_in_roster = 0;    // team units: teams with observations the roster lacks
  int64_t units_without_cluster = 0;  // cluster_by_team: learners in no team, resampled alone
  std::vector<std::string> notes;     // what the reader should know about the data used

  std::optional<ImpactResult> estimate;  // learner and team units
  std::optional<AudienceTrend> trend;    // the whole audience
  std::optional<std::string> launch;     // the trend's launch period (its first day)
  // Set when there is no number: the estimate's or the trend's reason, or kNoKpiDataReason.
  std::optional<std::string> not_enough_reason;
  std::string not_enough_message;
  std::optional<Team> team;  // in a team view
};

// The words of an outcome's sentences: the KPI's name with a capital first letter lowered
// unless it starts an acronym ("Average discount" -> "average discount", "NPS" stays), a unit
// of "%" said as "percentage points" (an effect on a percentage is a difference of points), and
// the units' plural noun: "teams" for team units, else the declared audience segment
// ("employees", "customers"... or the custom segment's name).
ImpactWords ImpactWordsOf(const std::string& kpi_name, const std::string& kpi_unit,
                          const std::string& segment, ImpactUnitKind unit);

class ImpactService {
 public:
  // The most periods one estimate spans (a longer range needs a longer period).
  static constexpr int kMaxPeriods = 260;

  // Reads of rollups settle `tag_log` first (see TagLog::Settle).
  ImpactService(lrs::ext::Host& host, TagLog& tag_log) : host_(host), tag_log_(tag_log) {}

  // The impact estimate of outcome `id` of store `store_id`. kNotFound for an unknown outcome or
  // team; kBadRequest for a range that is empty (from after to) or has more than kMaxPeriods
  // periods, and for options EstimateImpact refuses. Everything the data cannot support is an
  // answer with a reason, not an error.
  Result<ImpactAnswer> Estimate(int64_t store_id, std::string_view id, const ImpactQuery& query);

 private:
  lrs::ext::Host& host_;
  TagLog& tag_log_;
};

}  // namespace outcomes
