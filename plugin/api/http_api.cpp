#include "plugin/api/http_api.h"

#include <vector>

#include "lrs/core/strings.h"
#include "plugin/api/http_handlers.h"
#include "plugin/api/web_assets.h"

namespace outcomes {

namespace {

using lrs::Error;

// What a credential needs for a route: outcomes/read (or outcomes/write, all/read, all) to read,
// outcomes/write (or all) to write.
// kNobody: public, the handler checks what it is sent (the LTI endpoints an LMS calls).
enum class Need { kRead, kWrite, kNobody };

// What a dashboard link may do on a route. A link never writes.
enum class ForLinks {
  kRefused,       // nothing: the route is not part of any dashboard
  kOwnOutcomes,   // read; the handler shows only the outcomes the link names
  kNamedOutcome,  // read, when the route's {id} is one of the outcomes the link names
};

struct RouteSpec {
  // Under /outcomes, segments separated by '/'; "{id}" stands for an outcome id. A literal
  // segment is preferred to {id} (the ids "embed", "roster", "ui", "lti" are reserved).
  std::string_view path;
  std::string_view method;  // GET routes answer HEAD too
  Need need;
  ForLinks links;
  Handler handler;
};

// Every route of the API, and who may use it. Team views (team=, manager=) are the handlers'
// parameters; a team or manager link's view is forced on them by RequestContext::Within.
constexpr RouteSpec kRoutes[] = {
    {"", "GET", Need::kRead, ForLinks::kOwnOutcomes, ListOutcomes},
    {"embed", "POST", Need::kWrite, ForLinks::kRefused, IssueLink},
    {"lti/jwks", "GET", Need::kNobody, ForLinks::kRefused, GetLtiJwks},
    {"lti/login", "GET", Need::kNobody, ForLinks::kRefused, LtiLogin},
    {"lti/login", "POST", Need::kNobody, ForLinks::kRefused, LtiLogin},
    {"lti/launch", "POST", Need::kNobody, ForLinks::kRefused, LtiLaunch},
    {"lti/deep-link", "POST", Need::kNobody, ForLinks::kRefused, LtiDeepLink},
    {"lti/platforms", "GET", Need::kWrite, ForLinks::kRefused, ListLtiPlatforms},
    {"lti/platforms", "POST", Need::kWrite, ForLinks::kRefused, AddLtiPlatform},
    {"lti/platforms/{id}", "DELETE", Need::kWrite, ForLinks::kRefused, RemoveLtiPlatform},
    {"lti/platforms/{id}/roster-sync", "POST", Need::kWrite, ForLinks::kRefused, SyncLtiRoster},
    {"roster", "GET", Need::kRead, ForLinks::kRefused, GetRoster},
    {"roster", "PUT", Need::kWrite, ForLinks::kRefused, PutRoster},
    {"{id}", "GET", Need::kRead, ForLinks::kNamedOutcome, GetOutcome},
    {"{id}", "PUT", Need::kWrite, ForLinks::kRefused, PutOutcome},
    {"{id}", "DELETE", Need::kWrite, ForLinks::kRefused, DeleteOutcome},
    {"{id}/statements", "GET", Need::kRead, ForLinks::kNamedOutcome, ListTagged},
    {"{id}/kpi", "GET", Need::kRead, ForLinks::kNamedOutcome, GetKpi},
    {"{id}/kpi", "POST", Need::kWrite, ForLinks::kRefused, PostKpi},
    {"{id}/dashboard", "GET", Need::kRead, ForLinks::kNamedOutcome, GetDashboard},
    {"{id}/learners", "GET", Need::kRead, ForLinks::kNamedOutcome, GetLearners},
    {"{id}/export/statements", "GET", Need::kRead, ForLinks::kNamedOutcome, ExportStatements},
    {"{id}/export/series", "GET", Need::kRead, ForLinks::kNamedOutcome, ExportSeries},
    {"{id}/impact", "GET", Need::kRead, ForLinks::kNamedOutcome, GetImpact},
    {"{id}/export/impact", "GET", Need::kRead, ForLinks::kNamedOutcome, ExportImpact},
};

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  for (std::string_view s : lrs::Split(path, '/')) {
    if (!s.empty()) out.push_back(s);
  }
  return out;
}

// Whether `segments` (of a request's path under /outcomes) match route path `pattern`; sets
// `*id` to the segment {id} matched.
bool Matches(std::string_view pattern, const std::vector<std::string_view>& segments,
             std::string_view* id) {
  const std::vector<std::string_view> parts = Segments(pattern);
  if (parts.size() != segments.size()) return false;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (parts[i] == "{id}") {
      *id = segments[i];
    } else if (parts[i] != segments[i]) {
      return false;
    }
  }
  return true;
}

// The routes of the path `path` (all of one pattern, literal segments first), and its {id}.
std::vector<const RouteSpec*> RoutesOf(std::string_view path, std::string* id) {
  std::vector<const RouteSpec*> out;
  if (!lrs::StartsWith(path, kApiPrefix)) return out;
  const std::string_view rest = path.substr(kApiPrefix.size());
  if (!rest.empty() && rest.front() != '/') return out;  // "/outcomesX"
  const std::vector<std::string_view> segments = Segments(rest);
  std::string_view pattern;
  std::string_view matched_id;
  for (const RouteSpec& route : kRoutes) {
    std::string_view route_id;
    if (out.empty() ? !Matches(route.path, segments, &route_id) : route.path != pattern) continue;
    if (out.empty()) {
      pattern = route.path;
      matched_id = route_id;
    }
    out.push_back(&route);
  }
  *id = std::string(matched_id);
  return out;
}

bool CanRead(const lrs::ext::Caller& c) {
  return c.HasScope("outcomes/read") || c.HasScope("outcomes/write") || c.HasScope("all/read") ||
         c.HasScope("all");
}

bool CanWrite(const lrs::ext::Caller& c) {
  return c.HasScope("outcomes/write") || c.HasScope("all");
}

std::string Joined(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids)
    out += (out.empty() ? "\"" : ", \"") + id + "\"";
  return out;
}

// Whether the caller (a credential, or else a link) may use `route` on outcome `id`: the one
// place that decides access; kForbidden saying why not.
Status Authorize(const RouteSpec& route, const std::string& path, const std::string& id,
                 const lrs::ext::Caller* caller, const EmbedGrant* grant) {
  if (route.need == Need::kNobody) return Status();
  if (caller == nullptr && grant == nullptr) {
    return Error::Unauthorized("this request needs credentials or a dashboard link");
  }
  if (caller != nullptr) {
    if (route.need == Need::kRead ? CanRead(*caller) : CanWrite(*caller)) return Status();
    return Error::Forbidden(std::string("this credential needs the scope ") +
                            (route.need == Need::kRead ? "outcomes/read" : "outcomes/write") +
                            " (or all)");
  }
  if (route.need == Need::kWrite) return Error::Forbidden("a dashboard link can only read");
  switch (route.links) {
    case ForLinks::kRefused:
      return Error::Forbidden("a dashboard link cannot read " + path);
    case ForLinks::kOwnOutcomes:
      return Status();
    case ForLinks::kNamedOutcome:
      if (grant->AllowsOutcome(id)) return Status();
      return Error::Forbidden("this dashboard link is for the outcome" +
                              std::string(grant->outcomes.size() > 1 ? "s " : " ") +
                              Joined(grant->outcomes) + ", not \"" + id + "\"");
  }
  return Error::Forbidden("a dashboard link cannot read " + path);
}

}  // namespace

std::string HttpApi::Allow(std::string_view path) const {
  if (IsWebAssetPath(path)) return std::string(kWebAssetAllow);
  std::string id;
  std::string allow;
  for (const RouteSpec* route : RoutesOf(path, &id)) {
    if (!allow.empty()) allow += ", ";
    allow += route->method;
    if (route->method == "GET") allow += ", HEAD";
  }
  return allow;
}

namespace {

// Whether `request` is for a public route (Need::kNobody) of its path and method.
bool IsPublicRoute(const HttpRequest& request) {
  std::string id;
  const std::string method = request.method == "HEAD" ? "GET" : request.method;
  for (const RouteSpec* route : RoutesOf(request.path, &id)) {
    if (route->method == method && route->need == Need::kNobody) return true;
  }
  return false;
}

}  // namespace

bool HttpApi::AuthenticatesItself(const HttpRequest& request) const {
  if (IsWebAssetPath(request.path) || IsPublicRoute(request)) return true;
  auto authorization = request.headers.Get("Authorization");
  return authorization && lrs::StartsWith(*authorization, "Bearer ");
}

Result<HttpResponse> HttpApi::Handle(const HttpRequest& request, const lrs::ext::Caller& caller) {
  // The web dashboard's files hold no data: anyone may load them (the page then calls the API
  // with a dashboard link's token or the browser's credentials).
  if (IsWebAssetPath(request.path)) return ServeWebAsset(request);
  if (caller.authenticated) return Route(request, &caller, nullptr);
  if (IsPublicRoute(request)) return Route(request, nullptr, nullptr);
  const std::string_view authorization = request.headers.Get("Authorization").value_or("");
  if (!lrs::StartsWith(authorization, "Bearer ")) {
    return Error::Unauthorized("this request needs credentials or a dashboard link");
  }
  auto grant = services_.embeds.Verify(lrs::Trim(authorization.substr(7)));
  if (!grant.ok()) return grant.error();
  return Route(request, nullptr, &grant.value());
}

Result<HttpResponse> HttpApi::Route(const HttpRequest& request, const lrs::ext::Caller* caller,
                                    const EmbedGrant* grant) {
  std::string id;
  const std::vector<const RouteSpec*> routes = RoutesOf(request.path, &id);
  if (routes.empty()) return Error::NotFound("no resource at " + request.path);
  const std::string method = request.method == "HEAD" ? "GET" : request.method;
  const RouteSpec* route = nullptr;
  for (const RouteSpec* r : routes) {
    if (r->method == method) route = r;
  }
  if (route == nullptr) {
    return Error(lrs::ErrorCode::kMethodNotAllowed, request.method + " is not allowed on " +
                                                        request.path +
                                                        " (allowed: " + Allow(request.path) + ")");
  }
  LRS_RETURN_IF_ERROR(Authorize(*route, request.path, id, caller, grant));
  auto params = lrs::http::ParseParams(request.query);
  if (!params.ok()) return params.error();
  const RequestContext ctx{request, std::move(params).value(),
                           caller != nullptr  ? caller->store_id
                           : grant != nullptr ? grant->store_id
                                              : 0,
                           std::move(id), grant};
  return route->handler(services_, ctx);
}

}  // namespace outcomes
