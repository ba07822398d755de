// The dashboard-link part of the HTTP API (see http_api.h): issuing links, and answering the
// requests that carry one.
#include <rapidjson/document.h>

#include "lrs/core/strings.h"
#include "lrs/core/time.h"
#include "plugin/api/http_api.h"

namespace outcomes {

namespace {

using lrs::Error;
using lrs::http::HttpRequest;
using lrs::http::HttpResponse;

// What a link may read under /outcomes/{id}.
constexpr std::string_view kLinkViews[] = {"dashboard", "learners", "kpi", "statements", "export"};

std::string Joined(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids)
    out += (out.empty() ? "\"" : ", \"") + id + "\"";
  return out;
}

}  // namespace

Result<HttpResponse> HttpApi::HandleLink(const HttpRequest& request) {
  const std::string_view authorization = request.headers.Get("Authorization").value_or("");
  if (!lrs::StartsWith(authorization, "Bearer ")) {
    return Error::Unauthorized("this request needs credentials or a dashboard link");
  }
  auto grant = embeds_.Verify(lrs::Trim(authorization.substr(7)));
  if (!grant.ok()) return grant.error();
  const EmbedGrant& g = grant.value();

  if (request.method != "GET" && request.method != "HEAD") {
    return Error::Forbidden("a dashboard link can only read");
  }
  std::vector<std::string> segments;
  for (std::string_view s : lrs::Split(std::string_view(request.path).substr(9), '/')) {
    if (!s.empty()) segments.emplace_back(s);
  }
  if (!segments.empty()) {
    if (!g.AllowsOutcome(segments[0])) {
      return Error::Forbidden("this dashboard link is for the outcome" +
                              std::string(g.outcomes.size() > 1 ? "s " : " ") + Joined(g.outcomes) +
                              ", not \"" + segments[0] + "\"");
    }
    bool view = segments.size() == 1;
    for (std::string_view v : kLinkViews)
      view = view || (segments.size() >= 2 && segments[1] == v);
    if (!view) return Error::Forbidden("a dashboard link cannot read " + request.path);
  }

  auto params = lrs::http::ParseParams(request.query);
  if (!params.ok()) return params.error();
  // A team or manager link forces its filter; asking for another is refused, not ignored. An
  // outcome's declaration (/outcomes/{id}) has no team view: it is read as it is.
  const bool has_team_view = segments.size() != 1;
  const std::pair<const char*, const std::optional<std::string>*> forced_filters[] = {
      {"team", &g.team}, {"manager", &g.manager}};
  for (const auto& [name, forced] : forced_filters) {
    if (!*forced) continue;
    for (const char* param : {"team", "manager"}) {
      auto given = params.value().find(param);
      if (given != params.value().end() &&
          (param != std::string(name) || given->second != **forced)) {
        return Error::Forbidden("this dashboard link is for " + std::string(name) + " \"" +
                                **forced + "\" only");
      }
    }
    if (has_team_view) {
      params.value()[name] = **forced;
    } else {
      params.value().erase(name);
    }
  }
  HttpRequest scoped = request;
  scoped.query = lrs::http::EncodeParams(params.value());
  lrs::ext::Caller reader;
  reader.authenticated = true;
  reader.store_id = g.store_id;
  reader.scopes = {"outcomes/read"};
  return Serve(scoped, reader, &g);
}

Result<HttpResponse> HttpApi::IssueLink(const HttpRequest& request,
                                        const lrs::ext::Caller& caller) {
  auto type = request.headers.Get("Content-Type");
  if (!type || lrs::http::MediaType(*type) != "application/json") {
    return Error::BadRequest(
        "send the link's request as application/json: {\"outcomes\": [ID, ...], \"team\": T, "
        "\"ttl\": \"1h\", \"base\": URL}");
  }
  json::Document body;
  LRS_RETURN_IF_ERROR(json::Parse(request.body, &body));
  if (!body.IsObject()) return Error::BadRequest("the body must be a JSON object");
  std::vector<std::string> outcome_ids;
  TeamFilter filter;
  std::string ttl = "1h";
  std::string base;
  if (auto host = request.headers.Get("Host")) base = "http://" + std::string(*host);
  for (const auto& m : body.GetObject()) {
    const std::string_view name = json::View(m.name);
    if (name == "outcomes" && m.value.IsArray()) {
      for (const json::Value& id : m.value.GetArray()) {
        if (!id.IsString()) return Error::BadRequest("outcomes: must be an array of outcome ids");
        outcome_ids.emplace_back(json::View(id));
      }
    } else if (name == "outcome" && m.value.IsString()) {
      outcome_ids.emplace_back(json::View(m.value));
    } else if (name == "team" && m.value.IsString()) {
      filter.team = std::string(json::View(m.value));
    } else if (name == "manager" && m.value.IsString()) {
      filter.manager = std::string(json::View(m.value));
    } else if (name == "ttl" && m.value.IsString()) {
      ttl = std::string(json::View(m.value));
    } else if (name == "base" && m.value.IsString()) {
      base = std::string(json::View(m.value));
    } else {
      return Error::BadRequest("unknown or mistyped member \"" + std::string(name) +
                               "\" (expected outcomes, outcome, team, manager, ttl, base: strings, "
                               "outcomes an array)");
    }
  }
  auto ttl_s = ParseTtl(ttl);
  if (!ttl_s.ok()) return ttl_s.error();
  auto link = embeds_.Issue(caller.store_id, outcome_ids, filter, ttl_s.value(), base);
  if (!link.ok()) return link.error();

  json::Document out;
  out.SetObject();
  auto& a = out.GetAllocator();
  out.AddMember("url", json::Copy(link.value().url, a), a);
  out.AddMember("token", json::Copy(link.value().token, a), a);
  out.AddMember("expires",
                json::Copy(lrs::FormatMillisUtc(link.value().grant.expires_s * 1'000'000), a), a);
  json::Value ids(rapidjson::kArrayType);
  for (const std::string& id : link.value().grant.outcomes)
    ids.PushBack(json::Copy(id, a), a);
  out.AddMember("outcomes", std::move(ids), a);
  if (filter.team) out.AddMember("team", json::Copy(*filter.team, a), a);
  if (filter.manager) out.AddMember("manager", json::Copy(*filter.manager, a), a);
  return lrs::http::JsonResponse(201, json::Write(out));
}

}  // namespace outcomes
