#include "plugin/api/dashboard_service.h"

#include <algorithm>
#include <unordered_map>
#include <utility>

#include "lrs/core/time.h"
#include "plugin/store/kpi_store.h"
#include "plugin/store/outcome_store.h"
#include "plugin/store/rollup_store.h"
#include "plugin/store/roster_store.h"

namespace outcomes {

namespace {

using lrs::Error;
using lrs::ext::SqlConnection;

Error NoOutcome(std::string_view id) {
  return Error::NotFound("no outcome \"" + std::string(id) + "\"");
}

// The live declaration of `id` and its generation key.
Result<std::pair<Outcome, int64_t>> Declared(SqlConnection& txn, int64_t store_id,
                                             std::string_view id) {
  auto row = store::FindDeclaration(txn, store_id, id);
  if (!row.ok()) return row.error();
  if (!row.value()) return NoOutcome(id);
  auto outcome = ParseStoredOutcome(row.value()->document);
  if (!outcome.ok()) return outcome.error();
  return std::make_pair(std::move(outcome.value()), row.value()->key);
}

// The range `query` asks for, with its defaults filled in; kBadRequest when it is empty or has
// too many buckets.
Status ResolveRange(const Outcome& outcome, const DashboardQuery& query, int64_t today,
                    DashboardInput* in) {
  in->to_day = query.to_day.value_or(today);
  in->from_day = query.from_day.value_or(std::min(outcome.kpi.baseline.day, in->to_day));
  in->as_of_day = today;
  in->bucket = query.bucket;
  if (in->from_day > in->to_day) {
    return Error::BadRequest("from: " + DateOfDay(in->from_day) +
                             " is after to: " + DateOfDay(in->to_day));
  }
  int64_t buckets = 0;
  for (int64_t s = BucketStart(in->from_day, in->bucket); s <= in->to_day;
       s = NextBucketStart(s, in->bucket)) {
    if (++buckets > DashboardService::kMaxBuckets) {
      return Error::BadRequest(
          "the range from " + DateOfDay(in->from_day) + " to " + DateOfDay(in->to_day) +
          " has more than " + std::to_string(DashboardService::kMaxBuckets) + " " +
          BucketName(in->bucket) + " buckets; choose a shorter range or a longer bucket");
    }
  }
  return Status();
}

// The team `team` or `manager` names (nullopt when neither: everyone).
Result<std::optional<Team>> TeamIn(SqlConnection& txn, int64_t store_id,
                                   const std::optional<std::string>& team,
                                   const std::optional<std::string>& manager) {
  const TeamFilter filter{team, manager};
  if (filter.everyone()) return std::optional<Team>();
  auto found = store::TeamOf(txn, store_id, filter);
  if (!found.ok()) return found.error();
  return std::optional<Team>(std::move(found.value()));
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

Result<KpiListing> DashboardService::Kpi(int64_t store_id, std::string_view id,
                                         const KpiQuery& query) {
  KpiListing out;
  Status read = host_.Read([&](SqlConnection& txn) -> Status {
    auto row = store::FindDeclaration(txn, store_id, id);
    if (!row.ok()) return row.error();
    if (!row.value()) return NoOutcome(id);
    auto team = TeamIn(txn, store_id, query.team, query.manager);
    if (!team.ok()) return team.error();
    out.team = std::move(team.value());
    auto kpi = store::ListKpi(txn, store_id, id, query.from_day, query.to_day);
    if (!kpi.ok()) return kpi.error();
    for (KpiObservation& o : kpi.value()) {
      if (out.team) {
        const std::vector<std::string>& agents = out.team->agents;
        const std::vector<std::string>& teams = out.team->teams;
        const bool ours =
            (o.agent_key && std::binary_search(agents.begin(), agents.end(), *o.agent_key)) ||
            (o.team && std::binary_search(teams.begin(), teams.end(), *o.team));
        if (!ours) continue;
      }
      out.observations.push_back(std::move(o));
    }
    return Status();
  });
  if (!read.ok()) return read.error();
  return out;
}

Result<Dashboard> DashboardService::Dashboard(int64_t store_id, std::string_view id,
                                              const DashboardQuery& query, int64_t today) {
  LRS_RETURN_IF_ERROR(tag_log_.Settle(host_));
  DashboardInput in;
  std::optional<Outcome> outcome;
  std::optional<Team> team;
  Status read = host_.Read([&](SqlConnection& txn) -> Status {
    auto declared = Declared(txn, store_id, id);
    if (!declared.ok()) return declared.error();
    outcome = std::move(declared.value().first);
    LRS_RETURN_IF_ERROR(ResolveRange(*outcome, query, today, &in));
    auto found = TeamIn(txn, store_id, query.team, query.manager);
    if (!found.ok()) return found.error();
    team = std::move(found.value());
    const int64_t key = declared.value().second;
    auto daily = store::DailyRange(txn, key, in.from_day, in.to_day);
    if (!daily.ok()) return daily.error();
    in.daily = std::move(daily.value());
    auto learners = team ? store::TeamLearners(txn, key, *team) : store::Learners(txn, key);
    if (!learners.ok()) return learners.error();
    in.learners = std::move(learners.value());
    auto summary = store::SummarizeKpi(txn, store_id, id, in.to_day);
    if (!summary.ok()) return summary.error();
    in.kpi_summary = std::move(summary.value());
    auto kpi = store::ListKpiValues(txn, store_id, id, in.from_day, in.to_day);
    if (!kpi.ok()) return kpi.error();
    in.kpi = std::move(kpi.value());
    return Status();
  });
  if (!read.ok()) return read.error();
  in.outcome = &*outcome;
  if (team) in.team = &*team;
  return ComputeDashboard(in);
}

Result<LearnerPage> DashboardService::Learners(int64_t store_id, std::string_view id,
                                               const DashboardQuery& query, int64_t today,
                                               int64_t after, int64_t limit) {
  LRS_RETURN_IF_ERROR(tag_log_.Settle(host_));
  LearnerPage page;
  Status read = host_.Read([&](SqlConnection& txn) -> Status {
    auto declared = Declared(txn, store_id, id);
    if (!declared.ok()) return declared.error();
    DashboardInput range;
    DashboardQuery days = query;
    days.bucket = Bucket::kMonth;  // the bucket does not matter here
    LRS_RETURN_IF_ERROR(ResolveRange(declared.value().first, days, today, &range));
    page.from_day = range.from_day;
    page.to_day = range.to_day;
    const int64_t key = declared.value().second;
    auto team = TeamIn(txn, store_id, query.team, query.manager);
    if (!team.ok()) return team.error();
    page.team = std::move(team.value());

    // One more than asked for says whether another page follows.
    Result<std::vector<LearnerRollup>> learners = std::vector<LearnerRollup>();
    if (page.team) {
      // The team's learners by ordinal (a look-up per member), from `after` on.
      learners = store::TeamLearners(txn, key, *page.team);
      if (!learners.ok()) return learners.error();
      std::vector<LearnerRollup>& all = learners.value();
      all.erase(all.begin(),
                std::upper_bound(all.begin(), all.end(), after,
                                 [](int64_t a, const LearnerRollup& l) { return a < l.ordinal; }));
      if (static_cast<int64_t>(all.size()) > limit + 1) all.resize(limit + 1);
    } else {
      learners = store::LearnersPage(txn, key, after, limit + 1);
    }
    if (!learners.ok()) return learners.error();
    if (static_cast<int64_t>(learners.value().size()) > limit) {
      learners.value().pop_back();
      page.next_after = learners.value().back().ordinal;
    }
    if (learners.value().empty()) return Status();
    auto daily = store::DailyRange(txn, key, range.from_day, range.to_day);
    if (!daily.ok()) return daily.error();
    auto decoded = LearnerActivity(daily.value(), range.from_day, range.to_day, id);
    if (!decoded.ok()) return decoded.error();
    const std::unordered_map<int64_t, LearnerDay>& activity = decoded.value();
    auto kpi = store::ListKpiValues(txn, store_id, id, range.from_day, range.to_day);
    if (!kpi.ok()) return kpi.error();
    // Only the page's learners' observations are counted.
    std::vector<std::string_view> on_page;
    for (const LearnerRollup& l : learners.value())
      on_page.push_back(l.agent);
    std::sort(on_page.begin(), on_page.end());
    std::vector<KpiObservation>& observations = kpi.value();
    observations.erase(std::remove_if(observations.begin(), observations.end(),
                                      [&](const KpiObservation& o) {
                                        return !o.agent_key ||
                                               !std::binary_search(on_page.begin(), on_page.end(),
                                                                   *o.agent_key);
                                      }),
                       observations.end());
    const std::unordered_map<std::string, std::vector<double>> kpi_by_agent =
        LearnerKpi(observations, range.from_day, range.to_day);
    const std::vector<double> none;
    for (LearnerRollup& l : learners.value()) {
      auto did = activity.find(l.ordinal);
      auto values = kpi_by_agent.find(l.agent);
      LearnerLine line;
      line.figures = CountLearner(&l, did == activity.end() ? nullptr : &did->second,
                                  values == kpi_by_agent.end() ? none : values->second,
                                  range.from_day, range.to_day);
      line.rollup = std::move(l);
      page.learners.push_back(std::move(line));
    }
    return Status();
  });
  if (!read.ok()) return read.error();
  return page;
}

}  // namespace outcomes
