#include "plugin/api/dashboard_service.h"

#include <algorithm>

#include "lrs/core/time.h"
#include "plugin/store/kpi_store.h"
#include "plugin/store/outcome_store.h"
#include "plugin/store/rollup_store.h"

namespace outcomes {

namespace {

using lrs::Error;
using lrs::ext::SqlConnection;

Error NoOutcome(std::string_view id) {
  return Error::NotFound("no outcome \"" + std::string(id) + "\"");
}

}  // namespace

Status DashboardService::RecordKpi(int64_t store_id, std::string_view id,
                                   const std::vector<KpiObservation>& observations) {
  return host_.Write([&](SqlConnection& txn) -> Status {
    auto row = store::FindDeclaration(txn, store_id, id);
    if (!row.ok()) return row.error();
    if (!row.value()) return NoOutcome(id);
    const std::string now = lrs::FormatMillisUtc(lrs::NowMicros());
    for (const KpiObservation& o : observations) {
      LRS_RETURN_IF_ERROR(store::PutKpi(txn, store_id, id, o, now));
    }
    return Status();
  });
}

Result<std::vector<KpiObservation>> DashboardService::Kpi(int64_t store_id, std::string_view id,
                                                          int64_t from_day, int64_t to_day) {
  std::vector<KpiObservation> out;
  Status read = host_.Read([&](SqlConnection& txn) -> Status {
    auto row = store::FindDeclaration(txn, store_id, id);
    if (!row.ok()) return row.error();
    if (!row.value()) return NoOutcome(id);
    auto kpi = store::ListKpi(txn, store_id, id, from_day, to_day);
    if (!kpi.ok()) return kpi.error();
    out = std::move(kpi.value());
    return Status();
  });
  if (!read.ok()) return read.error();
  return out;
}

Result<json::Document> DashboardService::Dashboard(int64_t store_id, std::string_view id,
                                                   const DashboardQuery& query, int64_t today) {
  DashboardInput in;
  std::optional<Outcome> outcome;
  Status read = host_.Read([&](SqlConnection& txn) -> Status {
    auto row = store::FindDeclaration(txn, store_id, id);
    if (!row.ok()) return row.error();
    if (!row.value()) return NoOutcome(id);
    auto parsed = ParseStoredOutcome(row.value()->document);
    if (!parsed.ok()) return parsed.error();
    outcome = std::move(parsed.value());

    in.to_day = query.to_day.value_or(today);
    in.from_day = query.from_day.value_or(std::min(outcome->kpi.baseline.day, in.to_day));
    in.as_of_day = today;
    in.bucket = query.bucket;
    if (in.from_day > in.to_day) {
      return Error::BadRequest("from: " + DateOfDay(in.from_day) + " is after to: " +
                               DateOfDay(in.to_day));
    }
    int64_t buckets = 0;
    for (int64_t s = BucketStart(in.from_day, in.bucket); s <= in.to_day;
         s = NextBucketStart(s, in.bucket)) {
      if (++buckets > kMaxBuckets) {
        return Error::BadRequest("the range from " + DateOfDay(in.from_day) + " to " +
                                 DateOfDay(in.to_day) + " has more than " +
                                 std::to_string(kMaxBuckets) + " " + BucketName(in.bucket) +
                                 " buckets; choose a shorter range or a longer bucket");
      }
    }

    const int64_t key = row.value()->key;
    auto daily = store::DailyRange(txn, key, in.from_day, in.to_day);
    if (!daily.ok()) return daily.error();
    in.daily = std::move(daily.value());
    auto learners = store::Learners(txn, key);
    if (!learners.ok()) return learners.error();
    in.learners = std::move(learners.value());
    auto summary = store::SummarizeKpi(txn, store_id, id, in.to_day);
    if (!summary.ok()) return summary.error();
    in.kpi_summary = std::move(summary.value());
    auto kpi = store::ListKpi(txn, store_id, id, in.from_day, in.to_day);
    if (!kpi.ok()) return kpi.error();
    in.kpi = std::move(kpi.value());
    return Status();
  });
  if (!read.ok()) return read.error();
  in.outcome = &*outcome;
  return BuildDashboard(in);
}

}  // namespace outcomes
