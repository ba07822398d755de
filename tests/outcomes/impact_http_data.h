// Panels of the impact estimator (plugin/analytics/impact.h; simulated ones from
// impact_simulation.h) given to a real server the way an LMS and a CRM would: a course's xAPI
// statements (each completer's "completed" statement in their completion month) and each
// learner's monthly KPI observations. What tests/outcomes/impact_http_test.cpp and
// impact_simulation_http_test.cpp send.
#pragma once

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "plugin/analytics/impact.h"
#include "tests/outcomes/outcome_http_test.h"

namespace outcomes::http_test {

struct PanelOverHttp {
  std::string outcome;          // its id
  std::string activity_prefix;  // its rule: activities under this prefix
  int first_year = 2025;        // period 0 is this month
  int first_month = 1;
  std::string learner_prefix = "l";  // unit i is mailto:{prefix}{i, 4 digits}@example.com
  // Every `attempted_every`-th never-completing unit has an "attempted" statement (so it is a
  // learner of the outcome without a completion); the others have no statement at all.
  int attempted_every = 3;
};

// "YYYY-MM-DD" of day `day` of month `period` of the panel.
inline std::string PanelDate(const PanelOverHttp& p, int period, int day) {
  const int months = p.first_year * 12 + (p.first_month - 1) + period;
  char date[48];
  std::snprintf(date, sizeof date, "%04d-%02d-%02d", months / 12, months % 12 + 1, day);
  return date;
}

inline std::string PanelLearner(const PanelOverHttp& p, size_t unit) {
  char name[64];
  std::snprintf(name, sizeof name, "%s%04zu", p.learner_prefix.c_str(), unit);
  return name;
}

// A declaration whose one rule tags the activities under the panel's prefix; its KPI is "Average
// handling time" in minutes, to decrease, baseline 20.
inline std::string PanelDeclaration(const PanelOverHttp& p) {
  return R"({"name": "Impact test", "kpi": {"name": "Average handling time", "unit": "minutes",
             "direction": "decrease", "baseline": {"value": 20, "date": "2024-12-31"},
             "target": {"value": 15, "date": "2026-12-31"}},
             "audience": {"segment": "employees", "size": 1000},
             "rules": [{"activity": {"prefix": ")" +
         p.activity_prefix + R"("}}]})";
}

// The statements of the panel's units: a "completed" at noon on day 10 of the completion month
// for each completer whose group is in the data, an "attempted" on day 12 of month 0 for some of
// the others, one JSON text each.
inline std::vector<std::string> PanelStatementList(const PanelOverHttp& p,
                                                   const ImpactPanel& panel) {
  std::vector<std::string> items;
  int never = 0;
  for (size_t i = 0; i < panel.units.size(); ++i) {
    const std::optional<int>& g = panel.units[i].group;
    const bool completer = g && *g < static_cast<int>(panel.periods.size());
    if (!completer && never++ % p.attempted_every != 0) continue;
    StatementJson s;
    s.Actor(PanelLearner(p, i));
    s.Verb(completer ? kVerbCompleted : kVerbAttempted);
    s.Object(p.activity_prefix + "course");
    s.Timestamp(PanelDate(p, completer ? *g : 0, completer ? 10 : 12) + "T12:00:00Z");
    items.push_back(s.Json());
  }
  return items;
}

// `items` as JSON arrays of at most `batch`.
inline std::vector<std::string> Batches(const std::vector<std::string>& items, size_t batch) {
  std::vector<std::string> batches;
  for (size_t k = 0; k < items.size(); k += batch)
    batches.push_back(JsonArray(std::vector<std::string>(
        items.begin() + static_cast<std::ptrdiff_t>(k),
        items.begin() + static_cast<std::ptrdiff_t>(std::min(items.size(), k + batch)))));
  return batches;
}

// The panel's observations as per-learner KPI observations, as a CRM's CSV export: the k-th
// observation of a unit in a month is dated day 5 + 10k, its value written exactly (17
// significant digits), the learner by e-mail address. CSV texts of at most `batch` rows.
inline std::vector<std::string> PanelObservations(const PanelOverHttp& p, const ImpactPanel& panel,
                                                  size_t batch = 20000) {
  std::map<std::pair<size_t, int>, int> seen;  // (unit, period) -> observations so far
  std::vector<std::string> batches;
  std::string current;
  size_t in_current = 0;
  for (const ImpactObservation& o : panel.observations) {
    const int k = seen[{o.unit, o.period}]++;
    char value[40];
    std::snprintf(value, sizeof value, "%.17g", o.value);
    if (in_current == 0) current = "date,value,agent\n";
    current += PanelDate(p, o.period, 5 + 10 * k) + "," + value + "," + PanelLearner(p, o.unit) +
               "@example.com\n";
    if (++in_current == batch) {
      batches.push_back(current);
      in_current = 0;
    }
  }
  if (in_current > 0) batches.push_back(current);
  return batches;
}

// Declares the panel's outcome (PUT, 201).
inline ::testing::AssertionResult DeclarePanel(OutcomeServer& server, const PanelOverHttp& p) {
  HttpResult r = server.Put(p.outcome, PanelDeclaration(p));
  if (r.status != 201) {
    return ::testing::AssertionFailure() << "PUT " << p.outcome << " -> " << r.Describe();
  }
  return ::testing::AssertionSuccess();
}

// POSTs the panel's statements and observations (after DeclarePanel).
inline ::testing::AssertionResult SendPanel(OutcomeServer& server, const PanelOverHttp& p,
                                            const ImpactPanel& panel) {
  for (const std::string& batch : Batches(PanelStatementList(p, panel), 500)) {
    HttpResult r = server.admin().Post(kStatements, batch);
    if (r.status != 200) {
      return ::testing::AssertionFailure() << "POST statements -> " << r.Describe();
    }
  }
  for (const std::string& batch : PanelObservations(p, panel)) {
    HttpResult r = server.admin().Post(OutcomePath(p.outcome) + "/kpi", batch, "text/csv");
    if (r.status != 200) {
      return ::testing::AssertionFailure() << "POST kpi -> " << r.Describe();
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace outcomes::http_test
