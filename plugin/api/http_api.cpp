#include "plugin/api/http_api.h"

#include <rapidjson/document.h>

#include "lrs/core/crypto.h"
#include "lrs/core/strings.h"
#include "lrs/core/time.h"
#include "lrs/core/uuid.h"
#include "lrs/xapi/agent.h"
#include "lrs/xapi/iri.h"
#include "lrs/xapi/validator.h"
#include "plugin/api/web_assets.h"
#include "plugin/export/rows.h"
#include "plugin/model/days.h"

namespace outcomes {

namespace {

using lrs::Error;
using lrs::http::HttpRequest;
using lrs::http::HttpResponse;
using lrs::http::Params;

constexpr std::string_view kPrefix = "/outcomes";

bool CanRead(const lrs::ext::Caller& c) {
  return c.HasScope("outcomes/read") || c.HasScope("outcomes/write") || c.HasScope("all/read") ||
         c.HasScope("all");
}
bool CanWrite(const lrs::ext::Caller& c) {
  return c.HasScope("outcomes/write") || c.HasScope("all");
}

// The parts of a path under /outcomes: {} for /outcomes, {id}, or {id, "statements"} etc.
std::vector<std::string> Segments(std::string_view path) {
  std::vector<std::string> out;
  std::string_view rest = path.substr(kPrefix.size());
  for (std::string_view s : lrs::Split(rest, '/')) {
    if (!s.empty()) out.emplace_back(s);
  }
  return out;
}

json::Value View(const OutcomeView& v, json::Allocator& a) {
  json::Value out(rapidjson::kObjectType);
  out.AddMember("id", json::Copy(v.row.outcome_id, a), a);
  json::Document declaration;
  if (json::Parse(v.row.document, &declaration).ok()) {
    if (const json::Value* name = json::Find(declaration, "name")) {
      out.AddMember("name", json::Value(*name, a), a);
    }
    out.AddMember("declaration", json::Value(declaration, a), a);
  }
  if (auto outcome = ParseStoredOutcome(v.row.document); outcome.ok()) {
    out.AddMember("headline",
                  Headline(outcome.value(), v.learners, v.completers, v.kpi,
                           DayOfMicros(lrs::NowMicros()), a, v.audience_size),
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

HttpResponse Json(int status, const json::Value& value) {
  return lrs::http::JsonResponse(status, json::Write(value));
}

Status RejectUnknown(const Params& params, std::initializer_list<std::string_view> known) {
  for (const auto& [name, value] : params) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      return Error::BadRequest("unknown parameter \"" + name + "\"");
    }
  }
  return Status();
}

Result<bool> Flag(const Params& params, std::string_view name) {
  auto it = params.find(name);
  if (it == params.end()) return false;
  if (it->second == "true") return true;
  if (it->second == "false") return false;
  return Error::BadRequest(std::string(name) + ": must be true or false");
}

// The continuation token of a listing: the query and where it stopped (nothing on the server).
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
  return q;
}

// A day from parameter `name` ("YYYY-MM-DD"), if given.
Result<std::optional<int64_t>> DateParam(const Params& params, std::string_view name) {
  auto it = params.find(name);
  if (it == params.end()) return std::optional<int64_t>();
  auto day = DayOfDate(it->second);
  if (!day) {
    return Error::BadRequest(std::string(name) + ": \"" + it->second +
                             "\" is not a date (YYYY-MM-DD)");
  }
  return std::optional<int64_t>(*day);
}

// team= and manager= of a team view (at most one of them, not empty).
Result<TeamFilter> TeamParams(const Params& params) {
  TeamFilter filter;
  for (auto [name, field] :
       {std::make_pair("team", &filter.team), std::make_pair("manager", &filter.manager)}) {
    auto it = params.find(name);
    if (it == params.end()) continue;
    if (it->second.empty()) return Error::BadRequest(std::string(name) + ": must not be empty");
    *field = it->second;
  }
  if (filter.team && filter.manager) {
    return Error::BadRequest("team and manager cannot be combined: give one");
  }
  return filter;
}

// "&team=T" or "&manager=M" for links that keep a team view.
std::string TeamSuffix(const std::optional<std::string>& team,
                       const std::optional<std::string>& manager) {
  if (team) return "&team=" + lrs::PercentEncode(*team);
  if (manager) return "&manager=" + lrs::PercentEncode(*manager);
  return "";
}

Result<TaggedQuery> ParseQuery(const Params& params) {
  LRS_RETURN_IF_ERROR(RejectUnknown(
      params,
      {"limit", "ascending", "since", "until", "from", "to", "agent", "related_agents", "verb",
       "activity", "related_activities", "registration", "more", "team", "manager"}));
  if (auto more = params.find("more"); more != params.end()) {
    if (params.size() != 1) {
      return Error::BadRequest("\"more\" cannot be combined with other parameters");
    }
    return DecodeToken(more->second);
  }
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

// Observations from a request body: JSON (one observation or an array) or CSV (text/csv).
Result<std::vector<KpiObservation>> ObservationsOf(const HttpRequest& request) {
  auto type = request.headers.Get("Content-Type");
  const std::string media = type ? lrs::http::MediaType(*type) : "";
  if (media == "text/csv") return ParseKpiCsv(request.body);
  if (media != "application/json") {
    return Error::BadRequest(
        "observations are sent as application/json (one or an array) or "
        "text/csv");
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

// from, to and bucket of a dashboard or learner listing.
Result<DashboardQuery> DashboardQueryOf(const Params& params) {
  DashboardQuery query;
  auto from = DateParam(params, "from");
  if (!from.ok()) return from.error();
  query.from_day = from.value();
  auto to = DateParam(params, "to");
  if (!to.ok()) return to.error();
  query.to_day = to.value();
  if (auto it = params.find("bucket"); it != params.end()) {
    auto bucket = ParseBucket(it->second);
    if (!bucket) return Error::BadRequest("bucket: must be day, week or month");
    query.bucket = *bucket;
  }
  auto team = TeamParams(params);
  if (!team.ok()) return team.error();
  query.team = std::move(team.value().team);
  query.manager = std::move(team.value().manager);
  return query;
}

json::Value Timestamp(std::optional<int64_t> micros, json::Allocator& a) {
  if (!micros) return json::Value(rapidjson::kNullType);
  return json::Copy(lrs::FormatMillisUtc(*micros), a);
}

json::Value LearnerJson(const LearnerLine& line, json::Allocator& a) {
  const LearnerRollup& l = line.rollup;
  json::Value v(rapidjson::kObjectType);
  v.AddMember("agent", lrs::xapi::IdentifierOfKey(l.agent, a), a);
  v.AddMember("first_statement", Timestamp(l.first_us, a), a);
  v.AddMember("first_completion", Timestamp(l.completed_us, a), a);
  if (l.completed_us) {
    v.AddMember("days_to_proficiency",
                static_cast<double>(*l.completed_us - l.first_us) / kMicrosPerDay, a);
  } else {
    v.AddMember("days_to_proficiency", json::Value(rapidjson::kNullType), a);
  }
  v.AddMember("tagged_statements_in_range", line.in_range.statements, a);
  json::Value score(rapidjson::kObjectType);
  if (auto mean = MeanScore(line.in_range.scaled_micros, line.in_range.scored)) {
    score.AddMember("value", *mean, a);
  } else {
    score.AddMember("value", json::Value(rapidjson::kNullType), a);
  }
  score.AddMember("n", line.in_range.scored, a);
  v.AddMember("mean_scaled_score_in_range", std::move(score), a);
  v.AddMember("active_in_range", line.active_in_range, a);
  v.AddMember("completed_in_range", line.completed_in_range, a);
  v.AddMember("completed_by_end", line.completed_by_end, a);
  json::Value kpi(rapidjson::kObjectType);
  if (line.kpi_mean) {
    kpi.AddMember("mean", *line.kpi_mean, a);
  } else {
    kpi.AddMember("mean", json::Value(rapidjson::kNullType), a);
  }
  kpi.AddMember("n", line.kpi_n, a);
  v.AddMember("kpi_in_range", std::move(kpi), a);
  return v;
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

std::string HttpApi::Allow(std::string_view path) const {
  if (IsWebAssetPath(path)) return std::string(kWebAssetAllow);
  const std::vector<std::string> segments = Segments(path);
  if (segments.empty()) return "GET, HEAD";
  if (segments.size() == 1 && segments[0] == "embed") return "POST";
  if (segments.size() == 1 && segments[0] == kRosterPath) return "GET, HEAD, PUT";
  if (segments.size() == 1) return "GET, HEAD, PUT, DELETE";
  if (segments.size() == 2 &&
      (segments[1] == "statements" || segments[1] == "dashboard" || segments[1] == "learners")) {
    return "GET, HEAD";
  }
  if (segments.size() == 2 && segments[1] == "kpi") return "GET, HEAD, POST";
  if (segments.size() == 3 && segments[1] == "export" &&
      (segments[2] == "statements" || segments[2] == "series")) {
    return "GET, HEAD";
  }
  return "";
}

bool HttpApi::AuthenticatesItself(const HttpRequest& request) const {
  if (IsWebAssetPath(request.path)) return true;
  auto authorization = request.headers.Get("Authorization");
  return authorization && lrs::StartsWith(*authorization, "Bearer ");
}

Result<HttpResponse> HttpApi::Handle(const HttpRequest& request, const lrs::ext::Caller& caller) {
  // The web dashboard's files hold no data: anyone may load them (the page then calls the API
  // with a dashboard link's token or the browser's credentials).
  if (IsWebAssetPath(request.path)) return ServeWebAsset(request);
  if (!caller.authenticated) return HandleLink(request);
  return Serve(request, caller, nullptr);
}

Result<HttpResponse> HttpApi::Serve(const HttpRequest& request, const lrs::ext::Caller& caller,
                                    const EmbedGrant* grant) {
  const std::vector<std::string> segments = Segments(request.path);
  const std::string allow = Allow(request.path);
  if (allow.empty()) return Error::NotFound("no resource at " + request.path);
  const bool read = request.method == "GET" || request.method == "HEAD";
  const std::string method = read ? "GET" : request.method;
  if (allow.find(method) == std::string::npos) {
    return Error(lrs::ErrorCode::kMethodNotAllowed, request.method + " is not allowed on " +
                                                        request.path + " (allowed: " + allow + ")");
  }
  if (read ? !CanRead(caller) : !CanWrite(caller)) {
    return Error::Forbidden(std::string("this credential needs the scope ") +
                            (read ? "outcomes/read" : "outcomes/write") + " (or all)");
  }
  auto params = lrs::http::ParseParams(request.query);
  if (!params.ok()) return params.error();

  if (segments.size() == 1 && segments[0] == kRosterPath) return Roster(request, caller);
  if (segments.empty()) {
    LRS_RETURN_IF_ERROR(RejectUnknown(params.value(), {"statementId", "team", "manager"}));
    json::Document out;
    out.SetObject();
    auto& a = out.GetAllocator();
    if (auto it = params.value().find("statementId"); it != params.value().end()) {
      if (!lrs::uuid::IsValid(it->second)) {
        return Error::BadRequest("statementId: not a UUID in standard string form");
      }
      auto tagged = service_.OutcomesOf(caller.store_id, it->second);
      if (!tagged.ok()) return tagged.error();
      json::Value list(rapidjson::kArrayType);
      for (const auto& [outcome, rule] : tagged.value()) {
        json::Value entry(rapidjson::kObjectType);
        entry.AddMember("id", json::Copy(outcome, a), a);
        entry.AddMember("rule", json::Copy(rule, a), a);
        list.PushBack(std::move(entry), a);
      }
      out.AddMember("statementId", json::Copy(lrs::AsciiLower(it->second), a), a);
      out.AddMember("outcomes", std::move(list), a);
      return Json(200, out);
    }
    auto team = TeamParams(params.value());
    if (!team.ok()) return team.error();
    auto listing = service_.List(caller.store_id, {team.value().team, team.value().manager});
    if (!listing.ok()) return listing.error();
    if (listing.value().team) out.AddMember("team", TeamJson(*listing.value().team, a), a);
    json::Value list(rapidjson::kArrayType);
    for (const OutcomeView& v : listing.value().outcomes) {
      if (grant == nullptr || grant->AllowsOutcome(v.row.outcome_id)) list.PushBack(View(v, a), a);
    }
    out.AddMember("outcomes", std::move(list), a);
    return Json(200, out);
  }

  const std::string& id = segments[0];
  if (segments.size() == 3) return Export(request, caller, id, segments[2]);
  if (segments.size() == 2) {
    if (segments[1] == "kpi") return Kpi(request, caller, id);
    if (segments[1] == "dashboard") return Dashboard(request, caller, id);
    if (segments[1] == "learners") return Learners(request, caller, id);
    return Statements(request, caller, id);
  }
  if (id == "embed") return IssueLink(request, caller);
  LRS_RETURN_IF_ERROR(RejectUnknown(params.value(), {}));
  if (method == "GET") {
    auto view = service_.Get(caller.store_id, id);
    if (!view.ok()) return view.error();
    if (!view.value()) return Error::NotFound("no outcome \"" + id + "\"");
    json::Document out;
    return Json(200, View(*view.value(), out.GetAllocator()));
  }
  if (method == "DELETE") {
    auto deleted = service_.Delete(caller.store_id, id);
    if (!deleted.ok()) return deleted.error();
    if (!deleted.value()) return Error::NotFound("no outcome \"" + id + "\"");
    HttpResponse response;
    response.status = 204;
    return response;
  }
  // PUT
  auto type = request.headers.Get("Content-Type");
  if (!type || lrs::http::MediaType(*type) != "application/json") {
    return Error::BadRequest("a declaration is sent as application/json");
  }
  json::Document declaration;
  LRS_RETURN_IF_ERROR(json::Parse(request.body, &declaration));
  auto put = service_.Put(caller.store_id, declaration, id);
  if (!put.ok()) return put.error();
  json::Document out;
  return Json(put.value().created ? 201 : 200, View(put.value().outcome, out.GetAllocator()));
}

Result<HttpResponse> HttpApi::Statements(const HttpRequest& request, const lrs::ext::Caller& caller,
                                         const std::string& id) {
  auto params = lrs::http::ParseParams(request.query);
  if (!params.ok()) return params.error();
  auto query = ParseQuery(params.value());
  if (!query.ok()) return query.error();
  auto page = service_.Statements(caller.store_id, id, query.value());
  if (!page.ok()) return page.error();
  std::string body = "{\"statements\":[";
  for (size_t i = 0; i < page.value().statements.size(); ++i) {
    if (i > 0) body.push_back(',');
    body += page.value().statements[i];
  }
  body += "],\"more\":\"";
  if (page.value().next_after_seq) {
    body += request.path + "?more=" + EncodeToken(query.value(), *page.value().next_after_seq);
  }
  body += "\"}";
  return lrs::http::JsonResponse(200, std::move(body));
}

Result<HttpResponse> HttpApi::Kpi(const HttpRequest& request, const lrs::ext::Caller& caller,
                                  const std::string& id) {
  auto params = lrs::http::ParseParams(request.query);
  if (!params.ok()) return params.error();
  if (request.method == "POST") {
    LRS_RETURN_IF_ERROR(RejectUnknown(params.value(), {}));
    auto observations = ObservationsOf(request);
    if (!observations.ok()) return observations.error();
    LRS_RETURN_IF_ERROR(dashboards_.RecordKpi(caller.store_id, id, observations.value()));
    json::Document out;
    out.SetObject();
    out.AddMember("outcome", json::Copy(id, out.GetAllocator()), out.GetAllocator());
    out.AddMember("recorded", static_cast<uint64_t>(observations.value().size()),
                  out.GetAllocator());
    return Json(200, out);
  }
  LRS_RETURN_IF_ERROR(RejectUnknown(params.value(), {"from", "to", "team", "manager"}));
  auto from = DateParam(params.value(), "from");
  if (!from.ok()) return from.error();
  auto to = DateParam(params.value(), "to");
  if (!to.ok()) return to.error();
  auto team = TeamParams(params.value());
  if (!team.ok()) return team.error();
  KpiQuery query;
  query.from_day = from.value().value_or(INT64_MIN);
  query.to_day = to.value().value_or(INT64_MAX);
  query.team = team.value().team;
  query.manager = team.value().manager;
  auto kpi = dashboards_.Kpi(caller.store_id, id, query);
  if (!kpi.ok()) return kpi.error();
  json::Document out;
  out.SetObject();
  auto& a = out.GetAllocator();
  json::Value list(rapidjson::kArrayType);
  for (const KpiObservation& o : kpi.value().observations)
    list.PushBack(ObservationJson(o, a), a);
  out.AddMember("outcome", json::Copy(id, a), a);
  if (kpi.value().team) out.AddMember("team", TeamJson(*kpi.value().team, a), a);
  out.AddMember("observations", std::move(list), a);
  return Json(200, out);
}

Result<json::Document> HttpApi::ReadDashboard(const Params& params, const lrs::ext::Caller& caller,
                                              const std::string& id, DashboardQuery* query) {
  LRS_RETURN_IF_ERROR(RejectUnknown(params, {"from", "to", "bucket", "team", "manager"}));
  auto parsed = DashboardQueryOf(params);
  if (!parsed.ok()) return parsed.error();
  *query = std::move(parsed).value();
  return dashboards_.Dashboard(caller.store_id, id, *query, DayOfMicros(lrs::NowMicros()));
}

Result<HttpResponse> HttpApi::Dashboard(const HttpRequest& request, const lrs::ext::Caller& caller,
                                        const std::string& id) {
  auto params = lrs::http::ParseParams(request.query);
  if (!params.ok()) return params.error();
  DashboardQuery query;
  auto dashboard = ReadDashboard(params.value(), caller, id, &query);
  if (!dashboard.ok()) return dashboard.error();
  // Where each figure comes from: the tagged statements, the learners and the observations of
  // the same range.
  json::Document& d = dashboard.value();
  auto& a = d.GetAllocator();
  const std::string range = "?from=" + std::string(json::View(d["range"]["from"])) +
                            "&to=" + std::string(json::View(d["range"]["to"])) +
                            TeamSuffix(query.team, query.manager);
  const std::string base = std::string(kPrefix) + "/" + id;
  json::Value trace(rapidjson::kObjectType);
  trace.AddMember("statements", json::Copy(base + "/statements" + range, a), a);
  trace.AddMember("learners", json::Copy(base + "/learners" + range, a), a);
  trace.AddMember("kpi", json::Copy(base + "/kpi" + range, a), a);
  d.AddMember("trace", std::move(trace), a);
  return Json(200, d);
}

Result<HttpResponse> HttpApi::Learners(const HttpRequest& request, const lrs::ext::Caller& caller,
                                       const std::string& id) {
  auto params = lrs::http::ParseParams(request.query);
  if (!params.ok()) return params.error();
  LRS_RETURN_IF_ERROR(
      RejectUnknown(params.value(), {"from", "to", "after", "limit", "team", "manager"}));
  auto query = DashboardQueryOf(params.value());
  if (!query.ok()) return query.error();
  int64_t after = -1;
  int64_t limit = 1000;
  if (auto it = params.value().find("after"); it != params.value().end()) {
    auto n = lrs::ParseUnsigned(it->second);
    if (!n || *n > static_cast<uint64_t>(INT64_MAX)) {
      return Error::BadRequest("after: must be a non-negative integer");
    }
    after = static_cast<int64_t>(*n);
  }
  if (auto it = params.value().find("limit"); it != params.value().end()) {
    auto n = lrs::ParseUnsigned(it->second);
    if (!n || *n == 0 || *n > static_cast<uint64_t>(DashboardService::kMaxLearnersPerPage)) {
      return Error::BadRequest("limit: must be an integer from 1 to " +
                               std::to_string(DashboardService::kMaxLearnersPerPage));
    }
    limit = static_cast<int64_t>(*n);
  }
  auto page = dashboards_.Learners(caller.store_id, id, query.value(),
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
  out.AddMember("outcome", json::Copy(id, a), a);
  out.AddMember("range", std::move(range), a);
  if (page.value().team) out.AddMember("team", TeamJson(*page.value().team, a), a);
  json::Value list(rapidjson::kArrayType);
  for (const LearnerLine& line : page.value().learners)
    list.PushBack(LearnerJson(line, a), a);
  out.AddMember("learners", std::move(list), a);
  std::string more;
  if (page.value().next_after) {
    more = std::string(kPrefix) + "/" + id + "/learners?from=" + from + "&to=" + to +
           "&limit=" + std::to_string(limit) +
           "&after=" + std::to_string(*page.value().next_after) +
           TeamSuffix(query.value().team, query.value().manager);
  }
  out.AddMember("more", json::Copy(more, a), a);
  return Json(200, out);
}

Result<HttpResponse> HttpApi::Roster(const HttpRequest& request, const lrs::ext::Caller& caller) {
  auto params = lrs::http::ParseParams(request.query);
  if (!params.ok()) return params.error();
  if (request.method == "PUT") {
    LRS_RETURN_IF_ERROR(RejectUnknown(params.value(), {}));
    auto type = request.headers.Get("Content-Type");
    if (!type || lrs::http::MediaType(*type) != "text/csv") {
      return Error::BadRequest(
          "a roster is sent as text/csv (see docs/OUTCOMES.md, Teams); \"roster\" is reserved "
          "and cannot be an outcome's id");
    }
    auto entries = ParseRosterCsv(request.body);
    if (!entries.ok()) return entries.error();
    LRS_RETURN_IF_ERROR(roster_.Replace(caller.store_id, entries.value()));
    json::Document out;
    out.SetObject();
    out.AddMember("learners", static_cast<uint64_t>(entries.value().size()), out.GetAllocator());
    return Json(200, out);
  }
  LRS_RETURN_IF_ERROR(RejectUnknown(params.value(), {"team", "manager"}));
  auto filter = TeamParams(params.value());
  if (!filter.ok()) return filter.error();
  auto listing = roster_.List(caller.store_id, filter.value());
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
  return Json(200, out);
}

Result<HttpResponse> HttpApi::Export(const HttpRequest& request, const lrs::ext::Caller& caller,
                                     const std::string& id, const std::string& what) {
  auto params = lrs::http::ParseParams(request.query);
  if (!params.ok()) return params.error();
  auto given_format = params.value().find("format");
  auto format = ParseExportFormat(given_format == params.value().end() ? std::string_view()
                                                                       : given_format->second);
  if (!format.ok()) return format.error();
  params.value().erase("format");
  HttpResponse response;
  response.headers.Set("Content-Type", ExportContentType(format.value()));
  response.headers.Set("Content-Disposition",
                       "attachment; filename=\"" + id + "-" + what +
                           (format.value() == ExportFormat::kCsv ? ".csv\"" : ".ndjson\""));

  if (what == "series") {
    DashboardQuery query;
    auto dashboard = ReadDashboard(params.value(), caller, id, &query);
    if (!dashboard.ok()) return dashboard.error();
    AppendHeader(format.value(), SeriesColumns(), &response.body);
    for (const auto& row : SeriesRows(dashboard.value()))
      AppendRow(format.value(), SeriesColumns(), row, &response.body);
    return response;
  }

  // Tagged statements, streamed a page at a time: memory stays that of one page however many
  // statements the export holds.
  for (const char* name : {"limit", "more"}) {
    if (params.value().count(name) > 0) {
      return Error::BadRequest(std::string(name) + ": an export always holds every statement");
    }
  }
  auto query = ParseQuery(params.value());
  if (!query.ok()) return query.error();
  query.value().limit = 1000;
  // Oldest first unless asked otherwise: the order BI tools load history in.
  if (params.value().count("ascending") == 0) query.value().ascending = true;
  // The first page is read here, so that an unknown outcome or a bad filter is an error status
  // rather than a broken download.
  auto first = service_.Statements(caller.store_id, id, query.value());
  if (!first.ok()) return first.error();
  auto roster = roster_.List(caller.store_id, TeamFilter{});
  if (!roster.ok()) return roster.error();

  struct State {
    int64_t store_id;
    std::string id;
    TaggedQuery query;
    ExportFormat format;
    std::unordered_map<std::string, std::string> team_of;  // AgentKey -> team
    std::optional<TaggedPage> next;  // the page to write next; empty when done
    bool header = false;
  };
  auto state = std::make_shared<State>();
  state->store_id = caller.store_id;
  state->id = id;
  state->query = query.value();
  state->format = format.value();
  for (RosterEntry& e : roster.value().entries)
    state->team_of.emplace(std::move(e.agent), std::move(e.team));
  state->next = std::move(first).value();

  response.stream = [this, state](std::string& out) -> Result<bool> {
    if (!state->header) {
      AppendHeader(state->format, StatementColumns(), &out);
      state->header = true;
    }
    if (!state->next) return false;
    TaggedPage page = std::move(*state->next);
    state->next.reset();
    auto outcome_ids = service_.OutcomeIdsOf(state->store_id, page.seqs);
    if (!outcome_ids.ok()) return outcome_ids.error();
    const std::vector<std::string> none;
    for (size_t i = 0; i < page.statements.size(); ++i) {
      json::Document statement;
      LRS_RETURN_IF_ERROR(json::Parse(page.statements[i], &statement));
      std::optional<std::string> team;
      if (const json::Value* actor = json::Find(statement, "actor")) {
        if (auto key = lrs::xapi::AgentKey(*actor)) {
          auto it = state->team_of.find(*key);
          if (it != state->team_of.end()) team = it->second;
        }
      }
      auto ids = outcome_ids.value().find(page.seqs[i]);
      AppendRow(
          state->format, StatementColumns(),
          StatementRow(statement, ids == outcome_ids.value().end() ? none : ids->second, team),
          &out);
    }
    if (!page.next_after_seq) return false;
    state->query.after_seq = page.next_after_seq;
    auto more = service_.Statements(state->store_id, state->id, state->query);
    if (!more.ok()) return more.error();
    state->next = std::move(more).value();
    return true;
  };
  return response;
}

}  // namespace outcomes
