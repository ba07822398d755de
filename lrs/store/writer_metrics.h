// What GET /metrics shows of the statement writers of this process (internal to lrs/store):
// their queue, the size and commit time of their groups, the statements they stored.
#pragma once

#include "lrs/core/metrics.h"

namespace lrs::store {

struct WriterMetrics {
  // The metrics of this process, registered on first use.
  static WriterMetrics& Get() {
    static WriterMetrics m;
    return m;
  }

  metrics::Gauge& queued = metrics::Global()
                               .GaugeFamily("outcome_lrs_writer_queue_depth",
                                            "Writer jobs (statement batches, document and plugin "
                                            "writes) queued and not yet taken into a group commit")
                               .With({});
  metrics::Histogram& group_statements =
      metrics::Global()
          .HistogramFamily("outcome_lrs_writer_group_statements",
                           "Statements per group commit (one transaction)",
                           {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000})
          .With({});
  metrics::Histogram& commit_seconds =
      metrics::Global()
          .HistogramFamily(
              "outcome_lrs_writer_commit_seconds", "Time to apply and commit one group (durably)",
              {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5})
          .With({});
  metrics::Counter& stored =
      metrics::Global()
          .CounterFamily("outcome_lrs_statements_stored_total",
                         "Statements in batches committed (re-sent equal statements included)")
          .With({});
};

}  // namespace lrs::store
