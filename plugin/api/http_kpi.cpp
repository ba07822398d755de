// GET and POST /outcomes/{id}/kpi: an outcome's KPI observations.
#include <rapidjson/document.h>

#include "plugin/analytics/dashboard.h"
#include "plugin/api/http_handlers.h"
#include "plugin/kpi/observation.h"

namespace outcomes {

namespace {

using lrs::Error;

// Observations from a request body: JSON (one observation or an array) or CSV (text/csv).
Result<std::vector<KpiObservation>> ObservationsOf(const HttpRequest& request) {
  auto type = request.headers.Get("Content-Type");
  const std::string media = type ? lrs::http::MediaType(*type) : "";
  if (media == "text/csv") return ParseKpiCsv(request.body);
  if (media != "application/json") {
    return Error::BadRequest(
        "observations are sent as application/json (one or an array) or text/csv");
  }
  json::Document body;
  LRS_RETURN_IF_ERROR(json::Parse(request.body, &body));
  std::vector<KpiObservation> out;
  if (!body.IsArray()) {
    auto o = ParseObservation(body, "observation");
    if (!o.ok()) return o.error();
    out.push_back(std::move(o.value()));
    return out;
  }
  if (body.Empty()) return Error::BadRequest("the array holds no observations");
  for (rapidjson::SizeType i = 0; i < body.Size(); ++i) {
    auto o = ParseObservation(body[i], "[" + std::to_string(i) + "]");
    if (!o.ok()) return o.error();
    out.push_back(std::move(o.value()));
  }
  return out;
}

json::Value ObservationJson(const KpiObservation& o, json::Allocator& a) {
  json::Value v(rapidjson::kObjectType);
  v.AddMember("date", json::Copy(o.date, a), a);
  v.AddMember("value", o.value, a);
  if (o.agent) {
    json::Document agent;
    if (json::Parse(*o.agent, &agent).ok()) v.AddMember("agent", json::Value(agent, a), a);
  }
  if (o.team) v.AddMember("team", json::Copy(*o.team, a), a);
  return v;
}

}  // namespace

Result<HttpResponse> PostKpi(const Services& s, const RequestContext& ctx) {
  LRS_RETURN_IF_ERROR(RejectUnknown(ctx.params, {}));
  auto observations = ObservationsOf(ctx.request);
  if (!observations.ok()) return observations.error();
  LRS_RETURN_IF_ERROR(s.dashboards.RecordKpi(ctx.store_id, ctx.outcome_id, observations.value()));
  json::Document out;
  out.SetObject();
  auto& a = out.GetAllocator();
  out.AddMember("outcome", json::Copy(ctx.outcome_id, a), a);
  out.AddMember("recorded", static_cast<uint64_t>(observations.value().size()), a);
  return JsonAnswer(200, out);
}

Result<HttpResponse> GetKpi(const Services& s, const RequestContext& ctx) {
  LRS_RETURN_IF_ERROR(RejectUnknown(ctx.params, {"from", "to", "team", "manager"}));
  auto from = DateParam(ctx.params, "from");
  if (!from.ok()) return from.error();
  auto to = DateParam(ctx.params, "to");
  if (!to.ok()) return to.error();
  auto team = ctx.TeamView();
  if (!team.ok()) return team.error();
  KpiQuery query;
  query.from_day = from.value().value_or(INT64_MIN);
  query.to_day = to.value().value_or(INT64_MAX);
  query.team = team.value().team;
  query.manager = team.value().manager;
  auto kpi = s.dashboards.Kpi(ctx.store_id, ctx.outcome_id, query);
  if (!kpi.ok()) return kpi.error();
  json::Document out;
  out.SetObject();
  auto& a = out.GetAllocator();
  json::Value list(rapidjson::kArrayType);
  for (const KpiObservation& o : kpi.value().observations)
    list.PushBack(ObservationJson(o, a), a);
  out.AddMember("outcome", json::Copy(ctx.outcome_id, a), a);
  if (kpi.value().team) out.AddMember("team", TeamJson(*kpi.value().team, a), a);
  out.AddMember("observations", std::move(list), a);
  return JsonAnswer(200, out);
}

}  // namespace outcomes
