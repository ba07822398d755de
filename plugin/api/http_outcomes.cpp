// Outcomes and their headlines: GET /outcomes (and ?statementId=), GET, PUT and DELETE
// /outcomes/{id}.
#include <rapidjson/document.h>

#include "lrs/core/strings.h"
#include "lrs/core/time.h"
#include "lrs/core/uuid.h"
#include "lrs/xapi/iri.h"
#include "plugin/analytics/dashboard.h"
#include "plugin/analytics/dashboard_json.h"
#include "plugin/api/http_handlers.h"
#include "plugin/model/days.h"

namespace outcomes {

namespace {

using lrs::Error;

json::Value View(const OutcomeView& v, json::Allocator& a) {
  json::Value out(rapidjson::kObjectType);
  out.AddMember("id", json::Copy(v.row.outcome_id, a), a);
  if (v.covered_by) out.AddMember("covered_by", json::Copy(*v.covered_by, a), a);
  json::Document declaration;
  if (json::Parse(v.row.document, &declaration).ok()) {
    if (const json::Value* name = json::Find(declaration, "name")) {
      out.AddMember("name", json::Value(*name, a), a);
    }
    out.AddMember("declaration", json::Value(declaration, a), a);
  }
  if (auto outcome = ParseStoredOutcome(v.row.document); outcome.ok()) {
    out.AddMember("headline",
                  HeadlineJson(ComputeHeadline(outcome.value(), v.learners, v.completers, v.kpi,
                                               DayOfMicros(lrs::NowMicros()), v.audience_size),
                               a),
                  a);
  }
  out.AddMember("created", json::Copy(v.row.created, a), a);
  out.AddMember("updated", json::Copy(v.row.updated, a), a);
  json::Value tagging(rapidjson::kObjectType);
  tagging.AddMember("state", json::Copy(v.row.tagging_state, a), a);
  tagging.AddMember("processed", v.row.tagging_processed, a);
  tagging.AddMember("total", v.row.tagging_total, a);
  out.AddMember("tagging", std::move(tagging), a);
  out.AddMember("tagged_statements", v.tagged_statements, a);
  return out;
}

}  // namespace

Result<HttpResponse> ListOutcomes(const Services& s, const RequestContext& ctx) {
  if (ctx.params.count("statementId") > 0) return OutcomesOfStatement(s, ctx);
  LRS_RETURN_IF_ERROR(RejectUnknown(ctx.params, {"team", "manager", "activity"}));
  auto team = ctx.TeamView();
  if (!team.ok()) return team.error();
  OutcomeListQuery query{team.value().team, team.value().manager, std::nullopt};
  if (auto activity = ctx.params.find("activity"); activity != ctx.params.end()) {
    if (!lrs::xapi::IsAbsoluteIri(activity->second)) {
      return Error::BadRequest("activity: \"" + activity->second + "\" is not an absolute IRI");
    }
    query.activity = activity->second;
  }
  auto listing = s.outcomes.List(ctx.store_id, query);
  if (!listing.ok()) return listing.error();
  json::Document out;
  out.SetObject();
  auto& a = out.GetAllocator();
  if (listing.value().team) out.AddMember("team", TeamJson(*listing.value().team, a), a);
  json::Value list(rapidjson::kArrayType);
  for (const OutcomeView& v : listing.value().outcomes) {
    if (ctx.grant == nullptr || ctx.grant->AllowsOutcome(v.row.outcome_id)) {
      list.PushBack(View(v, a), a);
    }
  }
  out.AddMember("outcomes", std::move(list), a);
  return JsonAnswer(200, out);
}

Result<HttpResponse> OutcomesOfStatement(const Services& s, const RequestContext& ctx) {
  LRS_RETURN_IF_ERROR(RejectUnknown(ctx.params, {"statementId", "team", "manager"}));
  const std::string& id = ctx.params.find("statementId")->second;
  if (!lrs::uuid::IsValid(id)) {
    return Error::BadRequest("statementId: not a UUID in standard string form");
  }
  // A team link sees only its learners' statements; any link, only its outcomes' tags. A
  // statement none of the link's outcomes tags is, to the link, a statement it cannot see.
  auto within = ctx.TeamView();
  if (!within.ok()) return within.error();
  auto tagged = s.outcomes.OutcomesOf(ctx.store_id, id, within.value());
  if (!tagged.ok()) return tagged.error();
  json::Document out;
  out.SetObject();
  auto& a = out.GetAllocator();
  json::Value list(rapidjson::kArrayType);
  for (const auto& [outcome, rule] : tagged.value()) {
    if (ctx.grant != nullptr && !ctx.grant->AllowsOutcome(outcome)) continue;
    json::Value entry(rapidjson::kObjectType);
    entry.AddMember("id", json::Copy(outcome, a), a);
    entry.AddMember("rule", json::Copy(rule, a), a);
    list.PushBack(std::move(entry), a);
  }
  if (ctx.grant != nullptr && list.Empty()) {
    return Error::NotFound("no statement with id " + id + " among those this link may read");
  }
  out.AddMember("statementId", json::Copy(lrs::AsciiLower(id), a), a);
  out.AddMember("outcomes", std::move(list), a);
  return JsonAnswer(200, out);
}

Result<HttpResponse> GetOutcome(const Services& s, const RequestContext& ctx) {
  LRS_RETURN_IF_ERROR(RejectUnknown(ctx.params, {}));
  auto view = s.outcomes.Get(ctx.store_id, ctx.outcome_id);
  if (!view.ok()) return view.error();
  if (!view.value()) return Error::NotFound("no outcome \"" + ctx.outcome_id + "\"");
  json::Document out;
  return JsonAnswer(200, View(*view.value(), out.GetAllocator()));
}

Result<HttpResponse> PutOutcome(const Services& s, const RequestContext& ctx) {
  LRS_RETURN_IF_ERROR(RejectUnknown(ctx.params, {}));
  auto type = ctx.request.headers.Get("Content-Type");
  if (!type || lrs::http::MediaType(*type) != "application/json") {
    return Error::BadRequest("a declaration is sent as application/json");
  }
  json::Document declaration;
  LRS_RETURN_IF_ERROR(json::Parse(ctx.request.body, &declaration));
  auto put = s.outcomes.Put(ctx.store_id, declaration, ctx.outcome_id);
  if (!put.ok()) return put.error();
  json::Document out;
  return JsonAnswer(put.value().created ? 201 : 200, View(put.value().outcome, out.GetAllocator()));
}

Result<HttpResponse> DeleteOutcome(const Services& s, const RequestContext& ctx) {
  LRS_RETURN_IF_ERROR(RejectUnknown(ctx.params, {}));
  auto deleted = s.outcomes.Delete(ctx.store_id, ctx.outcome_id);
  if (!deleted.ok()) return deleted.error();
  if (!deleted.value()) return Error::NotFound("no outcome \"" + ctx.outcome_id + "\"");
  HttpResponse response;
  response.status = 204;
  return response;
}

}  // namespace outcomes
