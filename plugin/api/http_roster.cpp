// GET and PUT /outcomes/roster: the teams and managers of the store's learners.
#include <algorithm>

#include <rapidjson/document.h>

#include "lrs/xapi/agent.h"
#include "plugin/analytics/dashboard.h"
#include "plugin/api/http_handlers.h"

namespace outcomes {

using lrs::Error;

Result<HttpResponse> PutRoster(const Services& s, const RequestContext& ctx) {
  LRS_RETURN_IF_ERROR(RejectUnknown(ctx.params, {}));
  auto type = ctx.request.headers.Get("Content-Type");
  if (!type || lrs::http::MediaType(*type) != "text/csv") {
    return Error::BadRequest(
        "a roster is sent as text/csv (see docs/OUTCOMES.md, Teams); \"roster\" is reserved "
        "and cannot be an outcome's id");
  }
  auto entries = ParseRosterCsv(ctx.request.body);
  if (!entries.ok()) return entries.error();
  LRS_RETURN_IF_ERROR(s.roster.Replace(ctx.store_id, entries.value()));
  json::Document out;
  out.SetObject();
  out.AddMember("learners", static_cast<uint64_t>(entries.value().size()), out.GetAllocator());
  return JsonAnswer(200, out);
}

Result<HttpResponse> GetRoster(const Services& s, const RequestContext& ctx) {
  LRS_RETURN_IF_ERROR(RejectUnknown(ctx.params, {"team", "manager"}));
  auto filter = ctx.TeamView();
  if (!filter.ok()) return filter.error();
  auto listing = s.roster.List(ctx.store_id, filter.value());
  if (!listing.ok()) return listing.error();
  json::Document out;
  out.SetObject();
  auto& a = out.GetAllocator();
  if (listing.value().team) out.AddMember("team", TeamJson(*listing.value().team, a), a);
  // The teams of the listing, with their sizes and managers, then its rows.
  json::Value teams(rapidjson::kArrayType);
  json::Value rows(rapidjson::kArrayType);
  const std::vector<RosterEntry>& entries = listing.value().entries;
  for (size_t i = 0; i < entries.size();) {
    size_t end = i;
    std::vector<std::string> managers;
    while (end < entries.size() && entries[end].team == entries[i].team) {
      const std::string& m = entries[end].manager;
      if (!m.empty() && std::find(managers.begin(), managers.end(), m) == managers.end()) {
        managers.push_back(m);
      }
      ++end;
    }
    std::sort(managers.begin(), managers.end());
    json::Value team(rapidjson::kObjectType);
    team.AddMember("name", json::Copy(entries[i].team, a), a);
    team.AddMember("size", static_cast<uint64_t>(end - i), a);
    json::Value list(rapidjson::kArrayType);
    for (const std::string& m : managers)
      list.PushBack(json::Copy(m, a), a);
    team.AddMember("managers", std::move(list), a);
    teams.PushBack(std::move(team), a);
    i = end;
  }
  for (const RosterEntry& e : entries) {
    json::Value row(rapidjson::kObjectType);
    row.AddMember("agent", lrs::xapi::IdentifierOfKey(e.agent, a), a);
    row.AddMember("team", json::Copy(e.team, a), a);
    row.AddMember("manager",
                  e.manager.empty() ? json::Value(rapidjson::kNullType) : json::Copy(e.manager, a),
                  a);
    row.AddMember("segment",
                  e.segment.empty() ? json::Value(rapidjson::kNullType) : json::Copy(e.segment, a),
                  a);
    rows.PushBack(std::move(row), a);
  }
  out.AddMember("teams", std::move(teams), a);
  out.AddMember("roster", std::move(rows), a);
  return JsonAnswer(200, out);
}

}  // namespace outcomes
