// GET /outcomes/{id}/statements: the statements an outcome tags, with the filters of the xAPI
// statement query, paged by a "more" token that carries the whole query (no server state).
#include <algorithm>

#include <rapidjson/document.h>

#include "lrs/core/crypto.h"
#include "lrs/core/strings.h"
#include "lrs/core/time.h"
#include "lrs/core/uuid.h"
#include "lrs/xapi/agent.h"
#include "lrs/xapi/iri.h"
#include "lrs/xapi/validator.h"
#include "plugin/api/http_handlers.h"
#include "plugin/model/days.h"

namespace outcomes {

namespace {

using lrs::Error;

// The continuation token of a listing: the query and where it stopped.
std::string EncodeToken(const TaggedQuery& q, int64_t after_seq) {
  json::Document d;
  d.SetObject();
  auto& a = d.GetAllocator();
  d.AddMember("after", after_seq, a);
  d.AddMember("limit", static_cast<uint64_t>(q.limit), a);
  d.AddMember("ascending", q.ascending, a);
  d.AddMember("since", q.window.since_us, a);
  d.AddMember("until", q.window.until_us, a);
  d.AddMember("from", q.window.from_us, a);
  d.AddMember("to", q.window.to_us, a);
  d.AddMember("related_agents", q.related_agents, a);
  d.AddMember("related_activities", q.related_activities, a);
  auto put = [&](const char* name, const std::optional<std::string>& v) {
    if (v) d.AddMember(rapidjson::StringRef(name), json::Copy(*v, a), a);
  };
  put("agent", q.agent);
  put("verb", q.verb);
  put("activity", q.activity);
  put("registration", q.registration);
  put("team", q.team);
  put("manager", q.manager);
  return lrs::crypto::Base64UrlEncode(json::Write(d));
}

Result<TaggedQuery> DecodeToken(std::string_view token) {
  const Error invalid = Error::BadRequest("the \"more\" token is not one this LRS issued");
  auto text = lrs::crypto::Base64UrlDecode(token);
  if (!text) return invalid;
  json::Document d;
  if (!json::Parse(*text, &d).ok() || !d.IsObject()) return invalid;
  TaggedQuery q;
  const json::Value* after = json::Find(d, "after");
  const json::Value* limit = json::Find(d, "limit");
  const json::Value* ascending = json::Find(d, "ascending");
  const json::Value* since = json::Find(d, "since");
  const json::Value* until = json::Find(d, "until");
  const json::Value* from = json::Find(d, "from");
  const json::Value* to = json::Find(d, "to");
  const json::Value* ra = json::Find(d, "related_agents");
  const json::Value* rc = json::Find(d, "related_activities");
  if (!after || !after->IsInt64() || !limit || !limit->IsUint64() || limit->GetUint64() == 0 ||
      !ascending || !ascending->IsBool() || !since || !since->IsInt64() || !until ||
      !until->IsInt64() || !from || !from->IsInt64() || !to || !to->IsInt64() || !ra ||
      !ra->IsBool() || !rc || !rc->IsBool()) {
    return invalid;
  }
  q.after_seq = after->GetInt64();
  q.limit = static_cast<size_t>(std::min<uint64_t>(limit->GetUint64(), 500));
  q.ascending = ascending->GetBool();
  q.window.since_us = since->GetInt64();
  q.window.until_us = until->GetInt64();
  q.window.from_us = from->GetInt64();
  q.window.to_us = to->GetInt64();
  q.related_agents = ra->GetBool();
  q.related_activities = rc->GetBool();
  for (auto [name, field] :
       {std::make_pair("agent", &q.agent), std::make_pair("verb", &q.verb),
        std::make_pair("activity", &q.activity), std::make_pair("registration", &q.registration),
        std::make_pair("team", &q.team), std::make_pair("manager", &q.manager)}) {
    if (const json::Value* v = json::Find(d, name)) {
      if (!v->IsString()) return invalid;
      *field = std::string(json::View(*v));
    }
  }
  if (q.team && q.manager) return invalid;
  return q;
}

// The query of a first page, from its parameters.
Result<TaggedQuery> ParseQuery(const Params& params) {
  TaggedQuery q;
  if (auto it = params.find("limit"); it != params.end()) {
    auto n = lrs::ParseUnsigned(it->second);
    if (!n) return Error::BadRequest("limit: must be a non-negative integer");
    q.limit = (*n == 0 || *n > 500) ? 500 : static_cast<size_t>(*n);
  }
  for (auto [name, field] : {std::make_pair("ascending", &q.ascending),
                             std::make_pair("related_agents", &q.related_agents),
                             std::make_pair("related_activities", &q.related_activities)}) {
    auto flag = Flag(params, name);
    if (!flag.ok()) return flag.error();
    *field = flag.value();
  }
  for (auto [name, field] :
       {std::make_pair("since", &q.window.since_us), std::make_pair("until", &q.window.until_us)}) {
    auto it = params.find(name);
    if (it == params.end()) continue;
    auto ts = lrs::ParseTimestamp(it->second);
    if (!ts) return Error::BadRequest(std::string(name) + ": not an ISO 8601 timestamp");
    *field = lrs::ToMicros(ts->instant);
  }
  if (auto it = params.find("agent"); it != params.end()) {
    json::Document agent;
    Status parsed = json::Parse(it->second, &agent);
    if (!parsed.ok()) return Error::BadRequest("agent: " + parsed.error().message());
    LRS_RETURN_IF_ERROR(lrs::xapi::ValidateAgentParameter(agent, "agent"));
    q.agent = *lrs::xapi::AgentKey(agent);
  }
  for (auto [name, field] :
       {std::make_pair("verb", &q.verb), std::make_pair("activity", &q.activity)}) {
    auto it = params.find(name);
    if (it == params.end()) continue;
    if (!lrs::xapi::IsAbsoluteIri(it->second)) {
      return Error::BadRequest(std::string(name) + ": not an absolute IRI");
    }
    *field = it->second;
  }
  // from and to: statement timestamps (UTC days), as the dashboard's buckets count them.
  auto from = DateParam(params, "from");
  if (!from.ok()) return from.error();
  if (from.value()) q.window.from_us = *from.value() * kMicrosPerDay;
  auto to = DateParam(params, "to");
  if (!to.ok()) return to.error();
  if (to.value()) q.window.to_us = (*to.value() + 1) * kMicrosPerDay;
  if (auto it = params.find("registration"); it != params.end()) {
    if (!lrs::uuid::IsValid(it->second)) return Error::BadRequest("registration: not a UUID");
    q.registration = lrs::AsciiLower(it->second);
  }
  auto team = TeamParams(params);
  if (!team.ok()) return team.error();
  q.team = std::move(team.value().team);
  q.manager = std::move(team.value().manager);
  return q;
}

}  // namespace

Result<TaggedQuery> TaggedQueryOf(const RequestContext& ctx, const Params& params) {
  LRS_RETURN_IF_ERROR(RejectUnknown(
      params,
      {"limit", "ascending", "since", "until", "from", "to", "agent", "related_agents", "verb",
       "activity", "related_activities", "registration", "more", "team", "manager"}));
  Result<TaggedQuery> query = Error::Internal("unset");
  if (auto more = params.find("more"); more != params.end()) {
    if (params.size() != 1) {
      return Error::BadRequest("\"more\" cannot be combined with other parameters");
    }
    query = DecodeToken(more->second);
  } else {
    query = ParseQuery(params);
  }
  if (!query.ok()) return query.error();
  // The view a link forces applies to the pages a token continues as to the first page.
  auto team = ctx.Within({query.value().team, query.value().manager});
  if (!team.ok()) return team.error();
  query.value().team = std::move(team.value().team);
  query.value().manager = std::move(team.value().manager);
  return query;
}

Result<HttpResponse> ListTagged(const Services& s, const RequestContext& ctx) {
  auto query = TaggedQueryOf(ctx, ctx.params);
  if (!query.ok()) return query.error();
  auto page = s.outcomes.Statements(ctx.store_id, ctx.outcome_id, query.value());
  if (!page.ok()) return page.error();
  std::string body = "{\"statements\":[";
  for (size_t i = 0; i < page.value().statements.size(); ++i) {
    if (i > 0) body.push_back(',');
    body += page.value().statements[i];
  }
  body += "],\"more\":\"";
  if (page.value().next_after_seq) {
    body += ctx.request.path + "?more=" + EncodeToken(query.value(), *page.value().next_after_seq);
  }
  body += "\"}";
  return lrs::http::JsonResponse(200, std::move(body));
}

}  // namespace outcomes
