// KPI observations of outcomes (outcome_kpi): one value per store, outcome id, day and subject.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plugin/kpi/observation.h"
#include "plugin/store/outcome_store.h"

namespace outcomes {

// Where an outcome's KPI stands: the series its customer metric follows, and its latest value.
struct KpiSummary {
  // "audience" when there are whole-audience values up to as-of (they are the KPI), else
  // "learners_and_teams" when there are per-learner or per-team values (their mean is), else
  // "none".
  std::string basis = "none";
  std::optional<int64_t> latest_day;  // the last day with a value of the basis, at or before as-of
  double latest_value = 0;            // the mean of that day's values of the basis
  int64_t latest_n = 0;               // how many values that is
};

namespace store {

// Records `o`, replacing the value of the same day and subject; `recorded` is the time of the
// write.
Status PutKpi(SqlConnection& txn, int64_t store_id, std::string_view outcome_id,
              const KpiObservation& o, const std::string& recorded);
// The observations of the outcome from `from_day` to `to_day`, by day and subject.
Result<std::vector<KpiObservation>> ListKpi(SqlConnection& txn, int64_t store_id,
                                            std::string_view outcome_id, int64_t from_day,
                                            int64_t to_day);
// The same observations as a dashboard reads them, in the same order: day, value and whose they
// are (agent_key for a learner's, team for a team's), without `date` and `agent` (left empty),
// which no figure uses. Read from each subject's series (outcome_kpi_series, kept equal to the
// observations by triggers, its values exact); kInternal when a series is damaged.
Result<std::vector<KpiObservation>> ListKpiValues(SqlConnection& txn, int64_t store_id,
                                                  std::string_view outcome_id, int64_t from_day,
                                                  int64_t to_day);
Result<KpiSummary> SummarizeKpi(SqlConnection& txn, int64_t store_id, std::string_view outcome_id,
                                int64_t as_of_day);
Status DeleteKpi(SqlConnection& txn, int64_t store_id, std::string_view outcome_id);

}  // namespace store
}  // namespace outcomes
