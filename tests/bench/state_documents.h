// The State document phase: concurrent round trips through /activities/state, each a PUT of a
// document followed by a GET of it whose bytes must be the ones sent.
#pragma once

#include <cstdint>
#include <vector>

#include "tests/bench/latency.h"
#include "tests/bench/run.h"
#include "tests/bench/xapi_client.h"

namespace lrs::bench {

struct StateDocumentReport {
  uint64_t planned = 0;      // round trips the phase was asked for
  uint64_t round_trips = 0;  // round trips with a 204 PUT and a 200 GET of the same bytes
  uint64_t requests = 0;     // requests sent, failed ones included
  double seconds = 0;        // wall-clock of the whole phase
  Latencies put;             // of every PUT, failed ones included
  Latencies get;             // of every GET sent
  Latencies round_trip;      // PUT plus GET, of the round trips that completed
  bool timed_out = false;

  bool complete() const { return round_trips == planned; }
  double RoundTripsPerSecond() const { return seconds > 0 ? round_trips / seconds : 0; }
};

// Runs `count` round trips on `limits.concurrency` connections, worker i's to
// EndpointOfWorker(endpoints, i). Each worker keeps its own 500
// State documents (one Agent and stateId per slot, spread over 50 activities) and overwrites
// them in turn, so documents are both created and replaced and no two workers write the same
// one; every document is about 300 bytes of JSON that names its round trip. A wrong status or
// a GET that does not return exactly the bytes just PUT is recorded in `failures`.
StateDocumentReport RunStateDocumentPhase(const std::vector<Endpoint>& endpoints, uint64_t count,
                                          const RunLimits& limits, Failures* failures);

}  // namespace lrs::bench
