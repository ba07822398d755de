#include "plugin/tagging/tagging_metrics.h"

namespace outcomes {

TaggingMetrics::TaggingMetrics(lrs::metrics::Registry& registry)
    : backlog_generations(registry
                              .GaugeFamily("outcome_lrs_outcomes_tagging_backlog_generations",
                                           "Outcome declarations (generations) with history "
                                           "still to tag or retired tags still to remove")
                              .With({})),
      backlog_statements(registry
                             .GaugeFamily("outcome_lrs_outcomes_tagging_backlog_statements",
                                          "Stored statements the background tagger has still "
                                          "to scan for new or changed declarations")
                             .With({})),
      fold_seconds(registry
                       .HistogramFamily(
                           "outcome_lrs_outcomes_fold_seconds",
                           "Time to fold the tag log into the tags and rollups",
                           {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10})
                       .With({})),
      folded_tags(registry
                      .CounterFamily("outcome_lrs_outcomes_folded_tags_total",
                                     "Tags folded from the tag log into the tags and rollups")
                      .With({})) {}

void TaggingMetrics::Show(const store::TaggingBacklog& backlog) const {
  backlog_generations.Set(backlog.generations);
  backlog_statements.Set(backlog.statements);
}

}  // namespace outcomes
