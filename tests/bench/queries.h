// The query phase: GET /statements filtered by agent, verb, activity, activity with
// related_activities, and since, with parameters drawn from the Population, following `more`
// links for a few pages. Every page is checked: 200, a StatementResult, at most `limit`
// statements, newest first, each matching the filter.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tests/bench/latency.h"
#include "tests/bench/population.h"
#include "tests/bench/run.h"
#include "tests/bench/xapi_client.h"

namespace lrs::bench {

struct QueryOptions {
  int per_kind = 200;  // first-page queries of each kind
  int pages = 3;       // `more` links followed per query, at most
  int limit = 100;
  uint64_t seed = 1;  // of the parameter draws
};

struct QueryReport {
  std::string kind;         // "agent", "verb", "activity", "activity, related", "since"
  Latencies first_pages;    // the filtered requests themselves
  Latencies next_pages;     // the `more` links followed from them
  uint64_t statements = 0;  // statements on first pages
  uint64_t with_more = 0;   // first pages that had a `more` link
};

// Runs the queries with `limits.concurrency` connections, worker i's to
// EndpointOfWorker(endpoints, i) (the stored range that "since" queries draw from is read
// through the first endpoint), and returns one report per kind, in
// the order above. Stops early, leaving later queries out, at the time limit or once too many
// requests failed; `*timed_out` says whether the time limit was hit.
std::vector<QueryReport> RunQueryPhase(const std::vector<Endpoint>& endpoints,
                                       const Population& population, const QueryOptions& options,
                                       const RunLimits& limits, Failures* failures,
                                       bool* timed_out);

}  // namespace lrs::bench
