// The ingest phases: statements sent to the LRS in batches (POST) and one at a time (PUT), by
// concurrent keep-alive connections.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tests/bench/latency.h"
#include "tests/bench/run.h"
#include "tests/bench/statement_generator.h"
#include "tests/bench/xapi_client.h"

namespace lrs::bench {

struct IngestReport {
  std::string name;
  uint64_t planned = 0;   // statements the phase was asked to store
  uint64_t stored = 0;    // statements the LRS acknowledged, with the ids that were sent
  uint64_t requests = 0;  // requests sent, failed ones included
  double seconds = 0;     // wall-clock of the whole phase
  Latencies latency;      // of every request, failed ones included
  bool timed_out = false;

  bool complete() const { return stored == planned; }
  double StatementsPerSecond() const { return seconds > 0 ? stored / seconds : 0; }
};

// Both phases run `limits.concurrency` workers, each with its own connection to
// EndpointOfWorker(endpoints, worker).

// POSTs statements [first, first + count) as arrays of `batch_size`. A request counts as stored
// only when it is answered 200 with exactly the ids sent, in order; anything else is recorded
// in `failures`.
IngestReport RunPostPhase(const std::vector<Endpoint>& endpoints,
                          const StatementGenerator& generator, uint64_t first, uint64_t count,
                          size_t batch_size, const RunLimits& limits, Failures* failures);

// PUTs statements [first, first + count) one per request, with statementId; 204 is success.
IngestReport RunPutPhase(const std::vector<Endpoint>& endpoints,
                         const StatementGenerator& generator, uint64_t first, uint64_t count,
                         const RunLimits& limits, Failures* failures);

}  // namespace lrs::bench
