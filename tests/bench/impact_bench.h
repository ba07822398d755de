// The impact benchmark (the outcome plugin): GET /outcomes/bench-impact/impact on 5,000 learners
// × 24 months of per-learner KPI observations, with every statement of the load tagged.
//
// "bench-impact" is declared before ingest with a catch-all rule (every statement whose object
// is an activity of the population), so a 1,000,000-statement load gives it 1,000,000 tagged
// statements. The phase then adds, idempotently (fixed statement ids, observations replaced by
// date): a "completed" statement for 60 % of the learners, at a day spread over the 20 months
// from July 2023 to February 2025 (before the generator's statements, whose completions in
// March to May 2025 fall after the KPI's range: never-treated here); each learner's KPI at the
// end of every month from March 2023 to February 2025 (a level, a common monthly pattern, noise,
// and -1.0 from completion on); and the roster of dashboard_bench.h (teams of 100). It times
// the endpoint over that range: 999 bootstrap draws (the default), analytic only, a team of 100,
// clustered by team, and the export.
#pragma once

#include <string>
#include <vector>

#include "tests/bench/latency.h"
#include "tests/bench/population.h"
#include "tests/bench/run.h"
#include "tests/bench/xapi_client.h"

namespace lrs::bench {

inline constexpr char kImpactOutcome[] = "bench-impact";

// PUTs the impact outcome's declaration (201 the first time, 200 when a kept database has it).
void DeclareImpactOutcome(const Endpoint& endpoint, Failures* failures);

struct ImpactReport {
  std::string kind;  // which request, e.g. "999 bootstrap draws"
  Latencies latency;
  size_t bytes = 0;  // of one response
};

struct ImpactPhase {
  double tagging_wait_seconds = 0;  // waiting for bench-impact's history to be tagged
  long long tagged_statements = -1;
  size_t completions = 0;  // completion statements sent
  size_t observations = 0;
  double setup_seconds = 0;  // sending completions, observations and the roster
  // From the first answer: the panel and the headline.
  long long units = -1, groups = -1, cells = -1, pretrend_df = -1;
  std::string headline;
  std::vector<ImpactReport> reports;
};

// Sets up the data (see above), then times `requests` requests of each kind, one at a time on
// one connection, after one untimed request (which settles the tag log).
ImpactPhase RunImpactPhase(const Endpoint& endpoint, const Population& population, int requests,
                           Failures* failures);

}  // namespace lrs::bench
