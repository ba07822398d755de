// The dashboard benchmark (the outcome plugin): a catch-all outcome, "bench-all", declared before
// ingest so that it tags every statement whose object is an activity of the population; KPI
// observations for it (a whole-audience value every week of the statement window and a value per
// learner every month); a roster of teams of 100 learners (PUT /outcomes/roster); then timed
// GET /outcomes/bench-all/dashboard requests of several shapes, whole and per team.
#pragma once

#include <string>
#include <vector>

#include "tests/bench/latency.h"
#include "tests/bench/population.h"
#include "tests/bench/run.h"
#include "tests/bench/xapi_client.h"

namespace lrs::bench {

inline constexpr char kCatchAllOutcome[] = "bench-all";

// PUTs the catch-all declaration (201 the first time, 200 when a kept database has it already).
void DeclareCatchAll(const Endpoint& endpoint, Failures* failures);

struct DashboardReport {
  std::string kind;  // which request, e.g. "window, bucket=day"
  Latencies latency;
  size_t bytes = 0;  // of one response
};

struct DashboardPhase {
  long long tagged_statements = -1;  // what the dashboards summarize, from GET /outcomes/bench-all
  long long active_learners = -1;
  double kpi_seconds = 0;  // recording the KPI observations
  size_t kpi_observations = 0;
  std::vector<DashboardReport> reports;
};

// Records the KPI observations (replacing those of an earlier run), then times `requests`
// requests of each kind, one at a time on one connection.
DashboardPhase RunDashboardPhase(const Endpoint& endpoint, const Population& population,
                                 int requests, Failures* failures);

}  // namespace lrs::bench
