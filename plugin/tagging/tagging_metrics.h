// What GET /metrics shows of the outcome plugin's tagging (Host::Metrics): the background
// tagger's backlog (as of its last look, at most a second old while the server runs) and the
// tag log's folds (plugin/tagging/tag_log.h).
#pragma once

#include "lrs/core/metrics.h"
#include "plugin/store/outcome_store.h"

namespace outcomes {

struct TaggingMetrics {
  // Registers the families in `registry` (once per name; a second plugin instance in the same
  // process shares them).
  explicit TaggingMetrics(lrs::metrics::Registry& registry);

  // Sets the backlog gauges.
  void Show(const store::TaggingBacklog& backlog) const;

  lrs::metrics::Gauge& backlog_generations;
  lrs::metrics::Gauge& backlog_statements;
  lrs::metrics::Histogram& fold_seconds;
  lrs::metrics::Counter& folded_tags;
};

}  // namespace outcomes
