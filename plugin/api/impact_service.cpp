#include "plugin/api/impact_service.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "plugin/kpi/series.h"
#include "plugin/model/days.h"
#include "plugin/model/outcome.h"
#include "plugin/store/outcome_store.h"
#include "plugin/store/roster_store.h"
#include "plugin/store/sql_catalog.h"

namespace outcomes {

namespace {

using lrs::Error;
using lrs::ext::SqlConnection;

// The subjects of each kind of observation, as half-open ranges of outcome_kpi.subject:
// "agent:IDENTITY", "team:NAME", and "" (the whole audience; every other subject starts with a
// letter).
struct SubjectRange {
  std::string_view low, high;
  size_t prefix;  // the length of the prefix before the name
};
constexpr SubjectRange kLearnerSubjects{"agent:", "agent;", 6};
constexpr SubjectRange kTeamSubjects{"team:", "team;", 5};
constexpr SubjectRange kAudienceSubjects{"", "a", 0};

constexpr int64_t kFirstDay = INT64_MIN / 4;  // unbounded, for the queries' day ranges
constexpr int64_t kLastDay = INT64_MAX / 4;

// One observation as read: its unit (an index into the units of its kind), day and value.
struct Row {
  uint32_t unit = 0;
  int64_t day = 0;
  double value = 0;
};

Result<bool> AnyObservation(SqlConnection& txn, int64_t store_id, std::string_view id,
                            const SubjectRange& subjects, int64_t from_day, int64_t to_day) {
  auto q = sql::Prepare(txn, "impact_kpi_exists");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, store_id).Bind(2, id).Bind(3, subjects.low).Bind(4, subjects.high);
  q.value()->Bind(5, from_day).Bind(6, to_day);
  auto exists = sql::SingleInt(*q.value());
  if (!exists.ok()) return exists.error();
  return exists.value() != 0;
}

// Adds the observations of one subject's series (plugin/kpi/series.h) from `from_day` to
// `to_day` to `rows` as unit `unit`. kInternal naming the subject when the series does not
// parse: damage is never hidden.
Status AddSeries(std::string_view subject, std::string_view series, uint32_t unit, int64_t from_day,
                 int64_t to_day, std::vector<Row>* rows) {
  const bool parsed = ForEachInKpiSeries(series, [&](int64_t day, double value) {
    if (day >= from_day && day <= to_day) rows->push_back({unit, day, value});
  });
  if (parsed) return Status();
  return Error::Internal("the KPI series of \"" + std::string(subject) +
                         "\" is damaged (outcome_kpi_series): \"" +
                         std::string(series.substr(0, 80)) + "\"");
}

// Steps `query` (rows of subject, series) into `rows`. For a subject with observations from
// `from_day` to `to_day`, `unit_of(name)` numbers the unit it names (the subject without its
// first `prefix` bytes), or answers -1 to leave its observations out.
template <typename UnitOf>
Status StepSeries(lrs::ext::SqlQuery& query, size_t prefix, int64_t from_day, int64_t to_day,
                  UnitOf& unit_of, std::vector<Row>* rows) {
  while (true) {
    auto row = query.Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return Status();
    const std::string_view subject = query.Text(0);
    const size_t first = rows->size();
    LRS_RETURN_IF_ERROR(AddSeries(subject, query.Text(1), 0, from_day, to_day, rows));
    if (rows->size() == first) continue;
    const int64_t unit = unit_of(subject.substr(std::min(prefix, subject.size())));
    if (unit < 0) {
      rows->resize(first);
      continue;
    }
    for (size_t k = first; k < rows->size(); ++k)
      (*rows)[k].unit = static_cast<uint32_t>(unit);
  }
}

// Reads the observations of `subjects` from `from_day` to `to_day`, a subject at a time, in
// the order of their subjects. With `only` (sorted names: a team view's learners or teams),
// reads only theirs, one look-up each.
template <typename UnitOf>
Status ReadRows(SqlConnection& txn, int64_t store_id, std::string_view id,
                const SubjectRange& subjects, int64_t from_day, int64_t to_day,
                const std::vector<std::string>* only, UnitOf&& unit_of, std::vector<Row>* rows) {
  if (only == nullptr) {
    auto q = sql::Prepare(txn, "impact_series");
    if (!q.ok()) return q.error();
    q.value()->Bind(1, store_id).Bind(2, id).Bind(3, subjects.low).Bind(4, subjects.high);
    return StepSeries(*q.value(), subjects.prefix, from_day, to_day, unit_of, rows);
  }
  for (const std::string& name : *only) {
    auto q = sql::Prepare(txn, "impact_series_of");
    if (!q.ok()) return q.error();
    q.value()->Bind(1, store_id).Bind(2, id).Bind(3, std::string(subjects.low) + name);
    LRS_RETURN_IF_ERROR(StepSeries(*q.value(), subjects.prefix, from_day, to_day, unit_of, rows));
  }
  return Status();
}

// The period of a completion on `day`: its index in `calendar`, -1 before the calendar (no
// "before" to compare with), nullopt after it (not completed in the data).
std::optional<int> CompletionPeriod(const PeriodCalendar& calendar, int64_t day) {
  if (day < calendar.Start(0)) return -1;
  return calendar.IndexOfDay(day);
}

std::string Plural(int64_t n, const std::string& singular, const std::string& plural) {
  return std::to_string(n) + " " + (n == 1 ? singular : plural);
}

// The range's periods, checked: kBadRequest when it has more than kMaxPeriods.
Result<PeriodCalendar> CalendarOf(PeriodKind kind, int64_t from_day, int64_t to_day) {
  const int shortest = kind == PeriodKind::kWeek ? 7 : kind == PeriodKind::kMonth ? 28 : 90;
  auto too_long = [&]() {
    return Error::BadRequest("the range from " + DateOfDay(from_day) + " to " + DateOfDay(to_day) +
                             " has more than " + std::to_string(ImpactService::kMaxPeriods) + " " +
                             PeriodKindName(kind) +
                             "s; choose a shorter range (from=, to=) or a longer period");
  };
  if ((to_day - from_day) / shortest > ImpactService::kMaxPeriods) return too_long();
  PeriodCalendar calendar(kind, from_day, to_day);
  if (calendar.size() > ImpactService::kMaxPeriods) return too_long();
  return calendar;
}

// The completion state of one unit, counted into `a`; returns its group for the panel.
std::optional<int> CountCompletion(ImpactAnswer* a, const PeriodCalendar& calendar,
                                   std::optional<int64_t> completion_day) {
  if (!completion_day) {
    ++a->units_never_completed;
    return std::nullopt;
  }
  const std::optional<int> period = CompletionPeriod(calendar, *completion_day);
  if (!period) {
    ++a->units_completed_after;
  } else if (*period < 0) {
    ++a->units_completed_before;
  } else {
    ++a->units_completed_in_range;
  }
  return period;
}

}  // namespace

ImpactWords ImpactWordsOf(const std::string& kpi_name, const std::string& kpi_unit,
                          const std::string& segment, ImpactUnitKind unit) {
  ImpactWords words;
  words.kpi = kpi_name;
  const auto upper = [](char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; };
  if (words.kpi.size() >= 2 && upper(words.kpi[0]) && !upper(words.kpi[1])) {
    words.kpi[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(words.kpi[0])));
  }
  words.kpi_unit = kpi_unit == "%" || kpi_unit == "percent" ? "percentage points" : kpi_unit;
  if (unit == ImpactUnitKind::kTeam) {
    words.population = "teams";
  } else if (!segment.empty()) {
    words.population = segment;
  }
  return words;
}

Result<ImpactAnswer> ImpactService::Estimate(int64_t store_id, std::string_view id,
                                             const ImpactQuery& query) {
  if (query.from_day && query.to_day && *query.from_day > *query.to_day) {
    return Error::BadRequest("from: " + DateOfDay(*query.from_day) +
                             " is after to: " + DateOfDay(*query.to_day));
  }
  LRS_RETURN_IF_ERROR(tag_log_.Settle(host_));
  ImpactAnswer a;
  a.outcome_id = std::string(id);
  a.query = query;
  std::optional<Outcome> outcome;
  // What the snapshot gives: the kind of units and their rows.
  std::vector<Row> rows;
  std::vector<std::optional<int64_t>> completion_of_unit;  // learner units: completion day
  std::vector<std::optional<int64_t>> cluster_of_unit;     // learner units: team index
  std::vector<std::string> team_names;                     // team units: their names
  std::unordered_map<std::string, std::vector<int64_t>> completions_of_team;  // member days
  std::unordered_map<std::string, int64_t> roster_size;
  std::optional<int64_t> first_completion_day;  // the audience's launch by default
  bool audience_left_out = false;

  Status read = host_.Read([&](SqlConnection& txn) -> Status {
    auto row = store::FindDeclaration(txn, store_id, id);
    if (!row.ok()) return row.error();
    if (!row.value()) return Error::NotFound("no outcome \"" + std::string(id) + "\"");
    auto parsed = ParseStoredOutcome(row.value()->document);
    if (!parsed.ok()) return parsed.error();
    outcome = std::move(parsed.value());
    const int64_t key = row.value()->key;
    if (!query.team.everyone()) {
      auto team = store::TeamOf(txn, store_id, query.team);
      if (!team.ok()) return team.error();
      a.team = std::move(team.value());
    }

    // Every learner's first completion, as a day, by agent (the query's order).
    std::vector<std::pair<std::string, int64_t>> completion_day;
    auto completion_of = [&](std::string_view agent) -> std::optional<int64_t> {
      auto it = std::lower_bound(
          completion_day.begin(), completion_day.end(), agent,
          [](const std::pair<std::string, int64_t>& c, std::string_view a) { return c.first < a; });
      if (it == completion_day.end() || it->first != agent) return std::nullopt;
      return it->second;
    };
    {
      auto q = sql::Prepare(txn, "impact_completions");
      if (!q.ok()) return q.error();
      q.value()->Bind(1, key);
      while (true) {
        auto step = q.value()->Step();
        if (!step.ok()) return step.error();
        if (!step.value()) break;
        const int64_t day = DayOfMicros(q.value()->Int64(1));
        completion_day.emplace_back(std::string(q.value()->Text(0)), day);
        if (!first_completion_day || day < *first_completion_day) first_completion_day = day;
      }
    }
    const int64_t from = query.from_day.value_or(kFirstDay);
    const int64_t to = query.to_day.value_or(kLastDay);

    // Per-learner observations make learner units.
    auto learners = AnyObservation(txn, store_id, id, kLearnerSubjects, from, to);
    if (!learners.ok()) return learners.error();
    if (learners.value()) {
      std::unordered_map<std::string, int64_t> team_index;  // cluster_by_team: team -> index
      std::unordered_map<std::string, int64_t> cluster_of_agent;
      if (query.cluster_by_team) {
        auto roster = store::RosterRows(txn, store_id, TeamFilter{});
        if (!roster.ok()) return roster.error();
        for (const RosterEntry& e : roster.value()) {
          const auto index = team_index.emplace(e.team, static_cast<int64_t>(team_index.size()));
          cluster_of_agent.emplace(e.agent, index.first->second);
        }
      }
      LRS_RETURN_IF_ERROR(ReadRows(
          txn, store_id, id, kLearnerSubjects, from, to, a.team ? &a.team->agents : nullptr,
          [&](std::string_view agent) -> int64_t {
            completion_of_unit.push_back(completion_of(agent));
            std::optional<int64_t> cluster;
            if (query.cluster_by_team) {
              auto found = cluster_of_agent.find(std::string(agent));
              if (found != cluster_of_agent.end()) cluster = found->second;
            }
            cluster_of_unit.push_back(cluster);
            return static_cast<int64_t>(completion_of_unit.size()) - 1;
          },
          &rows));
      if (!rows.empty()) {
        a.unit = ImpactUnitKind::kLearner;
        if (!a.team) {
          auto audience = AnyObservation(txn, store_id, id, kAudienceSubjects, from, to);
          if (!audience.ok()) return audience.error();
          audience_left_out = audience.value();
        }
        return Status();
      }
    }

    // Else per-team observations make team units, with the roster's teams.
    auto teams = AnyObservation(txn, store_id, id, kTeamSubjects, from, to);
    if (!teams.ok()) return teams.error();
    if (teams.value()) {
      auto roster = store::RosterRows(txn, store_id, query.team);
      if (!roster.ok()) return roster.error();
      for (const RosterEntry& e : roster.value()) {
        ++roster_size[e.team];
        std::vector<int64_t>& days = completions_of_team[e.team];
        if (auto done = completion_of(e.agent)) days.push_back(*done);
      }
      LRS_RETURN_IF_ERROR(ReadRows(
          txn, store_id, id, kTeamSubjects, from, to, a.team ? &a.team->teams : nullptr,
          [&](std::string_view team) -> int64_t {
            const std::string name(team);
            if (roster_size.count(name) == 0) {
              ++a.teams_not_in_roster;
              return -1;
            }
            team_names.push_back(name);
            return static_cast<int64_t>(team_names.size()) - 1;
          },
          &rows));
      if (!rows.empty() || a.teams_not_in_roster > 0) {
        a.unit = ImpactUnitKind::kTeam;
        return Status();
      }
    }

    // Else the whole audience's observations (not in a team view: they are not per team).
    if (!a.team) {
      LRS_RETURN_IF_ERROR(ReadRows(
          txn, store_id, id, kAudienceSubjects, from, to, nullptr,
          [](std::string_view) -> int64_t { return 0; }, &rows));
      a.unit = ImpactUnitKind::kAudience;
    }
    return Status();
  });
  if (!read.ok()) return read.error();

  a.kpi_name = outcome->kpi.name;
  a.kpi_unit = outcome->kpi.unit;
  a.direction = outcome->kpi.increase ? KpiDirection::kIncrease : KpiDirection::kDecrease;
  a.baseline_value = outcome->kpi.baseline.value;
  a.baseline_date = outcome->kpi.baseline.date;
  a.words = ImpactWordsOf(outcome->kpi.name, outcome->kpi.unit, outcome->segment, a.unit);
  a.observations = static_cast<int64_t>(rows.size());

  if (rows.empty()) {
    a.not_enough_reason = kNoKpiDataReason;
    std::string where;
    if (query.from_day || query.to_day) {
      where = " from " + (query.from_day ? DateOfDay(*query.from_day) : "the start") + " to " +
              (query.to_day ? DateOfDay(*query.to_day) : "the end");
    }
    if (a.team) {
      a.not_enough_message = "not enough data: no KPI observations of this view's " +
                             a.words.population + " or teams" + where +
                             " (whole-audience values are not per team)";
    } else if (a.unit == ImpactUnitKind::kTeam) {
      a.not_enough_message = "not enough data: the KPI is recorded per team" + where +
                             ", and none of those teams is in the roster";
    } else {
      a.not_enough_message = "not enough data: no KPI observations have been recorded" +
                             (where.empty() ? std::string(" for this outcome yet") : where);
    }
    if (a.teams_not_in_roster > 0) {
      a.notes.push_back(Plural(a.teams_not_in_roster, "team", "teams") +
                        " with KPI observations but not in the roster left out");
    }
    return a;
  }

  // The calendar: the asked range, or the span of the observations used.
  int64_t first = rows.front().day, last = rows.front().day;
  for (const Row& r : rows) {
    first = std::min(first, r.day);
    last = std::max(last, r.day);
  }
  a.from_day = query.from_day.value_or(first);
  a.to_day = query.to_day.value_or(last);
  auto calendar_or = CalendarOf(query.period, a.from_day, a.to_day);
  if (!calendar_or.ok()) return calendar_or.error();
  const PeriodCalendar& calendar = calendar_or.value();
  a.periods = calendar.Names();
  const int P = calendar.size();
  // The period of a day of the calendar. Rows come a subject at a time, by day, so the period
  // of the row before, or the one after it, is usually the answer.
  int last_period = 0;
  auto period_of = [&](int64_t day) {
    if (day >= calendar.Start(last_period) && day <= calendar.End(last_period)) return last_period;
    if (last_period + 1 < P && day >= calendar.Start(last_period + 1) &&
        day <= calendar.End(last_period + 1)) {
      return ++last_period;
    }
    last_period = *calendar.IndexOfDay(day);
    return last_period;
  };

  if (a.unit == ImpactUnitKind::kAudience) {
    std::vector<double> sum(static_cast<size_t>(P), 0.0);
    std::vector<int64_t> count(static_cast<size_t>(P), 0);
    for (const Row& r : rows) {
      sum[static_cast<size_t>(period_of(r.day))] += r.value;
      ++count[static_cast<size_t>(period_of(r.day))];
    }
    std::vector<std::optional<double>> values(static_cast<size_t>(P));
    for (int t = 0; t < P; ++t) {
      if (count[static_cast<size_t>(t)] > 0)
        values[static_cast<size_t>(t)] =
            sum[static_cast<size_t>(t)] / count[static_cast<size_t>(t)];
    }
    a.units_observed = 1;
    const std::optional<int64_t> launch_day =
        query.launch_day ? query.launch_day : first_completion_day;
    if (!launch_day) {
      a.not_enough_reason = NotEnoughDataReasonName(NotEnoughDataReason::kNoCompleters);
      a.not_enough_message =
          "not enough data: nobody has completed yet, so there is no launch to compare the " +
          a.words.kpi + " before and after (launch=YYYY-MM-DD names one)";
      return a;
    }
    int launch = 0;
    if (*launch_day > calendar.End(P - 1)) {
      launch = P;
    } else if (*launch_day >= calendar.Start(0)) {
      launch = period_of(*launch_day);
    }
    a.launch = DateOfDay(PeriodStart(*launch_day, query.period));
    a.trend = EstimateAudienceTrend(values, launch, a.baseline_value, a.words);
    if (a.trend->not_enough_data) {
      a.not_enough_reason = NotEnoughDataReasonName(a.trend->not_enough_data->reason);
      a.not_enough_message = a.trend->not_enough_data->message;
    }
    a.notes.push_back(
        "the KPI is recorded for the whole audience only: no comparison group exists, so this is "
        "the " +
        a.words.kpi + " since launch against its trend before, the weaker evidence");
    return a;
  }

  // Learner or team units: the panel.
  ImpactPanel panel;
  panel.periods = a.periods;
  if (a.unit == ImpactUnitKind::kLearner) {
    for (size_t u = 0; u < completion_of_unit.size(); ++u) {
      ImpactUnit unit;
      unit.group = CountCompletion(&a, calendar, completion_of_unit[u]);
      if (query.cluster_by_team) {
        unit.cluster = cluster_of_unit[u];
        if (!unit.cluster) ++a.units_without_cluster;
      }
      panel.units.push_back(unit);
    }
  } else {
    for (const std::string& name : team_names) {
      std::vector<int> periods;
      std::optional<int64_t> completed_day;
      for (int64_t day : completions_of_team[name]) {
        const std::optional<int> period = CompletionPeriod(calendar, day);
        if (period) periods.push_back(*period);
      }
      const std::optional<int> group = TeamGroup(periods, roster_size[name], query.team_share);
      // The group as a day, so that CountCompletion counts it like a learner's completion.
      if (group) completed_day = *group < 0 ? calendar.Start(0) - 1 : calendar.Start(*group);
      ImpactUnit unit;
      unit.group = CountCompletion(&a, calendar, completed_day);
      panel.units.push_back(unit);
    }
  }
  a.units_observed = static_cast<int64_t>(panel.units.size());
  panel.observations.reserve(rows.size());
  for (const Row& r : rows)
    panel.observations.push_back({r.unit, period_of(r.day), r.value});

  ImpactOptions o;
  o.control = query.control;
  o.base = query.base;
  o.anticipation = query.anticipation;
  o.min_units = query.min_units;
  o.bootstrap = query.bootstrap;
  o.cluster = query.cluster_by_team && a.unit == ImpactUnitKind::kLearner;
  if (query.window_days) {
    a.window_last_event_time = WindowLastEventTime(query.period, *query.window_days);
    o.window_last_event_time = a.window_last_event_time;
    o.window_days = *query.window_days;
  }
  o.baseline = a.baseline_value;
  o.direction = a.direction;
  o.unit = a.unit;
  o.period = query.period;
  o.words = a.words;
  auto estimate = EstimateImpact(panel, o);
  if (!estimate.ok()) return estimate.error();
  a.estimate = std::move(estimate).value();
  if (a.estimate->not_enough_data) {
    a.not_enough_reason = NotEnoughDataReasonName(a.estimate->not_enough_data->reason);
    a.not_enough_message = a.estimate->not_enough_data->message;
  }

  // What the reader should know about the data behind the numbers.
  const std::string& noun = a.words.population;
  if (a.unit == ImpactUnitKind::kTeam) {
    char share[32];
    std::snprintf(share, sizeof share, "%g", query.team_share * 100);
    a.notes.push_back(std::string("a team counts as having completed in the first ") +
                      PeriodKindName(query.period) + " by which " + share +
                      " % of its roster members have completed (team_share)");
    if (a.teams_not_in_roster > 0) {
      a.notes.push_back(Plural(a.teams_not_in_roster, "team", "teams") +
                        " with KPI observations but not in the roster left out");
    }
  }
  if (a.units_completed_before > 0) {
    a.notes.push_back(std::to_string(a.units_completed_before) + " " + noun +
                      " completed before the first period of the data, so there is no before "
                      "to compare with: left out");
  }
  if (a.units_completed_after > 0) {
    a.notes.push_back(std::to_string(a.units_completed_after) + " " + noun +
                      " completed after the last period: counted as not completed here");
  }
  if (audience_left_out) {
    a.notes.push_back(
        "whole-audience observations are not used: per-learner observations allow a comparison "
        "group");
  }
  if (query.cluster_by_team && a.unit == ImpactUnitKind::kTeam) {
    a.notes.push_back("cluster=team: the units are teams already, each resampled alone");
  } else if (a.units_without_cluster > 0) {
    a.notes.push_back("cluster=team: " + std::to_string(a.units_without_cluster) + " " + noun +
                      " are in no team of the roster and are resampled alone");
  }
  return a;
}

}  // namespace outcomes
