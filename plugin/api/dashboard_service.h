// An outcome's KPI observations and its dashboard (the double bottom line), for the HTTP API and
// the command line. Dashboards read only rollups and observations, never statements.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "lrs/extension/extension.h"
#include "plugin/analytics/dashboard.h"
#include "plugin/kpi/observation.h"

namespace outcomes {

struct DashboardQuery {
  std::optional<int64_t> from_day;  // default: the KPI's baseline date (or `to`, if later)
  std::optional<int64_t> to_day;    // default: today (UTC)
  Bucket bucket = Bucket::kWeek;
};

class DashboardService {
 public:
  // The most buckets one dashboard has (a longer range needs a coarser bucket).
  static constexpr int64_t kMaxBuckets = 1000;

  explicit DashboardService(lrs::ext::Host& host) : host_(host) {}

  // Records observations of outcome `id`, all or none; an observation of the same day and
  // subject (learner, team or whole audience) as a stored one replaces it. kNotFound when there
  // is no such outcome.
  Status RecordKpi(int64_t store_id, std::string_view id,
                   const std::vector<KpiObservation>& observations);
  // The observations of outcome `id` from `from_day` to `to_day`.
  Result<std::vector<KpiObservation>> Kpi(int64_t store_id, std::string_view id, int64_t from_day,
                                          int64_t to_day);
  // The dashboard of outcome `id` as of `today`. kBadRequest for a range that is empty or has
  // more than kMaxBuckets buckets; kNotFound when there is no such outcome.
  Result<json::Document> Dashboard(int64_t store_id, std::string_view id,
                                   const DashboardQuery& query, int64_t today);

 private:
  lrs::ext::Host& host_;
};

}  // namespace outcomes
