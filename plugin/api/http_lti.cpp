// LTI 1.3 under /outcomes/lti (plugin/api/lti_service.h): the public endpoints an LMS calls
// (login initiation, launch, the tool's JWKS) and the platform registrations of a store.
#include <rapidjson/document.h>

#include <cstdlib>

#include "lrs/core/strings.h"
#include "plugin/api/http_handlers.h"

namespace outcomes {

using lrs::Error;

namespace {

std::string HtmlEscaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// The parameters of a GET's query or, for a POST, of its form body (and the query).
Result<Params> FormParams(const RequestContext& ctx) {
  Params params = ctx.params;
  if (ctx.request.method != "POST") return params;
  auto type = ctx.request.headers.Get("Content-Type");
  if (!type || lrs::http::MediaType(*type) != "application/x-www-form-urlencoded") {
    return Error::BadRequest("send the form as application/x-www-form-urlencoded");
  }
  auto form = lrs::http::ParseParams(ctx.request.body);
  if (!form.ok()) return form.error();
  for (auto& [name, value] : form.value()) {
    if (params.count(name)) return Error::BadRequest("parameter \"" + name + "\" given twice");
    params.emplace(name, value);
  }
  return params;
}

std::string Param(const Params& params, std::string_view name) {
  auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

HttpResponse Page(int status, const std::string& title, const std::string& body,
                  const std::vector<std::string>& frame_ancestors) {
  HttpResponse response;
  response.status = status;
  std::string ancestors = "'self'";
  for (const std::string& origin : frame_ancestors)
    ancestors += " " + origin;
  response.headers.Set("Content-Type", "text/html; charset=utf-8");
  response.headers.Set("Cache-Control", "no-store");
  response.headers.Set("Referrer-Policy", "no-referrer");
  response.headers.Set("X-Content-Type-Options", "nosniff");
  response.headers.Set("Content-Security-Policy",
                       "default-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; "
                       "form-action 'none'; object-src 'none'; frame-ancestors " +
                           ancestors);
  response.body = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
                  HtmlEscaped(title) +
                  "</title><style>html,body{margin:0;height:100%;font-family:sans-serif}"
                  "iframe{border:0;width:100%;height:100%;display:block}"
                  "p,h1{margin:1rem}</style></head><body>\n" +
                  body + "\n</body></html>\n";
  return response;
}

json::Value PlatformJson(const LtiPlatformRow& p, json::Allocator& a) {
  json::Value out(rapidjson::kObjectType);
  out.AddMember("id", p.id, a);
  out.AddMember("issuer", json::Copy(p.issuer, a), a);
  out.AddMember("client_id", json::Copy(p.client_id, a), a);
  out.AddMember("auth_url", json::Copy(p.auth_url, a), a);
  out.AddMember("token_url", json::Copy(p.token_url, a), a);
  out.AddMember("jwks_url", json::Copy(p.jwks_url, a), a);
  json::Value deployments(rapidjson::kArrayType);
  for (const std::string& d : p.deployments)
    deployments.PushBack(json::Copy(d, a), a);
  out.AddMember("deployments", std::move(deployments), a);
  out.AddMember("created", json::Copy(p.created, a), a);
  return out;
}

}  // namespace

Result<HttpResponse> GetLtiJwks(const Services& s, const RequestContext& ctx) {
  LRS_RETURN_IF_ERROR(RejectUnknown(ctx.params, {}));
  auto jwks = s.lti.Jwks();
  if (!jwks.ok()) return jwks.error();
  HttpResponse response;
  response.headers.Set("Content-Type", "application/json");
  // Platforms cache it; a rotation keeps the previous key published, so a short cache is safe.
  response.headers.Set("Cache-Control", "public, max-age=300");
  response.body = std::move(jwks).value();
  return response;
}

Result<HttpResponse> LtiLogin(const Services& s, const RequestContext& ctx) {
  auto params = FormParams(ctx);
  if (!params.ok()) return params.error();
  auto location = s.lti.Login(params.value());
  if (!location.ok()) return location.error();
  HttpResponse response;
  response.status = 302;
  response.headers.Set("Location", location.value());
  response.headers.Set("Cache-Control", "no-store");
  return response;
}

Result<HttpResponse> LtiLaunch(const Services& s, const RequestContext& ctx) {
  auto params = FormParams(ctx);
  if (!params.ok()) return params.error();
  auto result = s.lti.Launch(Param(params.value(), "id_token"), Param(params.value(), "state"));
  if (!result.ok()) return result.error();
  const LtiLaunchResult& r = result.value();
  const std::string who = r.launch.name.empty() ? r.launch.subject : r.launch.name;
  if (r.view == lti::View::kNone) {
    std::string roles;
    for (const std::string& role : r.launch.roles)
      roles += (roles.empty() ? "" : ", ") + role;
    return Error::Forbidden("roles: none of this user's roles (" +
                            (roles.empty() ? std::string("none sent") : roles) +
                            ") may see outcome dashboards; an administrator, instructor, "
                            "mentor, manager or learner role is needed");
  }
  if (r.view == lti::View::kLearner) {
    return Page(200, "Your progress",
                "<main data-view=\"learner\"><h1>Your progress</h1><p>The learner's own view of "
                "their progress on the outcomes is not available yet. Only administrators and "
                "instructors see outcome dashboards for now.</p></main>",
                r.frame_ancestors);
  }
  const IssuedLink& link = *r.link;
  std::string outcomes;
  for (const std::string& id : link.grant.outcomes)
    outcomes += (outcomes.empty() ? "" : ",") + id;
  const std::string src = "/outcomes/ui/?token=" + link.token;
  std::string body = "<main data-view=\"" + std::string(lti::ViewName(r.view)) +
                     "\" data-outcomes=\"" + HtmlEscaped(outcomes) + "\" data-team=\"" +
                     HtmlEscaped(link.grant.team.value_or("")) + "\" data-user=\"" +
                     HtmlEscaped(who) +
                     "\" style=\"height:100%\"><iframe title=\"Outcome "
                     "dashboard\" src=\"" +
                     HtmlEscaped(src) + "\"></iframe></main>";
  return Page(200, "Outcome dashboard", body, r.frame_ancestors);
}

Result<HttpResponse> ListLtiPlatforms(const Services& s, const RequestContext& ctx) {
  LRS_RETURN_IF_ERROR(RejectUnknown(ctx.params, {}));
  auto rows = s.lti.ListPlatforms(ctx.store_id);
  if (!rows.ok()) return rows.error();
  json::Document out;
  out.SetObject();
  auto& a = out.GetAllocator();
  json::Value list(rapidjson::kArrayType);
  for (const LtiPlatformRow& p : rows.value())
    list.PushBack(PlatformJson(p, a), a);
  out.AddMember("platforms", std::move(list), a);
  return JsonAnswer(200, out);
}

Result<HttpResponse> AddLtiPlatform(const Services& s, const RequestContext& ctx) {
  LRS_RETURN_IF_ERROR(RejectUnknown(ctx.params, {}));
  auto type = ctx.request.headers.Get("Content-Type");
  if (!type || lrs::http::MediaType(*type) != "application/json") {
    return Error::BadRequest(
        "send the platform as application/json: {\"issuer\", \"client_id\", \"auth_url\", "
        "\"token_url\", \"jwks_url\", \"deployments\": [ID, ...]}");
  }
  json::Document body;
  LRS_RETURN_IF_ERROR(json::Parse(ctx.request.body, &body));
  if (!body.IsObject()) return Error::BadRequest("the body must be a JSON object");
  LtiPlatformRow row;
  for (const auto& m : body.GetObject()) {
    const std::string_view name = json::View(m.name);
    std::string* field = name == "issuer"      ? &row.issuer
                         : name == "client_id" ? &row.client_id
                         : name == "auth_url"  ? &row.auth_url
                         : name == "token_url" ? &row.token_url
                         : name == "jwks_url"  ? &row.jwks_url
                                               : nullptr;
    if (field != nullptr && m.value.IsString()) {
      *field = std::string(json::View(m.value));
    } else if (name == "deployments" && m.value.IsArray()) {
      for (const json::Value& d : m.value.GetArray()) {
        if (!d.IsString()) return Error::BadRequest("deployments: must be an array of strings");
        row.deployments.emplace_back(json::View(d));
      }
    } else {
      return Error::BadRequest("unknown or mistyped member \"" + std::string(name) +
                               "\" (expected issuer, client_id, auth_url, token_url, jwks_url: "
                               "strings; deployments: an array of strings)");
    }
  }
  auto added = s.lti.AddPlatform(ctx.store_id, std::move(row));
  if (!added.ok()) return added.error();
  json::Document out;  // owns the allocator of the answer
  const json::Value platform = PlatformJson(added.value(), out.GetAllocator());
  return JsonAnswer(201, platform);
}

Result<HttpResponse> RemoveLtiPlatform(const Services& s, const RequestContext& ctx) {
  LRS_RETURN_IF_ERROR(RejectUnknown(ctx.params, {}));
  char* end = nullptr;
  const long long id = std::strtoll(ctx.outcome_id.c_str(), &end, 10);
  if (ctx.outcome_id.empty() || *end != '\0' || id <= 0) {
    return Error::NotFound("no LTI platform \"" + ctx.outcome_id + "\" in this store");
  }
  LRS_RETURN_IF_ERROR(s.lti.RemovePlatform(ctx.store_id, id));
  HttpResponse response;
  response.status = 204;
  return response;
}

}  // namespace outcomes
