// GET /outcomes/{id}/dashboard (the double bottom line) and /outcomes/{id}/learners (each
// learner as the dashboard counts them).
#include <rapidjson/document.h>

#include "lrs/core/strings.h"
#include "lrs/core/time.h"
#include "lrs/xapi/agent.h"
#include "plugin/analytics/dashboard.h"
#include "plugin/analytics/dashboard_json.h"
#include "plugin/api/http_handlers.h"
#include "plugin/model/days.h"

namespace outcomes {

namespace {

using lrs::Error;

json::Value Timestamp(std::optional<int64_t> micros, json::Allocator& a) {
  if (!micros) return json::Value(rapidjson::kNullType);
  return json::Copy(lrs::FormatMillisUtc(*micros), a);
}

json::Value LearnerJson(const LearnerLine& line, json::Allocator& a) {
  const LearnerRollup& l = line.rollup;
  const LearnerFigures& f = line.figures;
  json::Value v(rapidjson::kObjectType);
  v.AddMember("agent", lrs::xapi::IdentifierOfKey(l.agent, a), a);
  v.AddMember("first_statement", Timestamp(l.first_us, a), a);
  v.AddMember("first_completion", Timestamp(l.completed_us, a), a);
  v.AddMember("days_to_proficiency",
              f.days_to_proficiency ? json::Value(*f.days_to_proficiency)
                                    : json::Value(rapidjson::kNullType),
              a);
  v.AddMember("tagged_statements_in_range", f.tagged_statements, a);
  json::Value score(rapidjson::kObjectType);
  AddFigureValue(&score, "value", f.mean_scaled_score, a);
  score.AddMember("n", f.mean_scaled_score.n, a);
  v.AddMember("mean_scaled_score_in_range", std::move(score), a);
  v.AddMember("active_in_range", f.active, a);
  v.AddMember("completed_in_range", f.completed_in_range, a);
  v.AddMember("completed_by_end", f.completed_by_end, a);
  v.AddMember("kpi_in_range", MeanJson(f.kpi, a), a);
  return v;
}

}  // namespace

Result<Dashboard> ReadDashboard(const Services& s, const RequestContext& ctx, const Params& params,
                                DashboardQuery* query) {
  LRS_RETURN_IF_ERROR(RejectUnknown(params, {"from", "to", "bucket", "team", "manager"}));
  auto parsed = DashboardQueryOf(ctx, params);
  if (!parsed.ok()) return parsed.error();
  *query = std::move(parsed).value();
  return s.dashboards.Dashboard(ctx.store_id, ctx.outcome_id, *query,
                                DayOfMicros(lrs::NowMicros()));
}

Result<HttpResponse> GetDashboard(const Services& s, const RequestContext& ctx) {
  DashboardQuery query;
  auto dashboard = ReadDashboard(s, ctx, ctx.params, &query);
  if (!dashboard.ok()) return dashboard.error();
  json::Document d = DashboardJson(dashboard.value());
  auto& a = d.GetAllocator();
  // Where each figure comes from: the tagged statements, the learners and the observations of
  // the same range.
  const std::string range = "?from=" + DateOfDay(dashboard.value().from_day) +
                            "&to=" + DateOfDay(dashboard.value().to_day) +
                            TeamSuffix({query.team, query.manager});
  const std::string base = std::string(kApiPrefix) + "/" + ctx.outcome_id;
  json::Value trace(rapidjson::kObjectType);
  trace.AddMember("statements", json::Copy(base + "/statements" + range, a), a);
  trace.AddMember("learners", json::Copy(base + "/learners" + range, a), a);
  trace.AddMember("kpi", json::Copy(base + "/kpi" + range, a), a);
  d.AddMember("trace", std::move(trace), a);
  return JsonAnswer(200, d);
}

Result<HttpResponse> GetLearners(const Services& s, const RequestContext& ctx) {
  LRS_RETURN_IF_ERROR(
      RejectUnknown(ctx.params, {"from", "to", "after", "limit", "team", "manager"}));
  Params dashboard_params = ctx.params;
  dashboard_params.erase("after");
  dashboard_params.erase("limit");
  auto query = DashboardQueryOf(ctx, dashboard_params);
  if (!query.ok()) return query.error();
  int64_t after = -1;
  int64_t limit = 1000;
  if (auto it = ctx.params.find("after"); it != ctx.params.end()) {
    auto n = lrs::ParseUnsigned(it->second);
    if (!n || *n > static_cast<uint64_t>(INT64_MAX)) {
      return Error::BadRequest("after: must be a non-negative integer");
    }
    after = static_cast<int64_t>(*n);
  }
  if (auto it = ctx.params.find("limit"); it != ctx.params.end()) {
    auto n = lrs::ParseUnsigned(it->second);
    if (!n || *n == 0 || *n > static_cast<uint64_t>(DashboardService::kMaxLearnersPerPage)) {
      return Error::BadRequest("limit: must be an integer from 1 to " +
                               std::to_string(DashboardService::kMaxLearnersPerPage));
    }
    limit = static_cast<int64_t>(*n);
  }
  auto page = s.dashboards.Learners(ctx.store_id, ctx.outcome_id, query.value(),
                                    DayOfMicros(lrs::NowMicros()), after, limit);
  if (!page.ok()) return page.error();
  json::Document out;
  out.SetObject();
  auto& a = out.GetAllocator();
  const std::string from = DateOfDay(page.value().from_day);
  const std::string to = DateOfDay(page.value().to_day);
  json::Value range(rapidjson::kObjectType);
  range.AddMember("from", json::Copy(from, a), a);
  range.AddMember("to", json::Copy(to, a), a);
  out.AddMember("outcome", json::Copy(ctx.outcome_id, a), a);
  out.AddMember("range", std::move(range), a);
  if (page.value().team) out.AddMember("team", TeamJson(*page.value().team, a), a);
  json::Value list(rapidjson::kArrayType);
  for (const LearnerLine& line : page.value().learners)
    list.PushBack(LearnerJson(line, a), a);
  out.AddMember("learners", std::move(list), a);
  std::string more;
  if (page.value().next_after) {
    more = std::string(kApiPrefix) + "/" + ctx.outcome_id + "/learners?from=" + from + "&to=" + to +
           "&limit=" + std::to_string(limit) +
           "&after=" + std::to_string(*page.value().next_after) +
           TeamSuffix({query.value().team, query.value().manager});
  }
  out.AddMember("more", json::Copy(more, a), a);
  return JsonAnswer(200, out);
}

}  // namespace outcomes
